import { and, asc, eq, inArray, lte, or } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { SendMailOptions } from "nodemailer/lib/mailer";
import { outboxMessages, type OutboxMessage, invitations } from "#db/schema";
import type { Db } from "~/db.server";
import { calendarOf } from "~/domain/email/outbox.server";
import type { Env } from "~/env.server";
import { type Clock, backoffMs, clockOf, isDeadLocalWorker, newWorkerId, startWorkerLoop } from "~/utils/outbox.server";

/**
 * The mail worker: takes due messages out of the outbox and hands them to the SMTP server.
 * See docs/decisions/013-email-outbox.md for why it claims, retries and names messages as it does.
 */

/** A claim older than this belongs to a worker that died mid-send: another may take the message over. */
export const CLAIM_TIMEOUT_MS = 5 * 60 * 1000;
export { BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffMs } from "~/utils/outbox.server";
export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_FROM = "Rullar ut <no-reply@localhost>";
const POLL_INTERVAL_MS = 5_000;

/** What the worker needs of a nodemailer transport (so tests can pass a real one pointed anywhere). */
export type MailTransport = {
  sendMail(mail: SendMailOptions): Promise<{ messageId?: string }>;
};

export type DeliverOptions = {
  /** The clock, read at each attempt (a Date = a frozen clock, for tests). */
  now?: Date | Clock;
  workerId?: string;
  batchSize?: number;
  from?: string;
  maxAttempts?: number;
  /** For tests: a number in [0, 1) used for the backoff jitter. */
  random?: () => number;
};

export type DeliverResult = { sent: number; failed: number; retried: number; bounced: number };

/** The stable Message-ID of an outbox message: a resend after an uncertain failure carries the same one. */
export function messageIdFor(outboxId: string): string {
  return `<${outboxId}@rullarut>`;
}

/** "host:pid:random" (app/utils/outbox.server.ts): a restart can tell the claim's process is gone. */
export const defaultWorkerId = newWorkerId;

/**
 * At start-up: messages claimed by a process on this host that is gone (kill -9, a crash) go back
 * to pending at once instead of waiting CLAIM_TIMEOUT_MS. The SMTP server may have taken the message
 * already: it goes out again with the same Message-ID (at least once, ADR 013). Returns how many.
 */
export function releaseDeadMailClaims(db: Db, now: Date = new Date()): number {
  const claimed = db
    .select({ id: outboxMessages.id, claimedBy: outboxMessages.claimedBy })
    .from(outboxMessages)
    .where(eq(outboxMessages.status, "sending"))
    .all();
  let released = 0;
  for (const row of claimed) {
    if (!isDeadLocalWorker(row.claimedBy)) continue;
    released += db
      .update(outboxMessages)
      .set({ status: "pending", nextAttemptAt: now, claimedBy: null, claimedAt: null })
      .where(and(eq(outboxMessages.id, row.id), eq(outboxMessages.status, "sending"), eq(outboxMessages.claimedBy, row.claimedBy!)))
      .run().changes;
  }
  return released;
}

/**
 * Claims up to batchSize due messages for this worker in one UPDATE … RETURNING: one statement,
 * so two workers (two server processes on the same file) can never claim the same message.
 * Due = pending and next_attempt_at reached, or "sending" with a claim older than CLAIM_TIMEOUT_MS.
 */
export function claimDueMessages(db: Db, workerId: string, now: Date, batchSize = 1): OutboxMessage[] {
  const staleBefore = new Date(now.getTime() - CLAIM_TIMEOUT_MS);
  const due = or(
    and(eq(outboxMessages.status, "pending"), lte(outboxMessages.nextAttemptAt, now)),
    and(eq(outboxMessages.status, "sending"), lte(outboxMessages.claimedAt, staleBefore)),
  );
  const ids = db.select({ id: outboxMessages.id }).from(outboxMessages).where(due).orderBy(asc(outboxMessages.nextAttemptAt)).limit(batchSize);
  // The `due` condition is repeated on the UPDATE itself, so a row another worker claimed is skipped.
  return db
    .update(outboxMessages)
    .set({ status: "sending", claimedBy: workerId, claimedAt: now })
    .where(and(inArray(outboxMessages.id, ids), due))
    .returning()
    .all();
}

type SmtpError = Error & { code?: string; responseCode?: number; command?: string; response?: string };

/** A permanent rejection of the recipient (5xx on RCPT TO): retrying will not help. */
function isBounce(error: SmtpError): boolean {
  const code = error.responseCode ?? 0;
  return code >= 500 && code < 600 && (error.code === "EENVELOPE" || /RCPT/i.test(error.command ?? ""));
}

/** The SMTP error text without anything that looks like an address; kept short. */
export function describeError(error: unknown): string {
  const e = error as SmtpError;
  const parts = [e?.code, e?.responseCode ? String(e.responseCode) : null, e?.response ?? e?.message ?? String(error)];
  return parts
    .filter(Boolean)
    .join(" ")
    .replace(/[^\s<>"'@]+@[^\s<>"']+/g, "[adress]")
    .slice(0, 500);
}

/**
 * Sends every due message once, claiming them one at a time (a worker killed mid-send strands one
 * message, not a batch), at most batchSize per run. Returns counts only. Never throws for a failed
 * send: the message goes back to the outbox with a later next_attempt_at, counted from when the
 * attempt failed, or to failed/bounced.
 */
export async function deliverDue(db: Db, transport: MailTransport, options: DeliverOptions = {}): Promise<DeliverResult> {
  const clock = clockOf(options.now);
  const workerId = options.workerId ?? defaultWorkerId();
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? 20;
  const result: DeliverResult = { sent: 0, failed: 0, retried: 0, bounced: 0 };
  const mine = and(eq(outboxMessages.status, "sending"), eq(outboxMessages.claimedBy, workerId));

  for (let n = 0; n < batchSize; n++) {
    const [message] = claimDueMessages(db, workerId, clock(), 1);
    if (!message) break;
    const where = and(eq(outboxMessages.id, message.id), mine);
    const calendar = calendarOf(message);
    try {
      const info = await transport.sendMail({
        from: options.from ?? DEFAULT_FROM,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody ?? undefined,
        messageId: messageIdFor(message.id),
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
          encoding: "base64",
        })),
        // iMIP (RFC 6047): a text/calendar part with the method, which makes it a meeting request in
        // Outlook and other clients, and the same file as an attachment (nodemailer's icalEvent).
        ...(calendar ? { icalEvent: calendar } : {}),
      });
      db.update(outboxMessages)
        .set({
          status: "sent",
          sentAt: clock(),
          messageId: info.messageId ?? messageIdFor(message.id),
          attempts: message.attempts + 1,
          claimedBy: null,
          claimedAt: null,
          lastError: null,
        })
        .where(where)
        .run();
      result.sent++;
    } catch (error) {
      const attempts = message.attempts + 1;
      const lastError = describeError(error);
      if (isBounce(error as SmtpError)) {
        db.transaction((tx) => {
          tx.update(outboxMessages).set({ status: "bounced", attempts, lastError, claimedBy: null, claimedAt: null }).where(where).run();
          // The status board shows "studsade" for an invitation whose e-mail the server refused.
          if (message.relatedType === "invitation" && message.relatedId) {
            tx.update(invitations)
              .set({ status: "bounced" })
              .where(and(eq(invitations.id, message.relatedId), inArray(invitations.status, ["sent", "opened"])))
              .run();
          }
        });
        result.bounced++;
      } else if (attempts >= maxAttempts) {
        db.update(outboxMessages).set({ status: "failed", attempts, lastError, claimedBy: null, claimedAt: null }).where(where).run();
        result.failed++;
      } else {
        db.update(outboxMessages)
          .set({
            status: "pending",
            attempts,
            lastError,
            nextAttemptAt: new Date(clock().getTime() + backoffMs(attempts, random)),
            claimedBy: null,
            claimedAt: null,
          })
          .where(where)
          .run();
        result.retried++;
      }
    }
  }
  return result;
}

type Log = (level: "info" | "warn" | "error", message: string) => void;

export type MailWorker = { stop: () => Promise<void>; runNow: () => Promise<void> };

/**
 * Runs deliverDue at once and then every few seconds, one run at a time, until stopped.
 * Logs counts only, never addresses or subjects.
 */
export function startMailWorker(
  getDbFn: () => Db,
  env: Pick<Env, "SMTP_URL" | "MAIL_FROM" | "MAIL_MAX_ATTEMPTS">,
  options: { log?: Log; intervalMs?: number; transport?: MailTransport & { close?: () => void } } = {},
): MailWorker {
  const log: Log = options.log ?? ((level, message) => console[level === "info" ? "log" : level](message));
  if (!options.transport && !env.SMTP_URL) throw new Error("startMailWorker: SMTP_URL is not set");
  const transport = options.transport ?? nodemailer.createTransport(env.SMTP_URL!);
  const workerId = defaultWorkerId();
  const loop = startWorkerLoop({
    intervalMs: options.intervalMs ?? POLL_INTERVAL_MS,
    start: () => {
      const released = releaseDeadMailClaims(getDbFn());
      if (released) log("warn", `E-post: ${released} påbörjade utskick från en process som inte längre finns skickas igen`);
    },
    onStartError: (error) => log("error", `E-post: utskicket avbröts: ${error instanceof Error ? error.message : String(error)}`),
    round: async () => {
      try {
        const r = await deliverDue(getDbFn(), transport, { workerId, from: env.MAIL_FROM, maxAttempts: env.MAIL_MAX_ATTEMPTS });
        if (r.sent || r.retried || r.failed || r.bounced) {
          log(
            r.failed || r.bounced ? "warn" : "info",
            `E-post: ${r.sent} skickade, ${r.retried} försöks igen senare, ${r.failed} misslyckades, ${r.bounced} studsade`,
          );
        }
      } catch (error) {
        // A database error (e.g. busy): try again at the next tick. The error text names no recipient.
        log("error", `E-post: utskicket avbröts: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  });
  return {
    runNow: loop.runNow,
    async stop() {
      await loop.stop();
      (transport as { close?: () => void }).close?.();
    },
  };
}

// The admin's "send again" lives with the other Utkorg verbs; re-exported here for callers of the worker.
export { retryMessage } from "./outbox-admin.server";
