/**
 * The resident hears back (issue 17, ADR 038). A resident who left an e-mail address for a reply
 * gets, through the mail outbox:
 * - a receipt with the case number, when the question is logged;
 * - one message when the case is answered or closed, whoever changed it (staff on the case page,
 *   or an external case system's status).
 * The messages hold nothing but the resident's own question, their name and the case number.
 * When the contact details are erased (ADR 020), the outbox's copies go too (eraseResidentMail).
 */
import { and, eq, inArray } from "drizzle-orm";
import type { CaseStatus } from "#db/enums";
import { cases, departments, fieldQuestions, outboxMessages, stops } from "#db/schema";
import type { Db } from "~/db.server";
import { enqueueEmail } from "~/domain/email/outbox.server";
import { contactRetentionDays, getContactCenterName } from "~/domain/settings/settings.server";
import { formatDayTime } from "~/utils/dates";
import { CASE_JOINS } from "./case-query.server";

export const RESIDENT_RECEIPT_KIND = "resident-receipt";
export const RESIDENT_DONE_KIND = "resident-done";
const RESIDENT_KINDS = [RESIDENT_RECEIPT_KIND, RESIDENT_DONE_KIND];

type Tx = Pick<Db, "select" | "insert" | "update">;

/** What the messages say about one case, read in the caller's transaction; null without an address. */
function residentCase(tx: Tx, caseId: string) {
  const row = tx
    .select({
      number: cases.number,
      status: cases.status,
      question: fieldQuestions.question,
      answer: fieldQuestions.answer,
      answeredOnSpot: fieldQuestions.answeredOnSpot,
      replyWanted: fieldQuestions.replyWanted,
      name: fieldQuestions.contactName,
      email: fieldQuestions.contactEmail,
      stopTitle: stops.title,
      stopStartsAt: stops.startsAt,
      department: departments.name,
    })
    .from(cases)
    .innerJoin(fieldQuestions, CASE_JOINS.question)
    .innerJoin(stops, CASE_JOINS.stop)
    .leftJoin(departments, CASE_JOINS.department)
    .where(eq(cases.id, caseId))
    .get();
  if (!row?.replyWanted || !row.email) return null;
  return { ...row, email: row.email, sender: getContactCenterName(tx), retentionDays: contactRetentionDays(tx) };
}

type ResidentCase = NonNullable<ReturnType<typeof residentCase>>;

function greeting(c: ResidentCase): string {
  return c.name ? `Hej ${c.name.split(/\s+/)[0]}!` : "Hej!";
}

/** The receipt's subject and text (exported for tests). */
export function receiptText(c: ResidentCase): { subject: string; text: string } {
  const next = c.answeredOnSpot
    ? ["Frågan besvarades på plats.", ...(c.answer ? ["", "Svaret du fick:", c.answer] : [])]
    : c.department
      ? [`Vi har skickat frågan vidare till ${c.department}. Du får ett nytt meddelande när den är besvarad.`]
      : ["Vi hör av oss när frågan är besvarad."];
  return {
    subject: `Din fråga till kontaktcentret har ärendenummer ${c.number}`,
    text: [
      greeting(c),
      "",
      `Tack för att du frågade oss när vi var på plats: ${c.stopTitle}, ${formatDayTime(c.stopStartsAt)}.`,
      "",
      `Ditt ärendenummer är ${c.number}. Ange det om du kontaktar oss om frågan.`,
      "",
      "Din fråga:",
      c.question,
      "",
      ...next,
      "",
      `Dina kontaktuppgifter raderas ${c.retentionDays} dagar efter att ärendet är besvarat eller avslutat.`,
      "",
      "Vänliga hälsningar",
      c.sender,
      "",
      "Det här meddelandet går inte att svara på.",
    ].join("\n"),
  };
}

/** The answered-or-closed message (exported for tests). */
export function doneText(c: ResidentCase, status: "answered" | "closed"): { subject: string; text: string } {
  const word = status === "answered" ? "besvarat" : "avslutat";
  return {
    subject: `Ditt ärende ${c.number} är ${word}`,
    text: [
      greeting(c),
      "",
      `Ditt ärende ${c.number} är nu ${word}. Det gäller frågan du ställde när vi var på plats: ${c.stopTitle}.`,
      "",
      "Din fråga:",
      c.question,
      "",
      "Har du fler frågor, eller har du inte fått något svar? Kontakta kontaktcentret och ange ärendenumret.",
      "",
      `Dina kontaktuppgifter raderas ${c.retentionDays} dagar från i dag.`,
      "",
      "Vänliga hälsningar",
      c.sender,
      "",
      "Det här meddelandet går inte att svara på.",
    ].join("\n"),
  };
}

/** In the transaction that creates the case: the receipt, when the resident left an address. */
export function queueResidentReceipt(tx: Tx, caseId: string, now: Date): void {
  const c = residentCase(tx, caseId);
  if (!c) return;
  const mail = receiptText(c);
  enqueueEmail(tx, { kind: RESIDENT_RECEIPT_KIND, to: c.email, subject: mail.subject, text: mail.text, relatedType: "case", relatedId: caseId }, now);
}

/**
 * In the transaction that changes a case's status: once per case, when it becomes answered or
 * closed after it was made (a question answered on the spot has its receipt say so).
 */
export function queueResidentDone(tx: Tx, caseId: string, status: CaseStatus, now: Date): void {
  if (status !== "answered" && status !== "closed") return;
  const c = residentCase(tx, caseId);
  if (!c || c.answeredOnSpot) return;
  const sent = tx
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.kind, RESIDENT_DONE_KIND), eq(outboxMessages.relatedType, "case"), eq(outboxMessages.relatedId, caseId)))
    .get();
  if (sent) return;
  const mail = doneText(c, status);
  enqueueEmail(tx, { kind: RESIDENT_DONE_KIND, to: c.email, subject: mail.subject, text: mail.text, relatedType: "case", relatedId: caseId }, now);
}

/**
 * With the contact details (retention): the outbox's copies of these messages lose the address and
 * the text; one still waiting is not sent.
 */
export function eraseResidentMail(tx: Pick<Db, "update">, caseIds: string[], now: Date): void {
  if (!caseIds.length) return;
  const theirs = and(inArray(outboxMessages.kind, RESIDENT_KINDS), eq(outboxMessages.relatedType, "case"), inArray(outboxMessages.relatedId, caseIds));
  tx.update(outboxMessages)
    .set({ status: "failed", lastError: "Kontaktuppgifterna raderades innan meddelandet skickades", claimedBy: null, claimedAt: null })
    .where(and(theirs, eq(outboxMessages.status, "pending")))
    .run();
  tx.update(outboxMessages)
    .set({ toAddress: "(raderad)", textBody: `Innehållet raderades ${formatDayTime(now)} med invånarens kontaktuppgifter.` })
    .where(theirs)
    .run();
}
