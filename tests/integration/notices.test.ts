/**
 * Issue 13, points 1 and 2: the tour a user works on is remembered, and the tour leaders hear of
 * answers, sign-ups and withdrawals at once (start page and e-mail) or in a daily digest.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { invitations, organizations, outboxMessages, plannerNotices, tours, users } from "#db/schema";
import { REPLY_STRINGS } from "~/domain/invitations/i18n";
import { createAndSendBatch, getReplyView, submitReply } from "~/domain/invitations/invitations.server";
import { batchSchema, replySchemaFor } from "~/domain/invitations/schemas";
import { markNoticesSeen, noticeSummary, sendDailyDigests, setNoticeEmail } from "~/domain/notices/notices.server";
import { confirmAssignment, setStopNeeds, signUp, withdraw } from "~/domain/staffing/staffing.server";
import { chosenTour, chosenTourId, tourParamsOf } from "~/domain/tours/chosen-tour.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail, demoLeader, makeStop, makeTour } from "../support/fixtures";

const ORIGIN = "https://rullarut.example";
const NOW = new Date("2027-03-01T10:00:00Z");

let t: TestDb;
let leader: Actor;
let admin: Actor;
let sara: Actor;
let tourId: string;
let orgId: string;

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  leader = demoLeader(t.db);
  admin = actorByEmail(t.db, "admin@rullarut.example");
  sara = actorByEmail(t.db, "personal@rullarut.example");
  tourId = makeTour(t.db, leader, { name: "KC rullar ut 2027 (nytt)", startsOn: "2027-01-01", endsOn: "2027-12-31" });
  orgId = t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "Rydebäcks Byalag")).get()!.id;
});
afterEach(() => t.cleanup());

const emailOf = (a: Actor) => t.db.select({ email: users.email }).from(users).where(eq(users.id, a.id)).get()!.email;
const noticeMail = () =>
  t.db
    .select()
    .from(outboxMessages)
    .where(inArray(outboxMessages.kind, ["planner-notice", "planner-digest", "staff-notification"]))
    .all();

function sendVisitOffer() {
  const input = batchSchema.parse({
    intent: "send",
    tourId,
    kind: "visit_offer",
    organizationIds: [orgId],
    times: [{ date: "2027-05-04", start: "18:00", end: "20:00" }],
    subject: "Vill ni ha besök?",
    body: "Hej {organisation}! {tid} Svara senast {sista_svarsdag}: {lank}",
    deadline: "2027-03-20",
    allowOtherTime: "on",
  });
  const { batchId } = createAndSendBatch(t.db, leader, input, { origin: ORIGIN, now: NOW, tokenDays: 60 });
  const invitationId = t.db.select({ id: invitations.id }).from(invitations).where(eq(invitations.batchId, batchId)).get()!.id;
  return { batchId, invitationId, times: getReplyView(t.db, invitationId, NOW).times };
}

function reply(invitationId: string, values: Record<string, unknown>, at = NOW) {
  const view = getReplyView(t.db, invitationId, at);
  const input = replySchemaFor(REPLY_STRINGS.sv, { isVisit: true, allowOtherTime: view.allowOtherTime }).parse({ version: String(view.version), ...values });
  return submitReply(t.db, invitationId, input, { origin: ORIGIN, now: at });
}

describe("the chosen tour", () => {
  it("follows ?turne=, is remembered without it, and falls back to the season when the remembered tour is archived", () => {
    const other = makeTour(t.db, leader, { name: "KC rullar ut 2028", startsOn: "2028-01-01", endsOn: "2028-12-31" });
    const season = chosenTourId(t.db, leader, new URLSearchParams(), NOW);
    expect(season).not.toBe(other);

    expect(chosenTourId(t.db, leader, new URLSearchParams({ turne: other }), NOW)).toBe(other);
    // Another page, no parameter: still 2028. Another user is not affected.
    expect(chosenTour(t.db, leader, new URLSearchParams(), NOW)).toEqual({ id: other, name: "KC rullar ut 2028" });
    expect(chosenTourId(t.db, admin, new URLSearchParams(), NOW)).toBe(season);
    // An unknown id or "alla" does not replace the remembered tour.
    expect(chosenTourId(t.db, leader, new URLSearchParams({ turne: "finns-inte" }), NOW)).toBe(other);
    expect(chosenTourId(t.db, leader, new URLSearchParams({ turne: "alla" }), NOW)).toBe(other);

    t.db.update(tours).set({ archivedAt: NOW }).where(eq(tours.id, other)).run();
    expect(chosenTourId(t.db, leader, new URLSearchParams(), NOW)).toBe(season);
  });

  it("reads the tour from a tour page's path, so opening a tour chooses it", () => {
    expect(tourParamsOf(new URL(`${ORIGIN}/turneer/abc123/andra`)).get("turne")).toBe("abc123");
    expect(tourParamsOf(new URL(`${ORIGIN}/turneer/ny`)).get("turne")).toBeNull();
    expect(tourParamsOf(new URL(`${ORIGIN}/turneer/%E0`)).get("turne")).toBeNull();
    expect(tourParamsOf(new URL(`${ORIGIN}/kalender?turne=x`)).get("turne")).toBe("x");
  });
});

describe("Nytt sedan sist", () => {
  it("a yes, a yes taken back and a no each become a notice and an immediate e-mail to every planner who wants one", () => {
    setNoticeEmail(t.db, admin, "none", NOW);
    const { batchId, invitationId, times } = sendVisitOffer();
    t.db.delete(outboxMessages).run();

    reply(invitationId, { answer: "yes", timeChoice: times[0]!.id, contactName: "Britt Svensson", message: "Vi har ramp" });
    let summary = noticeSummary(t.db, leader, NOW)!;
    expect(summary.notices.map((n) => [n.kind, n.href])).toEqual([["reply_yes", `/inbjudningar/${batchId}`]]);
    expect(summary.notices[0]!.text).toBe("Rydebäcks Byalag tackade ja till besök tis 4 maj 2027 18:00–20:00.");
    // Names the organisation, never the contact person.
    expect(summary.notices[0]!.text).not.toContain("Britt");
    let mail = noticeMail();
    expect(mail.map((m) => m.toAddress)).toEqual([emailOf(leader)]);
    expect(mail[0]!.subject).toContain("Tackade ja");
    expect(mail[0]!.textBody).toContain(`${ORIGIN}/inbjudningar/${batchId}`);

    reply(invitationId, { answer: "no" }, new Date(NOW.getTime() + 60_000));
    summary = noticeSummary(t.db, leader, NOW)!;
    expect(summary.notices.map((n) => n.kind)).toEqual(["reply_withdrawn", "reply_yes"]);
    mail = noticeMail();
    expect(mail).toHaveLength(2);

    // Marked read up to the moment the page was read: a later answer is still new.
    markNoticesSeen(t.db, leader, new Date(NOW.getTime() + 120_000), new Date(NOW.getTime() + 150_000));
    // A forged time far ahead counts as the moment of the request, not beyond it.
    markNoticesSeen(t.db, admin, new Date("2099-01-01T00:00:00Z"), new Date(NOW.getTime() + 150_000));
    expect(noticeSummary(t.db, leader, NOW)!.notices).toEqual([]);
    reply(
      invitationId,
      { answer: "yes", timeChoice: "other", suggestedTime: "En lördag i juni", contactName: "Britt Svensson" },
      new Date(NOW.getTime() + 180_000),
    );
    summary = noticeSummary(t.db, leader, NOW)!;
    expect(summary.notices.map((n) => n.kind)).toEqual(["reply_new_time"]);
    expect(summary.notices[0]!.text).toContain("En lördag i juni");
    expect(noticeSummary(t.db, admin, NOW)!.notices.map((n) => n.kind)).toEqual(["reply_new_time"]);
    // Staff see no notices.
    expect(noticeSummary(t.db, sara, NOW)).toBeNull();
  });

  it("a staff sign-up waits for confirmation on the start page; a withdrawal is a notice and keeps its own e-mail", () => {
    const stopId = makeStop(t.db, leader, { tourId, title: "Besök i Mörarp", date: "2030-06-03", start: "10:00", end: "14:00", status: "confirmed" });
    setStopNeeds(t.db, leader, stopId, { "f:consumer": 1 });
    t.db.delete(outboxMessages).run();
    const waitingBefore = noticeSummary(t.db, leader, NOW)!.pendingSignups;
    const { assignmentId } = signUp(t.db, sara, stopId, NOW);
    let summary = noticeSummary(t.db, leader, NOW)!;
    expect(summary.pendingSignups).toBe(waitingBefore + 1);
    expect(summary.notices.map((n) => n.kind)).toEqual(["staff_signup"]);
    expect(summary.notices[0]!.text).toMatch(
      /har anmält sig som konsumentrådgivare till Besök i Mörarp, mån 3 juni 2030 10:00–14:00, och väntar på bekräftelse\.$/,
    );
    expect(summary.notices[0]!.href).toBe(`/stopp/${stopId}#bemanning`);
    confirmAssignment(t.db, leader, stopId, assignmentId, { origin: ORIGIN });
    expect(noticeSummary(t.db, leader, NOW)!.pendingSignups).toBe(waitingBefore);

    withdraw(t.db, sara, stopId, NOW, { origin: ORIGIN });
    summary = noticeSummary(t.db, leader, NOW)!;
    expect(summary.notices.map((n) => n.kind)).toEqual(["staff_withdrawn", "staff_signup"]);
    const withdrawal = noticeMail().filter((m) => m.subject === "Avanmälan: Besök i Mörarp");
    expect(withdrawal.map((m) => m.toAddress).sort()).toEqual([emailOf(admin), emailOf(leader)].sort());
    expect(withdrawal[0]!.textBody).toContain(`${ORIGIN}/stopp/${stopId}#bemanning`);
  });

  it("the daily digest goes out once a day after 07:00 Swedish time, only with news, and only to those who chose it", () => {
    setNoticeEmail(t.db, leader, "daily", new Date("2027-02-28T12:00:00Z"));
    setNoticeEmail(t.db, admin, "none", NOW);
    const { invitationId, times } = sendVisitOffer();
    t.db.delete(outboxMessages).run();
    reply(invitationId, { answer: "yes", timeChoice: times[0]!.id, contactName: "Britt Svensson" });
    // No immediate e-mail for a digest reader.
    expect(noticeMail()).toEqual([]);

    // 06:59 in Stockholm (05:59 UTC in March): not yet.
    expect(sendDailyDigests(t.db, { now: new Date("2027-03-02T05:59:00Z"), origin: ORIGIN })).toBe(0);
    expect(sendDailyDigests(t.db, { now: new Date("2027-03-02T06:01:00Z"), origin: ORIGIN })).toBe(1);
    const digest = noticeMail();
    expect(digest).toHaveLength(1);
    expect(digest[0]).toMatchObject({ kind: "planner-digest", toAddress: emailOf(leader), subject: "Rullar ut: 1 nyhet sedan i går" });
    expect(digest[0]!.textBody).toContain("Rydebäcks Byalag tackade ja");
    expect(digest[0]!.textBody).toContain(`${ORIGIN}/inbjudningar/`);

    // Once a day, and nothing on a day without news.
    expect(sendDailyDigests(t.db, { now: new Date("2027-03-02T15:00:00Z"), origin: ORIGIN })).toBe(0);
    expect(sendDailyDigests(t.db, { now: new Date("2027-03-03T06:30:00Z"), origin: ORIGIN })).toBe(0);
    expect(noticeMail()).toHaveLength(1);
    expect(
      t.db
        .select()
        .from(plannerNotices)
        .where(and(eq(plannerNotices.kind, "reply_yes")))
        .all(),
    ).toHaveLength(1);
  });
});
