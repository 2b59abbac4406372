import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, outboxMessages, users } from "#db/schema";
import type { Db } from "~/db.server";
import { linkifyText } from "~/domain/email/labels";
import { getOutboxAttachment, getOutboxMessage, listOutbox, OUTBOX_PAGE_SIZE, retryMessage } from "~/domain/email/outbox-admin.server";
import { enqueueEmail } from "~/domain/email/outbox.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { seededTestDb, type TestDb } from "../support/db";

let t: TestDb;
let admin: { id: string; role: "admin" };
let staff: { id: string; role: "staff" };
beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  admin = { id: t.db.select().from(users).where(eq(users.email, "admin@rullarut.example")).get()!.id, role: "admin" };
  staff = { id: t.db.select().from(users).where(eq(users.email, "personal@rullarut.example")).get()!.id, role: "staff" };
});
afterEach(() => t.cleanup());

function enqueue(db: Db, n: number, start = Date.parse("2026-11-01T10:00:00Z")): string[] {
  return db.transaction((tx) =>
    Array.from({ length: n }, (_, i) =>
      enqueueEmail(
        tx,
        {
          kind: "invitation",
          to: `kontakt${i}@forening.example`,
          subject: `Inbjudan ${i}`,
          text: `Svara här: https://rullarut.example/svar/${i}.`,
          attachments: [{ filename: "besök.ics", contentType: "text/calendar", content: Buffer.from("BEGIN:VCALENDAR").toString("base64") }],
        },
        new Date(start + i * 1000),
      ),
    ),
  );
}

describe("the Utkorg verbs", () => {
  it("list the outbox newest first, 50 to a page, and filter by status", () => {
    const ids = enqueue(t.db, OUTBOX_PAGE_SIZE + 3);
    // created_at defaults to the insert time; spread it so the order is certain.
    ids.forEach((id, i) =>
      t.db
        .update(outboxMessages)
        .set({ createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, i)) })
        .where(eq(outboxMessages.id, id))
        .run(),
    );
    t.db.update(outboxMessages).set({ status: "failed" }).where(eq(outboxMessages.id, ids[0]!)).run();

    const first = listOutbox(t.db, admin, { page: 1 });
    expect(first.total).toBe(OUTBOX_PAGE_SIZE + 3);
    expect(first.pageCount).toBe(2);
    expect(first.items).toHaveLength(OUTBOX_PAGE_SIZE);
    expect(first.items[0]!.id).toBe(ids.at(-1));
    expect(listOutbox(t.db, admin, { page: 2 }).items.map((m) => m.id)).toEqual([ids[2], ids[1], ids[0]]);

    const failed = listOutbox(t.db, admin, { page: 1, status: "failed" });
    expect(failed.items.map((m) => m.id)).toEqual([ids[0]]);
  });

  it("are for admins only", () => {
    const [id] = enqueue(t.db, 1);
    expect(() => listOutbox(t.db, staff, { page: 1 })).toThrow(Forbidden);
    expect(() => getOutboxMessage(t.db, staff, id!)).toThrow(Forbidden);
    expect(() => getOutboxAttachment(t.db, staff, id!, 0)).toThrow(Forbidden);
    expect(() => retryMessage(t.db, staff, id!)).toThrow(Forbidden);
  });

  it("show a message with its attachments' names and sizes, and serve an attachment's bytes", () => {
    const [id] = enqueue(t.db, 1);
    const message = getOutboxMessage(t.db, admin, id!);
    expect(message.attachments).toEqual([{ index: 0, filename: "besök.ics", contentType: "text/calendar", size: 15 }]);
    expect(getOutboxAttachment(t.db, admin, id!, 0).content.toString("utf8")).toBe("BEGIN:VCALENDAR");
    expect(() => getOutboxAttachment(t.db, admin, id!, 1)).toThrow(NotFound);
    expect(() => getOutboxMessage(t.db, admin, "finns-inte")).toThrow(NotFound);
  });

  it("retry puts a failed or bounced message back in the queue, due now, and records who did it", () => {
    const [failed, bounced, pending] = enqueue(t.db, 3);
    t.db.update(outboxMessages).set({ status: "failed", attempts: 8, lastError: "ECONNREFUSED" }).where(eq(outboxMessages.id, failed!)).run();
    t.db.update(outboxMessages).set({ status: "bounced", attempts: 1 }).where(eq(outboxMessages.id, bounced!)).run();
    const now = new Date("2026-11-21T12:00:00Z");

    retryMessage(t.db, admin, failed!, now);
    retryMessage(t.db, admin, bounced!, now);
    for (const id of [failed!, bounced!]) {
      const row = t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).get()!;
      expect(row).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: now });
    }
    expect(() => retryMessage(t.db, admin, pending!, now)).toThrow(Conflict);
    expect(() => retryMessage(t.db, admin, "finns-inte", now)).toThrow(NotFound);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, "outbox.retry")).all();
    expect(audit.map((a) => a.entityId).sort()).toEqual([failed, bounced].sort());
  });
});

describe("linkifyText", () => {
  it("makes http(s) addresses links and leaves the sentence's full stop outside", () => {
    expect(linkifyText("Svara här: https://rullarut.example/svar/abc. Tack!")).toEqual([
      { type: "text", value: "Svara här: " },
      { type: "link", value: "https://rullarut.example/svar/abc" },
      { type: "text", value: ". Tack!" },
    ]);
  });
  it("never makes a javascript: or other scheme a link", () => {
    expect(linkifyText("javascript:alert(1) ftp://x")).toEqual([{ type: "text", value: "javascript:alert(1) ftp://x" }]);
  });
});
