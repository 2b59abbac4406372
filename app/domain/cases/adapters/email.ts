/**
 * The e-mail adapter (issue 17, ADR 037): each case as a structured message to the case system's
 * inbox, for systems that import e-mail (Artvise, a shared mailbox). The message goes through the
 * mail outbox (ADR 013), so it is sent, retried and listed like every other message:
 * - subject: "Ärende KC-2026-000123 – <category>";
 * - a plain-text body with one labelled field per line, the question and answer in full;
 * - the same fields as JSON (the webhook's body, ADR 017) in an attached `arende-<number>.json`.
 *
 * Exactly once per case: one outbox row per case (related to it), whose Message-ID
 * (`<outbox id@rullarut>`) stays the same through every retry and every resend, so an importer
 * that drops repeated Message-IDs makes one case of it. The case's delivery counts as delivered
 * when the mail server has taken the message; until then it waits without counting attempts.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { CaseStatus } from "#db/enums";
import { outboxMessages } from "#db/schema";
import type { Db } from "~/db.server";
import { messageIdFor } from "~/domain/email/mailer.server";
import { enqueueEmail } from "~/domain/email/outbox.server";
import { formatDayTime } from "~/utils/dates";
import type { EmailCaseConfig } from "../case-system.server";
import { CASE_STATUS_LABELS } from "../labels";
import { type CasePayload, DeliveryError, ReceiverBusy, type SendResult } from "./types";
import { webhookBody } from "./webhook";

/** The outbox kind of a case e-mail; its related entity is the case. */
export const CASE_EMAIL_KIND = "case";
/** How often a waiting case looks again at its message in the outbox. */
export const CASE_EMAIL_RECHECK_MS = 30_000;

/** The message's subject, body and JSON attachment (exported for tests and the ADR). */
export function caseEmail(c: CasePayload): { subject: string; text: string; json: string; filename: string } {
  const category = c.categoryDescription ? `${c.categoryLabel} – ${c.categoryDescription}` : c.categoryLabel;
  const place = c.lat !== null && c.lng !== null ? `${c.lat.toFixed(5)}, ${c.lng.toFixed(5)} (punkt på kartan)` : null;
  const lines: [string, string | null][] = [
    ["Ärendenummer", c.caseNumber],
    ["Skapat", formatDayTime(c.createdAt)],
    ["Status", CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status],
    ["Kategori", `${category} (${c.category})`],
    ["Förvaltning", c.departmentName ? `${c.departmentName} (${c.departmentCode})` : c.departmentCode],
    ["Besvarad på plats", c.answeredOnSpot ? "ja" : "nej"],
    ["Ämnen", c.topics.length ? c.topics.join(", ") : null],
    ["Område", c.area?.name ?? null],
    ["Plats", place],
    ["Stopp", [c.stop.title, formatDayTime(c.stop.startsAt), c.stop.venueName].filter(Boolean).join(", ")],
  ];
  const text = [
    ...lines.filter(([, v]) => v !== null && v !== "").map(([k, v]) => `${k}: ${v}`),
    "",
    "Fråga:",
    c.question,
    ...(c.answer ? ["", "Svar:", c.answer] : []),
    ...(c.contact
      ? [
          "",
          "Invånaren vill ha svar:",
          ...(
            [
              ["Namn", c.contact.name],
              ["Telefon", c.contact.phone],
              ["E-post", c.contact.email],
            ] as const
          )
            .filter(([, v]) => v)
            .map(([k, v]) => `${k}: ${v}`),
        ]
      : []),
    "",
    `Samma uppgifter maskinläsbart: bifogad fil arende-${c.caseNumber}.json.`,
    "Skickat av Rullar ut. Svara inte på det här meddelandet.",
  ].join("\n");
  return {
    subject: `Ärende ${c.caseNumber} – ${c.categoryLabel}`,
    text,
    json: JSON.stringify(webhookBody(c), null, 2),
    filename: `arende-${c.caseNumber}.json`,
  };
}

/**
 * Puts the case's message in the outbox (once), and reports where it is: delivered when the mail
 * server has taken it; ReceiverBusy (waits, no attempt counted) while it is in the outbox; a
 * DeliveryError when the outbox gave up, after which a resend queues the same message again.
 */
export function sendCaseEmail(db: Db, config: EmailCaseConfig, c: CasePayload, now: Date): SendResult {
  const outcome = db.transaction((tx) => {
    const existing = tx
      .select({ id: outboxMessages.id, status: outboxMessages.status, toAddress: outboxMessages.toAddress })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.kind, CASE_EMAIL_KIND), eq(outboxMessages.relatedType, "case"), eq(outboxMessages.relatedId, c.caseId)))
      .get();
    if (!existing) {
      const mail = caseEmail(c);
      const id = enqueueEmail(
        tx,
        {
          kind: CASE_EMAIL_KIND,
          to: config.to,
          subject: mail.subject,
          text: mail.text,
          attachments: [{ filename: mail.filename, contentType: "application/json", content: Buffer.from(mail.json, "utf8").toString("base64") }],
          relatedType: "case",
          relatedId: c.caseId,
        },
        now,
      );
      return { id, status: "queued" as const };
    }
    if (existing.status === "sent") return { id: existing.id, status: "sent" as const };
    if (existing.status === "failed" || existing.status === "bounced") return { id: existing.id, status: existing.status };
    return { id: existing.id, status: "waiting" as const };
  });
  if (outcome.status === "sent") return { externalId: messageIdFor(outcome.id), token: null };
  if (outcome.status === "failed" || outcome.status === "bounced") {
    throw new DeliveryError(outcome.status === "bounced" ? "E-post: inkorgen studsade meddelandet" : "E-post: utkorgen kunde inte skicka meddelandet");
  }
  throw new ReceiverBusy("E-post: meddelandet ligger i utkorgen och skickas med nästa utskick", CASE_EMAIL_RECHECK_MS);
}

/**
 * A resend the admin asked for (retryDelivery): a message the outbox gave up on is queued again,
 * as the same row, so it keeps its Message-ID.
 */
export function requeueCaseEmails(tx: Pick<Db, "update">, caseIds: string[], now: Date): void {
  if (!caseIds.length) return;
  tx.update(outboxMessages)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null, claimedBy: null, claimedAt: null })
    .where(
      and(
        eq(outboxMessages.kind, CASE_EMAIL_KIND),
        eq(outboxMessages.relatedType, "case"),
        inArray(outboxMessages.relatedId, caseIds),
        // Only a message that was given up on; one that was sent stays sent (exactly once).
        eq(outboxMessages.status, "failed"),
      ),
    )
    .run();
}

/**
 * When a resident's contact details are erased (retention, ADR 020), the outbox's copy of the case
 * e-mail goes too: its body and attachment are replaced by a note. The message was sent already
 * (the purge waits for the case's delivery).
 */
export function eraseCaseEmailCopies(tx: Pick<Db, "update">, caseIds: string[], now: Date): void {
  if (!caseIds.length) return;
  tx.update(outboxMessages)
    .set({ textBody: `Innehållet raderades ${formatDayTime(now)} med invånarens kontaktuppgifter.`, attachments: [] })
    .where(and(eq(outboxMessages.kind, CASE_EMAIL_KIND), eq(outboxMessages.relatedType, "case"), inArray(outboxMessages.relatedId, caseIds)))
    .run();
}

/** The admin's "Testa anslutningen": a test message to the inbox, through the outbox. */
export function testCaseEmail(db: Db, config: EmailCaseConfig, now = new Date()): string {
  db.transaction((tx) =>
    enqueueEmail(
      tx,
      {
        kind: "case-test",
        to: config.to,
        subject: "Test från Rullar ut: ärenden kommer som e-post hit",
        text: [
          "Det här är ett test från Rullar ut.",
          "",
          "Ärenden från kontaktcentrets turné skickas till den här adressen, ett meddelande per ärende, med ärendenumret i ämnesraden och en bifogad JSON-fil.",
          "Det här meddelandet är inget ärende.",
        ].join("\n"),
      },
      now,
    ),
  );
  return `Ett testmeddelande till ${config.to} ligger i utkorgen och skickas med nästa utskick.`;
}
