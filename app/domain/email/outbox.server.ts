import { outboxMessages, type OutboxMessage } from "#db/schema";
import type { Db } from "~/db.server";

export type OutgoingAttachment = { filename: string; contentType: string; /** base64 */ content: string };

export type OutgoingEmail = {
  /** What the message is: "invitation", "confirmation", "reminder", "visit-reminder", "staff-notification" … */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: OutgoingAttachment[];
  /** The entity the message is about (e.g. "invitation", id), for the status board and bounces. */
  relatedType?: string;
  relatedId?: string;
  /** A meeting request or cancellation (app/domain/calendar/invites.server.ts), sent as text/calendar with this method and as an .ics file. */
  calendar?: { method: "REQUEST" | "CANCEL"; content: string; filename: string };
};

type Tx = Pick<Db, "insert">;

/** A stored message's meeting request, as the mail worker sends it and the admin's outbox shows it; null for none. */
export function calendarOf(
  row: Pick<OutboxMessage, "calendarMethod" | "calendarContent" | "calendarFilename">,
): { method: "REQUEST" | "CANCEL"; filename: string; content: string } | null {
  if (!row.calendarMethod || !row.calendarContent) return null;
  return { method: row.calendarMethod, filename: row.calendarFilename ?? "inbjudan.ics", content: row.calendarContent };
}

/**
 * Puts a message in the outbox. Call it inside the same transaction as the change that causes
 * it, so the message exists if and only if the change does. The mail worker sends it later.
 */
export function enqueueEmail(tx: Tx, email: OutgoingEmail, now = new Date()): string {
  const row = tx
    .insert(outboxMessages)
    .values({
      kind: email.kind,
      toAddress: email.to,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html ?? null,
      attachments: email.attachments ?? [],
      nextAttemptAt: now,
      relatedType: email.relatedType ?? null,
      relatedId: email.relatedId ?? null,
      calendarMethod: email.calendar?.method ?? null,
      calendarContent: email.calendar?.content ?? null,
      calendarFilename: email.calendar?.filename ?? null,
    })
    .returning({ id: outboxMessages.id })
    .get();
  return row.id;
}
