import { spawnSync } from "node:child_process";
import net from "node:net";
import os from "node:os";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import PostalMime from "postal-mime";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outboxMessages } from "#db/schema";
import { openDatabase, type Db } from "~/db.server";
import { deliverDue, messageIdFor, startMailWorker } from "~/domain/email/mailer.server";
import { enqueueEmail, type OutgoingEmail } from "~/domain/email/outbox.server";
import { createTestDb, type TestDb } from "../support/db";

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts, raw. */
type Receiver = { port: number; raw: string[]; close: () => Promise<void> };

async function startReceiver(
  port = 0,
  options: {
    rejectRcpt?: (address: string) => boolean;
    /** After keeping the n-th message (0-based), drop the connection instead of answering 250. */
    dropAfterData?: (n: number) => boolean;
    /** Answer every DATA with 451 after this many ms; the times of the answers are kept in failedAt. */
    failDataAfterMs?: number;
  } = {},
): Promise<Receiver & { failedAt: number[] }> {
  const raw: string[] = [];
  const failedAt: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (options.rejectRcpt?.(address.address)) {
        const error = new Error("5.1.1 Mailbox unavailable") as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (options.failDataAfterMs !== undefined) {
          setTimeout(() => {
            failedAt.push(Date.now());
            const error = new Error("4.3.0 Try again later") as Error & { responseCode: number };
            error.responseCode = 451;
            callback(error);
          }, options.failDataAfterMs);
          return;
        }
        raw.push(Buffer.concat(chunks).toString("utf8"));
        // The message is in, but the client never hears so: it must send again (ADR 013, at least once).
        if (options.dropAfterData?.(raw.length - 1)) for (const s of sockets) s.destroy();
        else callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  server.server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const address = server.server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    raw,
    failedAt,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (yet). */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function transportTo(port: number) {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 2_000,
    greetingTimeout: 2_000,
    socketTimeout: 5_000,
  });
}

const ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rullar ut//test//SV\r\nEND:VCALENDAR\r\n";

function invitation(n: number, to = `kontakt${n}@forening.example`): OutgoingEmail {
  return {
    kind: "invitation",
    to,
    subject: `Inbjudan ${n}: KC rullar ut`,
    text: `Hej!\n\nSvara här: https://rullarut.example/svar/token-${n}\n\nVänliga hälsningar`,
    attachments: [{ filename: "besok.ics", contentType: "text/calendar", content: Buffer.from(ICS).toString("base64") }],
  };
}

function enqueue(db: Db, emails: OutgoingEmail[], now = new Date()): string[] {
  return db.transaction((tx) => emails.map((e) => enqueueEmail(tx, e, now)));
}

const rowsOf = (db: Db) => db.select().from(outboxMessages).all();
const HOUR = 60 * 60 * 1000;

let t: TestDb;
const cleanups: (() => Promise<void> | void)[] = [];
beforeEach(() => {
  t = createTestDb();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  t.cleanup();
});

async function receiver(port = 0, options?: Parameters<typeof startReceiver>[1]) {
  const r = await startReceiver(port, options);
  cleanups.push(r.close);
  return r;
}

function messageIds(raws: string[]): Promise<string[]> {
  return Promise.all(raws.map(async (r) => (await PostalMime.parse(r)).messageId ?? ""));
}

describe("deliverDue with a real SMTP server", () => {
  it("delivers a queued message with its subject, the reply link in the body, the .ics attachment and a stable Message-ID", async () => {
    const smtp = await receiver();
    const [id] = enqueue(t.db, [invitation(1)]);
    const transport = transportTo(smtp.port);
    cleanups.push(() => transport.close());

    const result = await deliverDue(t.db, transport, { workerId: "w1", from: "Rullar ut <no-reply@rullarut.example>" });

    expect(result).toMatchObject({ sent: 1, failed: 0, retried: 0 });
    expect(smtp.raw).toHaveLength(1);
    const mail = await PostalMime.parse(smtp.raw[0]!);
    expect(mail.subject).toBe("Inbjudan 1: KC rullar ut");
    expect(mail.text).toContain("https://rullarut.example/svar/token-1");
    expect(mail.from?.address).toBe("no-reply@rullarut.example");
    expect(mail.messageId).toBe(messageIdFor(id!));
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toBe("besok.ics");
    expect(mail.attachments[0]!.mimeType).toBe("text/calendar");
    expect(Buffer.from(mail.attachments[0]!.content as ArrayBuffer).toString("utf8")).toContain("BEGIN:VCALENDAR");

    const row = t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id!)).get()!;
    expect(row.status).toBe("sent");
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.messageId).toBe(messageIdFor(id!));
    expect(row.claimedBy).toBeNull();
  });

  it("does not send a message before its next attempt is due", async () => {
    const smtp = await receiver();
    const later = new Date(Date.now() + HOUR);
    enqueue(t.db, [invitation(1)], later);
    const transport = transportTo(smtp.port);
    cleanups.push(() => transport.close());
    expect(await deliverDue(t.db, transport)).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(smtp.raw).toHaveLength(0);
    expect(rowsOf(t.db)[0]!.status).toBe("pending");
  });

  it("with the receiver down, messages are retried and delivered once it is back: none lost, none duplicated", async () => {
    const port = await closedPort();
    const ids = enqueue(
      t.db,
      [1, 2, 3, 4, 5].map((n) => invitation(n)),
    );
    const transport = transportTo(port);
    cleanups.push(() => transport.close());
    const now = new Date();

    const down = await deliverDue(t.db, transport, { now, workerId: "w1" });
    expect(down).toMatchObject({ sent: 0, retried: 5, failed: 0 });
    for (const row of rowsOf(t.db)) {
      expect(row.status).toBe("pending");
      expect(row.attempts).toBe(1);
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
      expect(row.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      expect(row.lastError).not.toContain("@");
    }
    // Not yet due: a second run right away sends nothing.
    expect(await deliverDue(t.db, transport, { now, workerId: "w1" })).toMatchObject({ sent: 0, retried: 0 });

    const smtp = await receiver(port);
    const back = await deliverDue(t.db, transport, { now: new Date(now.getTime() + HOUR), workerId: "w1" });
    expect(back).toMatchObject({ sent: 5, retried: 0, failed: 0 });
    // And again: nothing left to send.
    expect(await deliverDue(t.db, transport, { now: new Date(now.getTime() + 2 * HOUR), workerId: "w1" })).toMatchObject({ sent: 0 });

    const received = await messageIds(smtp.raw);
    expect(received).toHaveLength(5);
    expect(new Set(received)).toEqual(new Set(ids.map(messageIdFor)));
    expect(rowsOf(t.db).map((r) => r.status)).toEqual(Array(5).fill("sent"));
  });

  it("two workers on two connections to the same file deliver each message exactly once", async () => {
    const smtp = await receiver();
    const ids = enqueue(
      t.db,
      Array.from({ length: 12 }, (_, n) => invitation(n)),
    );
    const other = openDatabase(t.file, { migrate: false });
    cleanups.push(() => void other.$client.close());
    const transportA = transportTo(smtp.port);
    const transportB = transportTo(smtp.port);
    cleanups.push(
      () => transportA.close(),
      () => transportB.close(),
    );

    // Each worker keeps claiming small batches until nothing is due, so their claims interleave.
    const drain = async (db: Db, transport: typeof transportA, workerId: string) => {
      let sent = 0;
      for (;;) {
        const r = await deliverDue(db, transport, { workerId, batchSize: 2 });
        sent += r.sent;
        if (r.sent + r.retried + r.failed + r.bounced === 0) return sent;
      }
    };
    const [a, b] = await Promise.all([drain(t.db, transportA, "A"), drain(other, transportB, "B")]);

    expect(a + b).toBe(12);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const received = await messageIds(smtp.raw);
    expect(received).toHaveLength(12);
    expect(new Set(received)).toEqual(new Set(ids.map(messageIdFor)));
  });

  it("a message claimed by a worker that died is taken over once the claim is 5 minutes old", async () => {
    const smtp = await receiver();
    const [id] = enqueue(t.db, [invitation(1)]);
    const now = new Date();
    t.db
      .update(outboxMessages)
      .set({ status: "sending", claimedBy: "dead", claimedAt: new Date(now.getTime() - 60_000) })
      .where(eq(outboxMessages.id, id!))
      .run();
    const transport = transportTo(smtp.port);
    cleanups.push(() => transport.close());

    expect(await deliverDue(t.db, transport, { now, workerId: "w2" })).toMatchObject({ sent: 0 });
    expect(await deliverDue(t.db, transport, { now: new Date(now.getTime() + 5 * 60_000), workerId: "w2" })).toMatchObject({
      sent: 1,
    });
    expect(smtp.raw).toHaveLength(1);
  });

  it("when the SMTP server drops the connection after DATA, the resend carries the same Message-ID", async () => {
    const smtp = await receiver(0, { dropAfterData: (n) => n === 0 });
    const [id] = enqueue(t.db, [invitation(1)]);
    const transport = transportTo(smtp.port);
    cleanups.push(() => transport.close());
    expect(await deliverDue(t.db, transport, { random: () => 0.5 })).toMatchObject({ sent: 0, retried: 1 });
    expect(await deliverDue(t.db, transport, { now: new Date(Date.now() + HOUR) })).toMatchObject({ sent: 1 });
    // Arrived twice (at least once), but as one message: the receiver's client can tell.
    expect(await messageIds(smtp.raw)).toEqual([messageIdFor(id!), messageIdFor(id!)]);
  });

  it("the next attempt counts from when each attempt failed, not from the start of the batch", async () => {
    const smtp = await receiver(0, { failDataAfterMs: 400 });
    enqueue(
      t.db,
      [1, 2, 3].map((n) => invitation(n)),
    );
    const transport = transportTo(smtp.port);
    cleanups.push(() => transport.close());
    expect(await deliverDue(t.db, transport, { random: () => 0.5 })).toMatchObject({ retried: 3 });
    const next = rowsOf(t.db)
      .map((r) => r.nextAttemptAt.getTime())
      .sort((a, b) => a - b);
    expect(smtp.failedAt).toHaveLength(3);
    next.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(smtp.failedAt[i]! + 30_000));
  });

  it("gives up after MAIL_MAX_ATTEMPTS: the message is marked failed", async () => {
    const port = await closedPort();
    enqueue(t.db, [invitation(1)]);
    const transport = transportTo(port);
    cleanups.push(() => transport.close());
    let now = Date.now();
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await deliverDue(t.db, transport, { now: new Date(now), maxAttempts: 3 }));
      now += 2 * HOUR;
    }
    expect(results.map((r) => [r.retried, r.failed])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    const row = rowsOf(t.db)[0]!;
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(3);
    expect(row.lastError).toBeTruthy();
    // A failed message is never picked up again.
    expect(await deliverDue(t.db, transport, { now: new Date(now + 10 * HOUR) })).toMatchObject({ failed: 0, retried: 0 });
  });

  it("a 550 rejection of the recipient bounces the message at once; the other message is still delivered", async () => {
    const smtp = await receiver(0, { rejectRcpt: (a) => a.startsWith("finns-inte") });
    const [bad, good] = enqueue(t.db, [invitation(1, "finns-inte@forening.example"), invitation(2)]);
    const transport = transportTo(smtp.port);
    cleanups.push(() => transport.close());

    expect(await deliverDue(t.db, transport)).toMatchObject({ sent: 1, bounced: 1, retried: 0, failed: 0 });
    const byId = new Map(rowsOf(t.db).map((r) => [r.id, r]));
    expect(byId.get(bad!)!.status).toBe("bounced");
    expect(byId.get(bad!)!.attempts).toBe(1);
    expect(byId.get(bad!)!.lastError).toContain("550");
    expect(byId.get(bad!)!.lastError).not.toContain("finns-inte");
    expect(byId.get(good!)!.status).toBe("sent");
    expect(smtp.raw).toHaveLength(1);
  });
});

describe("startMailWorker", () => {
  it("sends at once on start and stops cleanly", async () => {
    const smtp = await receiver();
    enqueue(t.db, [invitation(1), invitation(2)]);
    const logs: string[] = [];
    const worker = startMailWorker(
      () => t.db,
      { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: "Rullar ut <no-reply@localhost>", MAIL_MAX_ATTEMPTS: 8 },
      { log: (_level, message) => logs.push(message), intervalMs: 50 },
    );
    await expect.poll(() => smtp.raw.length, { timeout: 5_000 }).toBe(2);
    await worker.stop();
    expect(rowsOf(t.db).every((r) => r.status === "sent")).toBe(true);
    // Counts only: no address or subject in the log.
    expect(logs.join("\n")).toContain("2 skickade");
    expect(logs.join("\n")).not.toMatch(/@|Inbjudan/);
  });

  it("at start sends at once a message claimed by a process on this host that is gone (not after 5 minutes)", async () => {
    const smtp = await receiver();
    const [id] = enqueue(t.db, [invitation(1)]);
    // A real pid that has exited: the worker killed with -9 mid-send.
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
    t.db
      .update(outboxMessages)
      .set({ status: "sending", claimedBy: `${os.hostname()}:${deadPid}:0badc0de`, claimedAt: new Date() })
      .where(eq(outboxMessages.id, id!))
      .run();
    const worker = startMailWorker(
      () => t.db,
      { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: "Rullar ut <no-reply@localhost>", MAIL_MAX_ATTEMPTS: 8 },
      { log: () => {}, intervalMs: 50 },
    );
    await expect.poll(() => smtp.raw.length, { timeout: 5_000 }).toBe(1);
    await worker.stop();
    expect(rowsOf(t.db)[0]).toMatchObject({ status: "sent", attempts: 1 });
  });
});
