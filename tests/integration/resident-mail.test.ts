/**
 * The resident hears back (issue 17, ADR 038): receipts and answered/closed messages reach a real
 * SMTP server, in Swedish, with no personal data but the resident's own; they go with the contact
 * details at erasure.
 */
import { and, eq, inArray } from "drizzle-orm";
import PostalMime from "postal-mime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outboxMessages, users } from "#db/schema";
import { changeCaseStatus } from "~/domain/cases/cases.server";
import { purgeResidentContacts } from "~/domain/cases/retention.server";
import { deliverDue } from "~/domain/email/mailer.server";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader, logFieldQuestion, makeStop, makeTour } from "../support/fixtures";
import { useSmtpReceiver } from "../support/smtp-receiver";

const smtp = useSmtpReceiver();
let t: TestDb;
let stopId: string;

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  const leader = demoLeader(t.db);
  const tourId = makeTour(t.db, leader, { name: "Svarsturné 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" });
  stopId = makeStop(t.db, leader, { tourId, title: "KC på plats i Ödåkra", date: "2030-06-01", start: "09:00", end: "14:00" });
});
afterEach(() => t.cleanup());

async function sendMail() {
  const before = smtp.received.length;
  const transport = smtp.transport();
  await deliverDue(t.db, transport, { now: new Date() });
  transport.close();
  return Promise.all(smtp.received.slice(before).map(async (m) => ({ to: m.to, email: await PostalMime.parse(m.raw) })));
}

const forwarded = (over: Record<string, unknown> = {}) =>
  logFieldQuestion(t.db, stopId, {
    question: "När töms soptunnorna på Ödåkravägen?",
    category: "g:BBMT",
    answeredOnSpot: false,
    answer: undefined,
    departmentCode: "stadsbyggnad",
    replyWanted: true,
    contactName: "Siv Persson",
    contactEmail: "siv@example.se",
    contactPhone: "070-555 12 12",
    ...over,
  });

describe("the resident hears back", () => {
  it("gets a receipt with the case number in Swedish, with nothing but their own details", async () => {
    const mine = forwarded();
    forwarded({ contactName: "Olle Olsson", contactEmail: "olle@example.se", question: "Var finns närmaste återvinningsstation?" });
    const mails = await sendMail();
    const receipt = mails.find((m) => m.to[0] === "siv@example.se")!;
    expect(receipt.email.subject).toBe(`Din fråga till kontaktcentret har ärendenummer ${mine.caseNumber}`);
    const text = receipt.email.text!;
    expect(text).toMatch(/^Hej Siv!/);
    expect(text).toContain(`Ditt ärendenummer är ${mine.caseNumber}.`);
    expect(text).toContain("Din fråga:\nNär töms soptunnorna på Ödåkravägen?");
    expect(text).toContain("Vi har skickat frågan vidare till ");
    expect(text).toContain("Helsingborgs stads kontaktcenter");
    // Nobody else's data: not the other resident's, not the staff member's who logged it, not the phone number.
    const staff = t.db.select({ name: users.name, email: users.email }).from(users).where(eq(users.email, "personal@rullarut.example")).get()!;
    for (const other of ["Olle", "olle@example.se", "återvinningsstation", staff.name, staff.email, "070-555"]) expect(text).not.toContain(other);
    expect(receipt.to).toEqual(["siv@example.se"]);
  });

  it("gets one message when the case is answered or closed, and none for a question answered on the spot", async () => {
    const made = forwarded();
    const onSpot = forwarded({ answeredOnSpot: true, answer: "Varannan tisdag.", departmentCode: undefined, contactEmail: "bo@example.se", contactName: "Bo" });
    const receipts = await sendMail();
    expect(receipts.find((m) => m.to[0] === "bo@example.se")!.email.text).toContain("Frågan besvarades på plats.\n\nSvaret du fick:\nVarannan tisdag.");

    changeCaseStatus(t.db, demoLeader(t.db), made.caseId, "answered", "Svar från renhållningen");
    changeCaseStatus(t.db, demoLeader(t.db), made.caseId, "closed");
    changeCaseStatus(t.db, demoLeader(t.db), onSpot.caseId, "closed");
    const done = (await sendMail()).filter((m) => m.email.subject?.startsWith("Ditt ärende"));
    expect(done).toHaveLength(1);
    expect(done[0]!.to).toEqual(["siv@example.se"]);
    expect(done[0]!.email.subject).toBe(`Ditt ärende ${made.caseNumber} är besvarat`);
    // The staff's comment may name others: it is not in the message.
    expect(done[0]!.email.text).not.toContain("renhållningen");
  });

  it("without an address, or without wanting a reply, nothing is sent", async () => {
    const a = forwarded({ contactEmail: undefined, contactPhone: "070-123 45 67" });
    const b = forwarded({ replyWanted: false, contactName: undefined, contactEmail: undefined, contactPhone: undefined });
    changeCaseStatus(t.db, demoLeader(t.db), a.caseId, "answered");
    changeCaseStatus(t.db, demoLeader(t.db), b.caseId, "answered");
    expect(
      t.db
        .select()
        .from(outboxMessages)
        .where(inArray(outboxMessages.relatedId, [a.caseId, b.caseId]))
        .all(),
    ).toHaveLength(0);
  });

  it("the outbox's copies lose the address and text when the contact details are erased", async () => {
    const made = forwarded();
    await sendMail();
    changeCaseStatus(t.db, demoLeader(t.db), made.caseId, "answered");
    await sendMail();
    const copies = () =>
      t.db
        .select()
        .from(outboxMessages)
        .where(and(inArray(outboxMessages.kind, ["resident-receipt", "resident-done"]), eq(outboxMessages.relatedId, made.caseId)))
        .all();
    expect(copies()).toHaveLength(2);
    expect(purgeResidentContacts(t.db, new Date(Date.now() + 400 * 86_400_000)).erased).toBe(1);
    for (const m of copies()) {
      expect(m.toAddress).toBe("(raderad)");
      expect(m.textBody).not.toContain("Siv");
      expect(m.textBody).not.toContain("soptunnorna");
    }
  });
});
