/**
 * Residents' contact details are erased after the retention period (cases/retention.server.ts):
 * only for answered or closed cases past the period, never while a delivery still has to send them.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, caseDeliveries, caseEvents, fieldQuestions, municipalitySettings } from "#db/schema";
import { changeCaseStatus, getCase } from "~/domain/cases/cases.server";
import { purgeResidentContacts } from "~/domain/cases/retention.server";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader, makeStop, makeTour } from "../support/fixtures";

const DAY = 86_400_000;
const NOW = new Date("2033-03-01T12:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

let t: TestDb;
let leader: Actor;
let stopId: string;

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  leader = demoLeader(t.db);
  const tourId = makeTour(t.db, leader, { startsOn: "2032-01-01", endsOn: "2032-12-31" });
  stopId = makeStop(t.db, leader, { tourId, date: "2032-06-10", start: "10:00", end: "14:00" });
});
afterAll(() => t?.cleanup());

/** A forwarded question from a resident who wants a reply, its case then set to `status` at `at`. */
function question(name: string, status: "forwarded" | "answered" | "closed", at: Date): { questionId: string; caseId: string } {
  const input = fieldQuestionSchema.parse({
    id: randomUUID(),
    stopId,
    loggedAt: "2032-06-10T10:00:00Z",
    question: `Fråga från ${name}`,
    category: "other",
    answeredOnSpot: false,
    departmentCode: "fastighet",
    replyWanted: true,
    contactName: name,
    contactPhone: "070-123 45 67",
    contactEmail: `${name.toLowerCase()}@example.se`,
  });
  const { caseId } = recordFieldQuestion(t.db, leader, input, daysAgo(200));
  if (status !== "forwarded") changeCaseStatus(t.db, leader, caseId, status, undefined, at);
  else t.db.$client.prepare("update cases set updated_at = ? where id = ?").run(at.getTime(), caseId);
  return { questionId: input.id, caseId };
}

function contact(questionId: string) {
  return t.db
    .select({ name: fieldQuestions.contactName, phone: fieldQuestions.contactPhone, email: fieldQuestions.contactEmail })
    .from(fieldQuestions)
    .where(eq(fieldQuestions.id, questionId))
    .get();
}

describe("purgeResidentContacts", () => {
  it("erases the details of answered and closed cases past the period, and keeps the rest", () => {
    const closedLong = question("Alma", "closed", daysAgo(31));
    const answeredLong = question("Bertil", "answered", daysAgo(45));
    const closedRecently = question("Cecilia", "closed", daysAgo(29));
    const stillForwarded = question("David", "forwarded", daysAgo(300));
    const waitingDelivery = question("Elsa", "closed", daysAgo(60));
    t.db.insert(caseDeliveries).values({ caseId: waitingDelivery.caseId, adapter: "webhook", status: "pending", nextAttemptAt: NOW }).run();

    // The default period is 30 days.
    expect(purgeResidentContacts(t.db, NOW)).toEqual({ erased: 2, retentionDays: 30 });
    for (const q of [closedLong, answeredLong]) expect(contact(q.questionId)).toEqual({ name: null, phone: null, email: null });
    expect(contact(closedRecently.questionId)?.name).toBe("Cecilia");
    expect(contact(stillForwarded.questionId)?.name).toBe("David");
    expect(contact(waitingDelivery.questionId)?.name).toBe("Elsa");

    // The case stays, without the person, and its history says what happened.
    const detail = getCase(t.db, leader, closedLong.caseId);
    expect(detail.contact).toBeNull();
    expect(detail.question.text).toBe("Fråga från Alma");
    const events = t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, closedLong.caseId), eq(caseEvents.kind, "contact_erased")))
      .all();
    expect(events).toHaveLength(1);
    expect(events[0]!.note).toContain("30 dagar");

    // One audit entry with the count, and no personal data anywhere in it or in the events.
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, "contacts.erased")).all();
    expect(audit.map((a) => a.details)).toEqual([{ count: 2, retentionDays: 30 }]);
    const written = JSON.stringify([audit, t.db.select().from(caseEvents).where(eq(caseEvents.kind, "contact_erased")).all()]);
    for (const secret of ["Alma", "Bertil", "070-123", "@example.se"]) expect(written).not.toContain(secret);

    // Nothing more to do: no new events or audit entries.
    expect(purgeResidentContacts(t.db, NOW).erased).toBe(0);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "contacts.erased")).all()).toHaveLength(1);

    // A shorter period set by the admin reaches the recently closed case; the delivery still protects Elsa's.
    t.db.update(municipalitySettings).set({ contactRetentionDays: 7 }).run();
    expect(purgeResidentContacts(t.db, NOW)).toEqual({ erased: 1, retentionDays: 7 });
    expect(contact(closedRecently.questionId)?.name).toBeNull();
    expect(contact(waitingDelivery.questionId)?.name).toBe("Elsa");

    // Once delivered, Elsa's details go too.
    t.db.update(caseDeliveries).set({ status: "delivered", deliveredAt: NOW }).where(eq(caseDeliveries.caseId, waitingDelivery.caseId)).run();
    expect(purgeResidentContacts(t.db, NOW).erased).toBe(1);
    expect(contact(waitingDelivery.questionId)?.name).toBeNull();
    expect(contact(stillForwarded.questionId)?.name).toBe("David");
  });
});
