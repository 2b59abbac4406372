import { and, eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, outboxMessages, stopAssignments, stopNeeds, users } from "#db/schema";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import {
  assignStaff,
  confirmAssignment,
  getStopStaffing,
  setStopNeeds,
  signUp,
  signUpOptions,
  SignUpRefused,
  unassignStaff,
  withdraw,
} from "~/domain/staffing/staffing.server";
import { setStopStatus, updateStop } from "~/domain/stops/stops.server";
import type { Actor } from "~/domain/users/users.server";
import { stockholmToUtc } from "~/utils/dates";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail, addAbsence, demoLeader, makeStaff, makeStop, makeTour, stopInput, type StopFixture } from "../support/fixtures";

let t: TestDb;
let leader: Actor;
let sara: Actor; // group BBMT + function consumer
let ahmed: Actor; // group BSU
let oskar: Actor; // groups BSU + BBMT
let tourId: string;

/** Long before every stop below: all sign-ups are open. */
const NOW = stockholmToUtc("2030-05-01", "12:00");
const ORIGIN = "https://rullarut.test";

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  leader = demoLeader(t.db);
  sara = actorByEmail(t.db, "personal@rullarut.example");
  ahmed = actorByEmail(t.db, "ahmed.nilsson@rullarut.example");
  oskar = actorByEmail(t.db, "oskar.persson@rullarut.example");
  tourId = makeTour(t.db, leader, { name: "Bemanningstest 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" });
});
afterEach(() => t.cleanup());

const stop = (s: Omit<StopFixture, "tourId">) => makeStop(t.db, leader, { tourId, ...s });
const emailOf = (a: Actor) => t.db.select({ email: users.email }).from(users).where(eq(users.id, a.id)).get()!.email;
const staffMail = () => t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "staff-notification")).all();
const audits = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();
const assignmentsOn = (stopId: string) => t.db.select().from(stopAssignments).where(eq(stopAssignments.stopId, stopId)).all();

function refusalOf(fn: () => unknown): SignUpRefused {
  try {
    fn();
  } catch (error) {
    if (error instanceof SignUpRefused) return error;
    throw error;
  }
  throw new Error("Expected the sign-up to be refused.");
}

describe("setStopNeeds", () => {
  it("replaces the needs, drops zeros, and audits before and after", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "f:consumer": 1, "g:BSU": 2 });
    setStopNeeds(t.db, leader, id, { "f:consumer": 0, "g:BSU": 3, "g:BBMT": 1 });
    const needs = t.db.select().from(stopNeeds).where(eq(stopNeeds.stopId, id)).all();
    expect(needs.map((n) => [n.functionCode ?? n.groupCode, n.count]).sort()).toEqual([
      ["BBMT", 1],
      ["BSU", 3],
    ]);
    const entries = audits("staffing.needs").filter((e) => e.entityId === id);
    expect(entries).toHaveLength(2);
    expect(entries[1]!.actorUserId).toBe(leader.id);
    expect(entries[1]!.details).toEqual({ before: { "f:consumer": 1, "g:BSU": 2 }, after: { "g:BSU": 3, "g:BBMT": 1 } });
  });

  it("refuses unknown roles and counts outside 0–20, changing nothing", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "g:BSU": 2 });
    expect(() => setStopNeeds(t.db, leader, id, { "f:astrology": 1 })).toThrow("Okänd funktion eller svarsgrupp.");
    expect(() => setStopNeeds(t.db, leader, id, { "x:BSU": 1 })).toThrow(Conflict);
    for (const bad of [-1, 21, 1.5, Number.NaN]) {
      const error = (() => {
        try {
          setStopNeeds(t.db, leader, id, { "g:BSU": bad });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(Conflict);
      expect((error as Conflict).field).toBe("g:BSU");
      expect((error as Conflict).message).toBe("Ange ett antal mellan 0 och 20.");
    }
    expect(
      t.db
        .select()
        .from(stopNeeds)
        .where(eq(stopNeeds.stopId, id))
        .all()
        .map((n) => n.count),
    ).toEqual([2]);
    expect(audits("staffing.needs")).toHaveLength(1);
  });

  it("is for planners only, and a missing stop is NotFound", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    expect(() => setStopNeeds(t.db, sara, id, { "g:BSU": 1 })).toThrow(Forbidden);
    expect(() => setStopNeeds(t.db, leader, "no-such-stop", { "g:BSU": 1 })).toThrow(NotFound);
  });
});

describe("signUp", () => {
  it("takes the first open need the person is qualified for, as a request, and audits without e-mail addresses", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "g:BSU": 1, "f:consumer": 1, "g:BBMT": 1 });
    expect(signUp(t.db, sara, id, NOW).role).toBe("f:consumer");
    expect(signUp(t.db, oskar, id, NOW).role).toBe("g:BSU");
    const rows = assignmentsOn(id);
    expect(rows.map((r) => [r.userId, r.functionCode ?? r.groupCode, r.status, r.createdByUserId]).sort()).toEqual(
      [
        [sara.id, "consumer", "requested", sara.id],
        [oskar.id, "BSU", "requested", oskar.id],
      ].sort(),
    );
    const staffing = getStopStaffing(t.db, id);
    expect(staffing.missing).toBe(1);
    expect(staffing.needs.find((n) => n.key === "g:BBMT")).toMatchObject({ count: 1, filled: 0 });
    expect(audits("staffing.sign_up").map((e) => e.details)).toContainEqual({ userId: sara.id, role: "f:consumer" });
    // Staff signing up themselves are not e-mailed; the tour leader's confirmation is.
    expect(staffMail()).toHaveLength(0);
  });

  it("goes on to another role the person has when their first one is full", async () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "f:consumer": 1, "g:BBMT": 1 });
    const consumer = await makeStaff(t.db, { advisorFunctions: ["consumer"] });
    expect(signUp(t.db, consumer, id, NOW).role).toBe("f:consumer");
    expect(signUp(t.db, sara, id, NOW).role).toBe("g:BBMT");
  });

  it("refuses when booked elsewhere within the travel buffer, naming the other stop", () => {
    const market = stop({ title: "Julmarknaden på Stortorget", date: "2030-06-03", start: "10:00", end: "12:00" });
    const visit = stop({ date: "2030-06-03", start: "12:15", end: "14:00" });
    setStopNeeds(t.db, leader, market, { "f:consumer": 1 });
    setStopNeeds(t.db, leader, visit, { "f:consumer": 1 });
    assignStaff(t.db, leader, { stopId: market, userId: sara.id, role: "f:consumer" });
    const refused = refusalOf(() => signUp(t.db, sara, visit, NOW));
    expect(refused).toBeInstanceOf(Conflict);
    expect(refused.refusal).toMatchObject({ reason: "booked_elsewhere", stopId: market, title: "Julmarknaden på Stortorget" });
    expect(refused.message).toContain("”Julmarknaden på Stortorget”");
    expect(signUpOptions(t.db, sara, visit, NOW).signUp).toMatchObject({ ok: false, refusal: { reason: "booked_elsewhere" } });
    expect(assignmentsOn(visit)).toHaveLength(0);
    expect(audits("staffing.sign_up")).toHaveLength(0);
  });

  it("does not count a cancelled stop as a booking elsewhere", () => {
    const market = stop({ date: "2030-06-03", start: "10:00", end: "12:00" });
    const visit = stop({ date: "2030-06-03", start: "11:00", end: "14:00" });
    setStopNeeds(t.db, leader, market, { "f:consumer": 1 });
    setStopNeeds(t.db, leader, visit, { "f:consumer": 1 });
    assignStaff(t.db, leader, { stopId: market, userId: sara.id, role: "f:consumer" });
    setStopStatus(t.db, leader, market, "cancelled");
    expect(signUp(t.db, sara, visit, NOW).role).toBe("f:consumer");
  });

  it("refuses an absent person", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "f:consumer": 1 });
    addAbsence(t.db, sara.id, "2030-06-01", "2030-06-03", "vacation");
    const refused = refusalOf(() => signUp(t.db, sara, id, NOW));
    expect(refused.refusal).toEqual({ reason: "absent", startsOn: "2030-06-01", endsOn: "2030-06-03" });
    expect(refused.message).toBe("Du är frånvarande då (lör 1 juni 2030 – mån 3 juni 2030).");
  });

  it("refuses when the stop does not need the person's function or group", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "g:BSU": 2 });
    const refused = refusalOf(() => signUp(t.db, sara, id, NOW));
    expect(refused.refusal.reason).toBe("not_needed");
    expect(refused.message).toBe("Stoppet behöver ingen med din funktion eller svarsgrupp.");
  });

  it("refuses when full, with the Swedish 'fullt' message", async () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "g:BSU": 1 });
    signUp(t.db, oskar, id, NOW);
    const refused = refusalOf(() => signUp(t.db, ahmed, id, NOW));
    expect(refused.refusal).toEqual({ reason: "full" });
    expect(refused.message).toMatch(/Stoppet är fullt/);
  });

  it("refuses after the cutoff (48 hours by default) and accepts just before it", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "f:consumer": 1 });
    const start = stockholmToUtc("2030-06-03", "10:00").getTime();
    const refused = refusalOf(() => signUp(t.db, sara, id, new Date(start - 47 * 3_600_000)));
    expect(refused.refusal).toEqual({ reason: "too_late", cutoffHours: 48 });
    expect(refused.message).toContain("48 timmar före start");
    expect(signUp(t.db, sara, id, new Date(start - 48 * 3_600_000)).role).toBe("f:consumer");
  });

  it("refuses a cancelled stop, and a second sign-up by the same person", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "f:consumer": 2 });
    signUp(t.db, sara, id, NOW);
    expect(refusalOf(() => signUp(t.db, sara, id, NOW)).refusal.reason).toBe("already");
    const cancelled = stop({ date: "2030-06-05", start: "10:00", end: "14:00", status: "cancelled" });
    setStopNeeds(t.db, leader, cancelled, { "f:consumer": 2 });
    const refused = refusalOf(() => signUp(t.db, sara, cancelled, NOW));
    expect(refused.refusal.reason).toBe("closed");
    expect(refused.message).toBe("Stoppet är inställt eller redan genomfört.");
  });
});

describe("withdraw", () => {
  it("takes the person off before the cutoff, and refuses after it", () => {
    const id = stop({ title: "Besök i Mörarp", date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "f:consumer": 1 });
    signUp(t.db, sara, id, NOW);
    const start = stockholmToUtc("2030-06-03", "10:00").getTime();
    expect(() => withdraw(t.db, sara, id, new Date(start - 47 * 3_600_000))).toThrow(/för sent att avanmäla/);
    expect(assignmentsOn(id)).toHaveLength(1);
    expect(signUpOptions(t.db, sara, id, new Date(start - 47 * 3_600_000)).canWithdraw).toBe(false);
    expect(signUpOptions(t.db, sara, id, NOW).canWithdraw).toBe(true);
    t.db.delete(outboxMessages).run();
    withdraw(t.db, sara, id, new Date(start - 48 * 3_600_000), { origin: ORIGIN });
    expect(assignmentsOn(id)).toHaveLength(0);
    expect(audits("staffing.withdraw").map((e) => e.details)).toEqual([{ userId: sara.id, role: "f:consumer" }]);
    // Every active planner (tour leaders and admins, e-mail "direkt" by default) hears of it, with a
    // link to the stop's staffing; Sara gets nothing.
    const leaders = t.db
      .select({ email: users.email })
      .from(users)
      .where(and(inArray(users.role, ["tour_leader", "admin"]), eq(users.active, true)))
      .all()
      .map((u) => u.email)
      .sort();
    expect(leaders).toContain(emailOf(leader));
    const mail = staffMail();
    expect(mail.map((m) => m.toAddress).sort()).toEqual(leaders);
    const saraName = t.db.select({ name: users.name }).from(users).where(eq(users.id, sara.id)).get()!.name;
    expect(mail[0]).toMatchObject({ subject: "Avanmälan: Besök i Mörarp", relatedType: "stop", relatedId: id });
    expect(mail[0]!.textBody).toContain(`${saraName} har avanmält sig som konsumentrådgivare`);
    expect(mail[0]!.textBody).toContain(`${ORIGIN}/stopp/${id}#bemanning`);
  });

  it("refuses someone who is not on the stop", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    expect(() => withdraw(t.db, sara, id, NOW)).toThrow("Du är inte anmäld till det här stoppet.");
  });
});

describe("assignStaff", () => {
  it("books as confirmed, e-mails the person, and audits without the e-mail address", () => {
    const id = stop({ title: "Besök i Mörarp", date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "f:consumer": 1 });
    const { conflicts } = assignStaff(t.db, leader, { stopId: id, userId: sara.id, role: "f:consumer" }, { origin: ORIGIN });
    expect(conflicts).toEqual([]);
    expect(assignmentsOn(id)[0]).toMatchObject({ userId: sara.id, functionCode: "consumer", status: "confirmed", createdByUserId: leader.id });
    expect(assignmentsOn(id)[0]!.confirmedAt).toBeInstanceOf(Date);
    const mail = staffMail();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ toAddress: emailOf(sara), subject: "Du är bokad: Besök i Mörarp", relatedType: "stop", relatedId: id });
    expect(mail[0]!.textBody).toContain("som konsumentrådgivare");
    expect(mail[0]!.textBody).toContain(`${ORIGIN}/stopp/${id}`);
  });

  it("is never blocked by a double booking, and returns it on both stops", () => {
    const a = stop({ title: "Seniormässan", date: "2030-06-03", start: "10:00", end: "14:00" });
    const b = stop({ title: "Hx stadsfest", date: "2030-06-03", start: "14:10", end: "18:00" });
    assignStaff(t.db, leader, { stopId: a, userId: sara.id, role: "g:BBMT" });
    const { conflicts } = assignStaff(t.db, leader, { stopId: b, userId: sara.id, role: "g:BBMT" });
    expect(conflicts).toContainEqual({ kind: "double_booking", userId: sara.id, stopId: b, otherStopId: a, otherTitle: "Seniormässan", gapMinutes: 10 });
    expect(getStopStaffing(t.db, a).conflicts).toContainEqual(expect.objectContaining({ kind: "double_booking", otherStopId: b, otherTitle: "Hx stadsfest" }));
    expect(assignmentsOn(b)).toHaveLength(1);
  });

  it("is never blocked by an absence, and returns it", () => {
    const id = stop({ date: "2030-06-03", start: "22:00", endDate: "2030-06-04", end: "01:00" });
    addAbsence(t.db, sara.id, "2030-06-04");
    const { conflicts } = assignStaff(t.db, leader, { stopId: id, userId: sara.id, role: "f:consumer" });
    expect(conflicts).toContainEqual({ kind: "absence", userId: sara.id, stopId: id, startsOn: "2030-06-04", endsOn: "2030-06-04" });
    // The absence is a clash; consumer not needed (need 0) is over-staffing, kept apart.
    expect(getStopStaffing(t.db, id)).toMatchObject({
      conflicts: [{ kind: "absence" }],
      overStaffed: [{ kind: "over_staffed", role: "f:consumer", count: 0 }],
    });
  });

  it("is never blocked by over-staffing, and returns it as over-staffing, not as a clash", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "g:BSU": 1 });
    expect(assignStaff(t.db, leader, { stopId: id, userId: ahmed.id, role: "g:BSU" })).toMatchObject({ conflicts: [], overStaffed: [] });
    const { conflicts, overStaffed } = assignStaff(t.db, leader, { stopId: id, userId: oskar.id, role: "g:BSU" });
    expect(conflicts).toEqual([]);
    expect(overStaffed).toEqual([{ kind: "over_staffed", stopId: id, role: "g:BSU", count: 1, assigned: 2 }]);
    expect(getStopStaffing(t.db, id)).toMatchObject({ missing: 0, conflicts: [], overStaffed: [{ kind: "over_staffed", assigned: 2 }] });
    // Booking in another role reports only that role's over-staffing.
    expect(assignStaff(t.db, leader, { stopId: id, userId: sara.id, role: "g:BBMT" }).overStaffed).toEqual([
      { kind: "over_staffed", stopId: id, role: "g:BBMT", count: 0, assigned: 1 },
    ]);
  });

  it("refuses a person without the role, someone already booked, a cancelled stop, and non-planners", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    expect(() => assignStaff(t.db, leader, { stopId: id, userId: ahmed.id, role: "f:consumer" })).toThrow(/har inte den funktionen/);
    expect(() => assignStaff(t.db, leader, { stopId: id, userId: ahmed.id, role: "nonsense" })).toThrow("Välj en roll.");
    assignStaff(t.db, leader, { stopId: id, userId: ahmed.id, role: "g:BSU" });
    expect(() => assignStaff(t.db, leader, { stopId: id, userId: ahmed.id, role: "g:BSU" })).toThrow(/redan bokad/);
    expect(() => assignStaff(t.db, sara, { stopId: id, userId: sara.id, role: "f:consumer" })).toThrow(Forbidden);
    setStopStatus(t.db, leader, id, "cancelled");
    expect(() => assignStaff(t.db, leader, { stopId: id, userId: sara.id, role: "f:consumer" })).toThrow("Stoppet är inställt.");
  });
});

describe("confirmAssignment and unassignStaff", () => {
  it("confirm a request once, e-mailing the person once", () => {
    const id = stop({ title: "Info-kväll på KC", date: "2030-06-03", start: "18:00", end: "20:00" });
    setStopNeeds(t.db, leader, id, { "f:consumer": 1 });
    const { assignmentId } = signUp(t.db, sara, id, NOW);
    confirmAssignment(t.db, leader, id, assignmentId, { origin: ORIGIN });
    confirmAssignment(t.db, leader, id, assignmentId, { origin: ORIGIN });
    expect(assignmentsOn(id)[0]).toMatchObject({ status: "confirmed", confirmedAt: expect.any(Date) });
    expect(staffMail().map((m) => [m.toAddress, m.subject])).toEqual([[emailOf(sara), "Din anmälan är bekräftad: Info-kväll på KC"]]);
    expect(audits("staffing.confirm").map((e) => e.details)).toEqual([{ userId: sara.id, role: "f:consumer" }]);
    expect(() => confirmAssignment(t.db, sara, id, assignmentId)).toThrow(Forbidden);
  });

  it("unassign at any time, e-mailing the person", () => {
    const id = stop({ title: "Besök i Ödåkra", date: "2030-06-03", start: "10:00", end: "14:00" });
    const { assignmentId } = assignStaff(t.db, leader, { stopId: id, userId: ahmed.id, role: "g:BSU" });
    const other = stop({ date: "2030-06-04", start: "10:00", end: "14:00" });
    expect(() => unassignStaff(t.db, leader, other, assignmentId)).toThrow(NotFound);
    unassignStaff(t.db, leader, id, assignmentId, { origin: ORIGIN });
    expect(assignmentsOn(id)).toHaveLength(0);
    expect(staffMail().map((m) => m.subject)).toEqual(["Du är bokad: Besök i Ödåkra", "Du är inte längre bokad: Besök i Ödåkra"]);
    expect(audits("staffing.unassign").map((e) => e.details)).toEqual([{ userId: ahmed.id, role: "g:BSU" }]);
  });
});

describe("no e-mail about bookings on stops that are over", () => {
  it("when a held stop's staffing is corrected, nor when a cancelled stop's booking is removed", () => {
    const held = stop({ date: "2030-06-03", start: "10:00", end: "14:00", status: "held" });
    const { assignmentId } = assignStaff(t.db, leader, { stopId: held, userId: sara.id, role: "f:consumer" }, { origin: ORIGIN });
    unassignStaff(t.db, leader, held, assignmentId, { origin: ORIGIN });
    const cancelled = stop({ date: "2030-06-04", start: "10:00", end: "14:00" });
    const booked = assignStaff(t.db, leader, { stopId: cancelled, userId: ahmed.id, role: "g:BSU" });
    setStopStatus(t.db, leader, cancelled, "cancelled");
    unassignStaff(t.db, leader, cancelled, booked.assignmentId, { origin: ORIGIN });
    expect(staffMail().map((m) => m.subject)).toEqual([expect.stringMatching(/^Du är bokad/), expect.stringMatching(/^Inställt/)]);
    // The changes themselves are still recorded.
    expect(audits("staffing.assign")).toHaveLength(2);
    expect(audits("staffing.unassign")).toHaveLength(2);
  });

  it("and a request on a cancelled stop cannot be confirmed", () => {
    const id = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, id, { "f:consumer": 1 });
    const { assignmentId } = signUp(t.db, sara, id, NOW);
    setStopStatus(t.db, leader, id, "cancelled");
    expect(() => confirmAssignment(t.db, leader, id, assignmentId)).toThrow("Stoppet är inställt.");
    expect(assignmentsOn(id)[0]!.status).toBe("requested");
  });
});

describe("booked staff are told when a stop changes", () => {
  const fixture = {
    title: "Besök hos Laröds byalag",
    date: "2030-06-03",
    start: "10:00",
    end: "14:00",
    venueName: "Bygdegården",
    internalNotes: "Nyckel hos ordföranden",
  };
  let id: string;
  beforeEach(() => {
    id = stop(fixture);
    assignStaff(t.db, leader, { stopId: id, userId: sara.id, role: "g:BBMT" });
    assignStaff(t.db, leader, { stopId: id, userId: ahmed.id, role: "g:BSU" });
    t.db.delete(outboxMessages).run();
  });
  const change = (overrides: Partial<StopFixture>) => updateStop(t.db, leader, id, stopInput({ tourId, ...fixture, ...overrides }), { origin: ORIGIN });

  it("on a new time", () => {
    change({ start: "11:00" });
    const mail = staffMail();
    expect(mail.map((m) => m.toAddress).sort()).toEqual([emailOf(sara), emailOf(ahmed)].sort());
    expect(mail[0]!.subject).toBe("Ändrad tid eller plats: Besök hos Laröds byalag");
    expect(mail[0]!.textBody).toContain("(tid)");
  });

  it("on a new place", () => {
    change({ venueName: "Skolan" });
    expect(staffMail()).toHaveLength(2);
    expect(staffMail()[0]!.textBody).toContain("(plats)");
  });

  it("not on a change of internal notes or title", () => {
    change({ internalNotes: "Nyckeln finns i brevlådan", title: "Besök hos Laröds byalag och hembygdsförening" });
    expect(staffMail()).toHaveLength(0);
  });

  it("on cancellation, through the form or the status button, once", () => {
    setStopStatus(t.db, leader, id, "cancelled", { origin: ORIGIN });
    setStopStatus(t.db, leader, id, "cancelled", { origin: ORIGIN });
    const mail = staffMail();
    expect(mail).toHaveLength(2);
    expect(mail.every((m) => m.subject === "Inställt: Besök hos Laröds byalag")).toBe(true);
    t.db.delete(outboxMessages).run();
    const second = stop({ ...fixture, date: "2030-06-10" });
    assignStaff(t.db, leader, { stopId: second, userId: oskar.id, role: "g:BSU" });
    t.db.delete(outboxMessages).run();
    updateStop(t.db, leader, second, stopInput({ tourId, ...fixture, date: "2030-06-10", status: "cancelled" }));
    expect(staffMail().map((m) => [m.toAddress, m.subject])).toEqual([[emailOf(oskar), "Inställt: Besök hos Laröds byalag"]]);
  });

  it("when a cancelled stop is planned again", () => {
    setStopStatus(t.db, leader, id, "cancelled", { origin: ORIGIN });
    t.db.delete(outboxMessages).run();
    setStopStatus(t.db, leader, id, "planned", { origin: ORIGIN });
    const mail = staffMail();
    expect(mail).toHaveLength(2);
    expect(mail[0]!.textBody).toContain("(inte längre inställt)");
  });
});

describe("personal data", () => {
  it("never puts e-mail addresses in the audit details of staffing", () => {
    const a = stop({ date: "2030-06-03", start: "10:00", end: "14:00" });
    setStopNeeds(t.db, leader, a, { "f:consumer": 1, "g:BSU": 1 });
    const { assignmentId } = signUp(t.db, sara, a, NOW);
    confirmAssignment(t.db, leader, a, assignmentId, { origin: ORIGIN });
    const b = assignStaff(t.db, leader, { stopId: a, userId: ahmed.id, role: "g:BSU" }, { origin: ORIGIN });
    unassignStaff(t.db, leader, a, b.assignmentId, { origin: ORIGIN });
    withdraw(t.db, sara, a, NOW);
    const entries = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "stop"), eq(auditLog.entityId, a)))
      .all();
    expect(entries.length).toBeGreaterThanOrEqual(6);
    for (const e of entries) expect(JSON.stringify(e.details)).not.toMatch(/@|rullarut\.example/);
  });
});
