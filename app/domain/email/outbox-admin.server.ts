import { and, count, desc, eq, inArray } from "drizzle-orm";
import type { OutboxStatus } from "#db/enums";
import { outboxMessages } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { can } from "~/domain/users/roles";
import { calendarOf } from "./outbox.server";

/** The admin's view of the outbox ("Utkorg"): list, read, download attachments, retry. */

type Actor = { id: string; role: Parameters<typeof can.manageSettings>[0] };

export const OUTBOX_PAGE_SIZE = 50;

function requireAdmin(actor: Actor) {
  if (!can.manageSettings(actor.role)) throw new Forbidden("Bara administratörer ser utkorgen.");
}

export type OutboxListItem = {
  id: string;
  kind: string;
  toAddress: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
};

export function listOutbox(
  db: Db,
  actor: Actor,
  input: { status?: OutboxStatus; page: number },
): { items: OutboxListItem[]; total: number; page: number; pageCount: number } {
  requireAdmin(actor);
  const where = input.status ? eq(outboxMessages.status, input.status) : undefined;
  const total = db.select({ n: count() }).from(outboxMessages).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const page = Math.min(input.page, pageCount);
  const items = db
    .select({
      id: outboxMessages.id,
      kind: outboxMessages.kind,
      toAddress: outboxMessages.toAddress,
      subject: outboxMessages.subject,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      lastError: outboxMessages.lastError,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
      nextAttemptAt: outboxMessages.nextAttemptAt,
    })
    .from(outboxMessages)
    .where(where)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE)
    .all();
  return { items, total, page, pageCount };
}

type StoredFiles = Pick<typeof outboxMessages.$inferSelect, "attachments" | "calendarMethod" | "calendarContent" | "calendarFilename">;

/** The files the recipient gets: the attachments, then the meeting request's .ics (issue 16) as the mail worker sends it. */
function filesOf(row: StoredFiles): { filename: string; contentType: string; content: Buffer<ArrayBuffer> }[] {
  const files = row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, "base64") }));
  const calendar = calendarOf(row);
  if (calendar) {
    files.push({
      filename: calendar.filename,
      contentType: `text/calendar; charset=utf-8; method=${calendar.method}`,
      content: Buffer.from(calendar.content, "utf8"),
    });
  }
  return files;
}

export function getOutboxMessage(db: Db, actor: Actor, id: string) {
  requireAdmin(actor);
  const row = db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).get();
  if (!row) throw new NotFound("Meddelandet finns inte.");
  return {
    ...row,
    calendarContent: undefined,
    // The list page needs names and sizes, not the (possibly large) content.
    attachments: filesOf(row).map((a, index) => ({ index, filename: a.filename, contentType: a.contentType, size: a.content.length })),
  };
}

export function getOutboxAttachment(db: Db, actor: Actor, id: string, index: number) {
  requireAdmin(actor);
  const row = db
    .select({
      attachments: outboxMessages.attachments,
      calendarMethod: outboxMessages.calendarMethod,
      calendarContent: outboxMessages.calendarContent,
      calendarFilename: outboxMessages.calendarFilename,
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.id, id))
    .get();
  const attachment = row && Number.isInteger(index) && index >= 0 ? filesOf(row)[index] : undefined;
  if (!attachment) throw new NotFound("Bilagan finns inte.");
  return attachment;
}

/** Puts a failed or bounced message back in the queue, due now, with a fresh count of attempts. */
export function retryMessage(db: Db, actor: Actor, id: string, now = new Date()): void {
  requireAdmin(actor);
  db.transaction((tx) => {
    const updated = tx
      .update(outboxMessages)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, claimedBy: null, claimedAt: null })
      .where(and(eq(outboxMessages.id, id), inArray(outboxMessages.status, ["failed", "bounced"])))
      .returning({ id: outboxMessages.id })
      .all();
    if (updated.length === 0) {
      const exists = tx.select({ status: outboxMessages.status }).from(outboxMessages).where(eq(outboxMessages.id, id)).get();
      if (!exists) throw new NotFound("Meddelandet finns inte.");
      throw new Conflict("Bara misslyckade eller studsade meddelanden kan skickas igen.");
    }
    recordAudit(tx, { actorUserId: actor.id, action: "outbox.retry", entityType: "outbox_message", entityId: id });
  });
}
