/**
 * Issue 12, point 15: a byalag that moves or withdraws its visit through the reply link changes the
 * stop through the stops verbs, so booked staff are told (outbox) and the stop's history shows it,
 * exactly as when a tour leader changes the stop.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, invitations, organizations, outboxMessages, stopNeeds, stops, users } from "#db/schema";
import { entityHistory } from "~/domain/audit/audit.server";
import { REPLY_STRINGS } from "~/domain/invitations/i18n";
import { createAndSendBatch, getReplyView, submitReply } from "~/domain/invitations/invitations.server";
import { batchSchema, replySchemaFor } from "~/domain/invitations/schemas";
import { assignStaff } from "~/domain/staffing/staffing.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail, demoLeader, makeTour } from "../support/fixtures";

const ORIGIN = "https://rullarut.example";
const NOW = new Date("2027-03-01T10:00:00Z");

let t: TestDb;
let leader: Actor;
let sara: Actor; // BBMT + consumer advisor
let ahmed: Actor; // BSU
let tourId: string;
let orgId: string;

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  leader = demoLeader(t.db);
  sara = actorByEmail(t.db, "personal@rullarut.example");
  ahmed = actorByEmail(t.db, "ahmed.nilsson@rullarut.example");
  tourId = makeTour(t.db, leader, { name: "KC rullar ut 2027 (svar)", startsOn: "2027-01-01", endsOn: "2027-12-31" });
  orgId = t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "Rydebäcks Byalag")).get()!.id;
});
afterEach(() => t.cleanup());

const sv = REPLY_STRINGS.sv;
function reply(invitationId: string, values: Record<string, unknown>) {
  const view = getReplyView(t.db, invitationId, NOW);
  return replySchemaFor(sv, { isVisit: view.kind === "visit_offer", allowOtherTime: view.allowOtherTime }).parse({ version: String(view.version), ...values });
}
const emailOf = (a: Actor) => t.db.select({ email: users.email }).from(users).where(eq(users.id, a.id)).get()!.email;
const staffMail = (stopId: string) =>
  t.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.kind, "staff-notification"), eq(outboxMessages.relatedId, stopId)))
    .all();
const needsOf = (stopId: string) =>
  t.db
    .select()
    .from(stopNeeds)
    .where(eq(stopNeeds.stopId, stopId))
    .all()
    .map((n) => (n.functionCode ? `f:${n.functionCode}` : `g:${n.groupCode}`))
    .sort();

function sendVisitOffer(): { invitationId: string; times: { id: string; startsAt: Date }[] } {
  const input = batchSchema.parse({
    intent: "send",
    tourId,
    kind: "visit_offer",
    organizationIds: [orgId],
    times: [
      { date: "2027-05-04", start: "18:00", end: "20:00" },
      { date: "2027-05-11", start: "18:30", end: "20:30" },
    ],
    subject: "Vill ni ha besök?",
    body: "Hej {organisation}! {tid} Svara senast {sista_svarsdag}: {lank}",
    deadline: "2027-03-20",
  });
  const { batchId } = createAndSendBatch(t.db, leader, input, { origin: ORIGIN, now: NOW, tokenDays: 60 });
  const invitationId = t.db.select({ id: invitations.id }).from(invitations).where(eq(invitations.batchId, batchId)).get()!.id;
  return { invitationId, times: getReplyView(t.db, invitationId, NOW).times };
}

describe("a byalag changing its visit through the reply link", () => {
  it("re-timing tells each booked staff member and writes the stop's history; withdrawing cancels the stop, tells them and writes it too", () => {
    const { invitationId, times } = sendVisitOffer();

    // 1. Yes at the first time: a confirmed stop, its needs set through the needs verb.
    const accepted = submitReply(
      t.db,
      invitationId,
      reply(invitationId, { answer: "yes", timeChoice: times[0]!.id, advisorFunctions: ["consumer"], answerGroups: ["BSU"], contactName: "Britt" }),
      { origin: ORIGIN, now: NOW },
    );
    const stopId = (accepted as { stopId: string }).stopId;
    expect(t.db.select().from(stops).where(eq(stops.id, stopId)).get()).toMatchObject({ status: "confirmed", startsAt: times[0]!.startsAt });
    expect(needsOf(stopId)).toEqual(["f:consumer", "g:BSU"]);
    const created = entityHistory(t.db, "stop", stopId);
    expect(created.map((e) => e.action).sort()).toEqual(["staffing.needs", "stop.create"]);
    expect(created.every((e) => e.details?.via === "invitation_reply")).toBe(true);

    // 2. The tour leader books two staff.
    assignStaff(t.db, leader, { stopId, userId: sara.id, role: "f:consumer" }, { origin: ORIGIN });
    assignStaff(t.db, leader, { stopId, userId: ahmed.id, role: "g:BSU" }, { origin: ORIGIN });
    expect(staffMail(stopId).map((m) => m.subject)).toEqual([expect.stringMatching(/^Du är bokad/), expect.stringMatching(/^Du är bokad/)]);
    const historyBefore = entityHistory(t.db, "stop", stopId).length;

    // 3. The contact moves the visit to the second time and wants energy advice instead of BSU.
    submitReply(
      t.db,
      invitationId,
      reply(invitationId, { answer: "yes", timeChoice: times[1]!.id, advisorFunctions: ["consumer", "energy_climate"], contactName: "Britt" }),
      { origin: ORIGIN, now: NOW },
    );
    const moved = t.db.select().from(stops).where(eq(stops.id, stopId)).get()!;
    expect(moved.startsAt.toISOString()).toBe("2027-05-11T16:30:00.000Z");
    expect(moved.status).toBe("confirmed");
    const changed = staffMail(stopId).filter((m) => m.subject.startsWith("Ändrad tid eller plats"));
    expect(changed.map((m) => m.toAddress).sort()).toEqual([emailOf(ahmed), emailOf(sara)].sort());
    for (const m of changed) {
      expect(m.textBody).toContain("(tid)");
      expect(m.textBody).toContain(`${ORIGIN}/stopp/${stopId}`);
    }
    const afterMove = entityHistory(t.db, "stop", stopId);
    expect(afterMove.length).toBeGreaterThan(historyBefore);
    const update = afterMove.find((e) => e.action === "stop.update")!;
    expect(update.actorName).toBeNull();
    expect(update.details).toMatchObject({
      via: "invitation_reply",
      invitationId,
      changes: { startsAt: ["2027-05-04T16:00:00.000Z", "2027-05-11T16:30:00.000Z"], endsAt: ["2027-05-04T18:00:00.000Z", "2027-05-11T18:30:00.000Z"] },
    });
    expect(needsOf(stopId)).toEqual(["f:consumer", "f:energy_climate"]);
    const needsEntry = afterMove.find((e) => e.action === "staffing.needs" && (e.details?.after as Record<string, number>)["f:energy_climate"] === 1)!;
    expect(needsEntry.details).toMatchObject({ before: { "f:consumer": 1, "g:BSU": 1 }, after: { "f:consumer": 1, "f:energy_climate": 1 } });

    // 4. The contact withdraws: the stop is cancelled, both are told, and the history says so.
    submitReply(t.db, invitationId, reply(invitationId, { answer: "no" }), { origin: ORIGIN, now: NOW });
    expect(t.db.select().from(stops).where(eq(stops.id, stopId)).get()!.status).toBe("cancelled");
    expect(t.db.select().from(invitations).where(eq(invitations.id, invitationId)).get()).toMatchObject({ status: "declined", stopId: null });
    const cancelled = staffMail(stopId).filter((m) => m.subject.startsWith("Inställt"));
    expect(cancelled.map((m) => m.toAddress).sort()).toEqual([emailOf(ahmed), emailOf(sara)].sort());
    const cancelEntry = entityHistory(t.db, "stop", stopId).find((e) => (e.details?.changes as Record<string, unknown> | undefined)?.status);
    expect(cancelEntry?.details).toMatchObject({ via: "invitation_reply", changes: { status: ["confirmed", "cancelled"] } });
  });

  it("a lost race (stale version) rolls back the stop change, its notices and its history", () => {
    const { invitationId, times } = sendVisitOffer();
    const accepted = submitReply(t.db, invitationId, reply(invitationId, { answer: "yes", timeChoice: times[0]!.id, contactName: "Britt" }), {
      origin: ORIGIN,
      now: NOW,
    });
    const stopId = (accepted as { stopId: string }).stopId;
    assignStaff(t.db, leader, { stopId, userId: sara.id, role: "f:consumer" }, { origin: ORIGIN });
    const stale = reply(invitationId, { answer: "yes", timeChoice: times[1]!.id, contactName: "Britt" });
    submitReply(t.db, invitationId, reply(invitationId, { answer: "yes", timeChoice: times[0]!.id, contactName: "Britt B" }), { origin: ORIGIN, now: NOW });
    const mailBefore = staffMail(stopId).length;
    const auditBefore = t.db.select().from(auditLog).all().length;
    expect(() => submitReply(t.db, invitationId, stale, { origin: ORIGIN, now: NOW })).toThrow(expect.objectContaining({ code: "stale" }));
    expect(t.db.select().from(stops).where(eq(stops.id, stopId)).get()!.startsAt).toEqual(times[0]!.startsAt);
    expect(staffMail(stopId)).toHaveLength(mailBefore);
    expect(t.db.select().from(auditLog).all()).toHaveLength(auditBefore);
  });
});
