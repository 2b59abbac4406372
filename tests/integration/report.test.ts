/**
 * The yearly report's figures (issue 7) against a hand-counted fixture. Every expected number is
 * written out literally, with the count that gives it in a comment. The reference areas are
 * archived so that the population figures are our own four areas:
 *   A 1 000, B 3 000, C (no population), D 6 000 → 10 000 people in areas with a population.
 */
import { randomUUID } from "node:crypto";
import { eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areas, cases, invitationBatches, invitationReplies, invitations, organizations, stopAssignments, stops } from "#db/schema";
import type { Db } from "~/db.server";
import { changeCaseStatus } from "~/domain/cases/cases.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { previousPeriod, rangePeriod, tourPeriod, yearPeriod } from "~/domain/report/period";
import { reportMapData } from "~/domain/report/report-map.server";
import { yearlyReport } from "~/domain/report/report.server";
import { markHeld, setStopStatus } from "~/domain/stops/stops.server";
import { createUser, type Actor } from "~/domain/users/users.server";
import { stockholmToUtc } from "~/utils/dates";
import { seededTestDb, type TestDb } from "../support/db";
import { makeStaff, makeStop, makeTour } from "../support/fixtures";

let t: TestDb;
let db: Db;
let leader: Actor;
const ids = {} as Record<string, string>;

function area(name: string, population: number | null): string {
  return db.insert(areas).values({ name, kind: "stadsdel", lat: 56.05, lng: 12.7, population }).returning({ id: areas.id }).get().id;
}

function stop(
  tourId: string,
  s: { title: string; kind?: string; areaId: string; date: string; start: string; end: string; endDate?: string; held?: number | null },
): string {
  const id = makeStop(db, leader, { tourId, title: s.title, kind: s.kind, date: s.date, start: s.start, end: s.end, endDate: s.endDate, status: "planned" });
  db.update(stops).set({ areaId: s.areaId }).where(eq(stops.id, id)).run();
  if (s.held !== undefined) {
    // Marked held after the stop (a stop cannot be marked held before it begins).
    markHeld(db, leader, id, { actualVisitors: s.held as number, summary: undefined }, new Date("2040-01-01T00:00:00Z"));
    if (s.held === null) db.update(stops).set({ actualVisitors: null }).where(eq(stops.id, id)).run();
  }
  return id;
}

function question(
  stopId: string,
  q: { at: [string, string]; category: string; topics?: string[]; onSpot: boolean; department?: string; areaId?: string },
): string {
  const input = fieldQuestionSchema.parse({
    id: randomUUID(),
    stopId,
    loggedAt: stockholmToUtc(q.at[0], q.at[1]).toISOString(),
    question: "En fråga från en invånare",
    category: q.category,
    topics: q.topics ?? [],
    answeredOnSpot: q.onSpot,
    departmentCode: q.department,
    areaId: q.areaId,
  });
  // Received a minute after it was logged, so it falls in the window of issue 12 whatever today is.
  return recordFieldQuestion(db, leader, input, new Date(input.loggedAt.getTime() + 60_000)).caseId;
}

function assign(stopId: string, userId: string, role: { functionCode?: string; groupCode?: string }) {
  db.insert(stopAssignments)
    .values({ stopId, userId, functionCode: role.functionCode ?? null, groupCode: role.groupCode ?? null, status: "confirmed" })
    .run();
}

beforeAll(async () => {
  t = await seededTestDb();
  db = t.db;
  const leaderId = await createUser(db, null, {
    name: "Turnéledare",
    email: "leader@test.example",
    role: "tour_leader",
    password: "ett-langt-losenord",
    answerGroups: [],
    advisorFunctions: [],
  });
  leader = { id: leaderId, role: "tour_leader" };
  db.update(areas).set({ archivedAt: new Date() }).where(isNull(areas.archivedAt)).run();
  ids.A = area("Område A", 1000);
  ids.B = area("Område B", 3000);
  ids.C = area("Område C", null);
  ids.D = area("Område D", 6000);

  ids.t29 = makeTour(db, leader, { name: "Turné 2029", startsOn: "2029-01-01", endsOn: "2029-12-31" });
  ids.t30 = makeTour(db, leader, { name: "Turné 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" });

  // 2029
  ids.S0 = stop(ids.t29, { title: "S0", areaId: ids.B, date: "2029-06-01", start: "10:00", end: "12:00", held: 20 });
  question(ids.S0, { at: ["2029-06-01", "10:30"], category: "g:BSU", onSpot: true });
  // Across New Year: 22:00 on 31 Dec to 02:00 on 1 Jan, Stockholm time. Counts in 2029 and in 2030.
  ids.SB = stop(ids.t29, { title: "Nyårsstopp", areaId: ids.A, date: "2029-12-31", start: "22:00", end: "02:00", endDate: "2030-01-01", held: 10 });
  question(ids.SB, { at: ["2029-12-31", "23:30"], category: "other", onSpot: true });
  // 00:30 on 1 Jan in Stockholm is 23:30 on 31 Dec in UTC: it belongs to 2030.
  question(ids.SB, { at: ["2030-01-01", "00:30"], category: "other", topics: ["kollektivtrafik"], onSpot: false, department: "stadsbyggnad" });

  // 2030
  ids.S1 = stop(ids.t30, { title: "S1", kind: "village_visit", areaId: ids.A, date: "2030-05-10", start: "10:00", end: "14:00", held: 40 });
  question(ids.S1, { at: ["2030-05-10", "10:15"], category: "g:BSU", topics: ["trafik", "stadsmiljo"], onSpot: true });
  question(ids.S1, { at: ["2030-05-10", "11:00"], category: "f:consumer", topics: ["trafik"], onSpot: false, department: "stadsbyggnad" });
  question(ids.S1, { at: ["2030-05-10", "12:00"], category: "other", onSpot: true, areaId: ids.B });
  ids.S2 = stop(ids.t30, { title: "S2", kind: "market", areaId: ids.B, date: "2030-08-01", start: "10:00", end: "16:00", held: 100 });
  const q4 = question(ids.S2, { at: ["2030-08-01", "11:00"], category: "g:BSU", topics: ["stadsmiljo"], onSpot: false, department: "miljo" });
  changeCaseStatus(db, leader, q4, "closed");
  ids.S3 = stop(ids.t30, { title: "S3", kind: "fair", areaId: ids.C, date: "2030-09-01", start: "10:00", end: "15:00", held: null });
  // Planned, not held: its question counts (the stop is not cancelled), the stop does not count as held.
  ids.S4 = stop(ids.t30, { title: "S4", kind: "village_visit", areaId: ids.D, date: "2030-10-01", start: "10:00", end: "12:00" });
  question(ids.S4, { at: ["2030-10-01", "10:30"], category: "g:BBMT", onSpot: true });
  // Held with 500 visitors and two questions, then cancelled: must count nowhere.
  ids.SX = stop(ids.t30, { title: "Inställt", kind: "city_festival", areaId: ids.D, date: "2030-06-06", start: "10:00", end: "18:00", held: 500 });
  question(ids.SX, { at: ["2030-06-06", "11:00"], category: "g:BSU", topics: ["trafik"], onSpot: true });
  question(ids.SX, { at: ["2030-06-06", "12:00"], category: "f:consumer", topics: ["trafik"], onSpot: false, department: "miljo" });
  setStopStatus(db, leader, ids.SX, "cancelled");

  // Staff: hours per role.
  const u1 = await makeStaff(db, { advisorFunctions: ["consumer"] });
  const u2 = await makeStaff(db, { answerGroups: ["BSU"] });
  const u3 = await makeStaff(db, { answerGroups: ["BSU"] });
  assign(ids.S1, u1.id, { functionCode: "consumer" }); // held, 4 h
  assign(ids.SX, u1.id, { functionCode: "consumer" }); // cancelled: excluded
  assign(ids.S2, u2.id, { groupCode: "BSU" }); // held, 6 h
  assign(ids.S4, u2.id, { groupCode: "BSU" }); // planned, 2 h
  assign(ids.SB, u3.id, { groupCode: "BSU" }); // held, 4 h across New Year

  // Invitations.
  const org = (name: string, areaId: string) => db.insert(organizations).values({ name, kind: "byalag", areaId }).returning({ id: organizations.id }).get().id;
  const o = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => org(`Byalag ${n}`, ids.A!));
  const batch = (tourId: string, kind: "visit_offer" | "info_evening", stopId: string | null = null) =>
    db
      .insert(invitationBatches)
      .values({ tourId, kind, stopId, subject: "Inbjudan", bodyTemplate: "Hej", deadline: "2030-03-01" })
      .returning({ id: invitationBatches.id })
      .get().id;
  const invite = (
    batchId: string,
    organizationId: string,
    status: "draft" | "sent" | "opened" | "accepted" | "declined" | "bounced" | "revoked",
    sent: string | null,
    answer?: "yes" | "no",
  ) => {
    const id = db
      .insert(invitations)
      .values({ batchId, organizationId, status, sentAt: sent ? stockholmToUtc(sent, "09:00") : null })
      .returning({ id: invitations.id })
      .get().id;
    if (answer) db.insert(invitationReplies).values({ invitationId: id, answer }).run();
  };
  const offer30 = batch(ids.t30, "visit_offer");
  invite(offer30, o[0]!, "accepted", "2030-02-01", "yes");
  invite(offer30, o[1]!, "declined", "2030-02-01", "no");
  invite(offer30, o[2]!, "sent", "2030-02-01");
  invite(offer30, o[3]!, "draft", null);
  invite(offer30, o[4]!, "bounced", "2030-02-01");
  const evening30 = batch(ids.t30, "info_evening", ids.S4);
  invite(evening30, o[0]!, "declined", "2030-02-01", "no"); // Byalag 1 again: counted once, as accepted
  const cancelledEvening = batch(ids.t30, "info_evening", ids.SX);
  invite(cancelledEvening, o[5]!, "opened", "2030-02-01"); // to a cancelled stop: excluded
  const offer29 = batch(ids.t29, "visit_offer");
  invite(offer29, o[6]!, "accepted", "2029-02-01", "yes"); // 2029 only
  invite(offer29, o[7]!, "opened", "2030-01-05"); // the 2029 tour's batch, but sent in 2030
});

afterAll(() => t?.cleanup());

describe("yearlyReport", () => {
  it("counts the held stops, visitors, areas and population of a year, without the cancelled stop", () => {
    const r = yearlyReport(db, yearPeriod(2030));
    // Held in 2030: S1, S2, S3 and the New Year stop SB = 4 (S4 is planned, SX cancelled).
    expect(r.stops.held).toBe(4);
    // 40 (S1) + 100 (S2) + 0 (S3, no count) + 10 (SB) = 150; SX's 500 is left out.
    expect(r.stops.visitors).toBe(150);
    expect(r.stops.heldWithoutVisitorCount).toBe(1);
    // village_visit: S1, SB (40 + 10); market: S2; fair: S3.
    expect(r.stops.heldByKind).toEqual([
      { kind: "village_visit", name: "Byalagsbesök", held: 2, visitors: 50 },
      { kind: "fair", name: "Mässa", held: 1, visitors: 0 },
      { kind: "market", name: "Marknad", held: 1, visitors: 100 },
    ]);
    // A: S1, SB; B: S2; C: S3.
    expect(r.stops.heldByArea).toEqual([
      { areaId: ids.A, areaName: "Område A", held: 2, visitors: 50 },
      { areaId: ids.B, areaName: "Område B", held: 1, visitors: 100 },
      { areaId: ids.C, areaName: "Område C", held: 1, visitors: 0 },
    ]);
    expect(r.stops.byStatus).toEqual({ proposed: 0, planned: 1, confirmed: 0, held: 4, cancelled: 1 });
    // Reached: A, B, C = 3 (D only through the planned S4 and the cancelled SX).
    // Population: A 1 000 + B 3 000 = 4 000 of 10 000; C has none.
    expect(r.areas).toEqual({
      reached: 3,
      reachedPopulation: 4000,
      totalPopulation: 10000,
      populationShare: 0.4,
      reachedWithoutPopulation: [{ areaId: ids.C, areaName: "Område C", archived: false }],
      activeAreasWithoutPopulation: 1,
    });
  });

  it("counts the questions by category, topic, area and department, and the share on the spot", () => {
    const q = yearlyReport(db, yearPeriod(2030)).questions;
    // 2030: S1 ×3, S2 ×1, S4 ×1, SB's 00:30 question ×1 = 6; SX's two and SB's 23:30 (2029) are out.
    expect(q.total).toBe(6);
    // On the spot: S1's first and third, S4's = 3 of 6.
    expect(q.answeredOnSpot).toBe(3);
    expect(q.shareOnSpot).toBe(0.5);
    // g:BSU: S1, S2; other: S1, SB; f:consumer: S1; g:BBMT: S4.
    expect(q.byCategory.map((c) => [c.key, c.count])).toEqual([
      ["g:BSU", 2],
      ["other", 2],
      ["f:consumer", 1],
      ["g:BBMT", 1],
    ]);
    expect(q.byCategory.find((c) => c.key === "other")?.label).toBe("Övrigt");
    // trafik: S1 ×2; stadsmiljö: S1, S2; kollektivtrafik: SB. (SX's two trafik questions are out.)
    expect(q.byTopic).toEqual([
      { key: "stadsmiljo", label: "Stadsmiljö", count: 2 },
      { key: "trafik", label: "Trafik", count: 2 },
      { key: "kollektivtrafik", label: "Kollektivtrafik", count: 1 },
    ]);
    // A: S1 ×2 + SB; B: S1's third (set to B) + S2; D: S4.
    expect(q.byArea).toEqual([
      { key: ids.A, label: "Område A", count: 3 },
      { key: ids.B, label: "Område B", count: 2 },
      { key: ids.D, label: "Område D", count: 1 },
    ]);
    // Topic and area (the map's hot spots): trafik in A: S1's first two; kollektivtrafik in A: SB's 00:30;
    // stadsmiljö in A: S1's first; stadsmiljö in B: S2. S1's third (B) has no topic; SX's two are out.
    expect(q.byTopicAndArea.map((h) => [h.topicLabel, h.areaName, h.count])).toEqual([
      ["Trafik", "Område A", 2],
      ["Kollektivtrafik", "Område A", 1],
      ["Stadsmiljö", "Område A", 1],
      ["Stadsmiljö", "Område B", 1],
    ]);
    expect(q.byTopicAndArea[0]).toMatchObject({ topic: "trafik", areaId: ids.A });
    // stadsbyggnad: S1, SB; miljö: S2 (SX's miljö question is out).
    expect(q.byDepartment).toEqual([
      { key: "stadsbyggnad", label: "Stadsbyggnadsförvaltningen", count: 2 },
      { key: "miljo", label: "Miljöförvaltningen", count: 1 },
    ]);
  });

  it("gives the map the areas reached and the hot spots by topic, as in the tables", () => {
    const m = reportMapData(db, yearPeriod(2030));
    // The reference areas are archived, with nothing in 2030: left out. A: S1, SB held, 3 questions;
    // B: S2 held, S1's third and S2's questions; C: S3 held, none; D: not reached, S4's question.
    expect(m.areas.map(([id, name, , , held, questions]) => [id, name, held, questions])).toEqual([
      [ids.A, "Område A", 2, 3],
      [ids.B, "Område B", 1, 2],
      [ids.C, "Område C", 1, 0],
      [ids.D, "Område D", 0, 1],
    ]);
    expect(m.topics).toEqual([
      ["stadsmiljo", "Stadsmiljö", 2],
      ["trafik", "Trafik", 2],
      ["kollektivtrafik", "Kollektivtrafik", 1],
    ]);
    // [topic, area, questions]: trafik in A 2; kollektivtrafik in A 1; stadsmiljö in A 1 and in B 1.
    expect(m.spots).toEqual([
      [1, 0, 2],
      [2, 0, 1],
      [0, 0, 1],
      [0, 1, 1],
    ]);
    expect(m.withoutArea).toBe(0);
    expect(reportMapData(db, yearPeriod(2035))).toMatchObject({ topics: [], spots: [], withoutArea: 0 });
  });

  it("counts forwarded cases by status, staff hours per role and invited organizations once each", () => {
    const r = yearlyReport(db, yearPeriod(2030));
    // Forwarded: S1's consumer question and SB's 00:30 question (still forwarded), S2's (closed since).
    expect(r.forwarded).toEqual({ total: 3, byStatus: { new: 0, answered: 0, forwarded: 2, closed: 1 } });
    // consumer: S1 4 h worked. BSU: S2 6 h + SB 4 h worked, S4 2 h planned. SX excluded.
    expect(r.staffHours.roles.map(({ role, bookings, workedMinutes, plannedMinutes }) => ({ role, bookings, workedMinutes, plannedMinutes }))).toEqual([
      { role: "f:consumer", bookings: 1, workedMinutes: 240, plannedMinutes: 0 },
      { role: "g:BSU", bookings: 3, workedMinutes: 600, plannedMinutes: 120 },
    ]);
    expect(r.staffHours.totals).toEqual({ bookings: 4, workedMinutes: 840, plannedMinutes: 120 });
    // Invited: Byalag 1 (yes, and no to the evening: counted once, as yes), 2 (no), 3 (sent), 5 (bounced),
    // 8 (2029 batch, sent in 2030) = 5. Byalag 4 is a draft, 6 was invited to the cancelled stop, 7 only in 2029.
    expect(r.invitations).toEqual({ invited: 5, accepted: 1, declined: 1, noAnswer: 2, other: 1 });
  });

  it("compares with the previous year", () => {
    const c = yearlyReport(db, yearPeriod(2030)).comparison;
    expect(c.previous.startsOn).toBe("2029-01-01");
    // 2029: S0 and SB held (20 + 10 visitors), areas B and A, questions S0's and SB's 23:30, both on the spot.
    expect(c.before).toEqual({ stopsHeld: 2, visitors: 30, areasReached: 2, questions: 2, answeredOnSpot: 2, shareOnSpot: 1 });
    expect(c.current).toEqual({ stopsHeld: 4, visitors: 150, areasReached: 3, questions: 6, answeredOnSpot: 3, shareOnSpot: 0.5 });
    expect(c.difference).toEqual({ stopsHeld: 2, visitors: 120, areasReached: 1, questions: 4, shareOnSpot: -0.5 });
  });

  it("reports a tour's own stops only, compared with the previous tour", () => {
    const tour = { id: ids.t30!, name: "Turné 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" };
    const r = yearlyReport(db, tourPeriod(tour));
    expect(r.comparison.previous.tourId).toBe(ids.t29);
    expect(r.comparison.previous.label).toBe("Turné 2029");
    // The year 2030 also counts the 2029 tour's New Year stop (held, 10 visitors, its 00:30 question
    // not answered on the spot); the 2030 tour does not: S1, S2 and S3 held (140 visitors, areas A, B
    // and C), and the questions of S1 (three), S2 and S4, three of five on the spot.
    expect(r.comparison.current).toEqual({ stopsHeld: 3, visitors: 140, areasReached: 3, questions: 5, answeredOnSpot: 3, shareOnSpot: 0.6 });
    expect(yearlyReport(db, yearPeriod(2030)).comparison.current).toMatchObject({ stopsHeld: 4, questions: 6 });
    expect(r.questions.byDepartment.find((d) => d.key === "stadsbyggnad")?.count).toBe(1);
    // The 2029 tour's batch sent in January 2030 counts in the year, not in the 2030 tour.
    expect(r.invitations.invited).toBe(yearlyReport(db, yearPeriod(2030)).invitations.invited - 1);
    // Its previous tour likewise: S0 and the New Year stop, with the 2029 questions of both.
    expect(r.comparison.before).toEqual({ stopsHeld: 2, visitors: 30, areasReached: 2, questions: 2, answeredOnSpot: 2, shareOnSpot: 1 });
  });

  it("reports an empty year as zeros, with shares null rather than NaN", () => {
    const r = yearlyReport(db, yearPeriod(2035));
    expect(r.stops).toEqual({
      held: 0,
      visitors: 0,
      heldWithoutVisitorCount: 0,
      heldByKind: [],
      heldByArea: [],
      byStatus: { proposed: 0, planned: 0, confirmed: 0, held: 0, cancelled: 0 },
    });
    expect(r.invitations).toEqual({ invited: 0, accepted: 0, declined: 0, noAnswer: 0, other: 0 });
    expect(r.areas.reached).toBe(0);
    expect(r.areas.reachedPopulation).toBe(0);
    expect(r.areas.populationShare).toBe(0);
    expect(r.questions).toEqual({
      total: 0,
      answeredOnSpot: 0,
      shareOnSpot: null,
      byCategory: [],
      byTopic: [],
      byArea: [],
      byDepartment: [],
      byTopicAndArea: [],
    });
    expect(r.forwarded).toEqual({ total: 0, byStatus: { new: 0, answered: 0, forwarded: 0, closed: 0 } });
    expect(r.staffHours).toEqual({ roles: [], totals: { bookings: 0, workedMinutes: 0, plannedMinutes: 0 } });
    expect(r.comparison.difference).toEqual({ stopsHeld: 0, visitors: 0, areasReached: 0, questions: 0, shareOnSpot: null });
    expect(JSON.stringify(r)).not.toContain("NaN");
  });

  it("counts a stop across the period's boundary in a range that only touches it", () => {
    // 1 January 2030 alone: only the New Year stop (until 02:00) and its 00:30 question.
    const r = yearlyReport(db, rangePeriod("2030-01-01", "2030-01-01"));
    expect(r.stops.held).toBe(1);
    expect(r.stops.visitors).toBe(10);
    expect(r.questions.total).toBe(1);
    // The range before: 31 December 2029, the same stop and its 23:30 question.
    expect(r.comparison.previous.startsOn).toBe("2029-12-31");
    expect(r.comparison.before).toMatchObject({ stopsHeld: 1, visitors: 10, questions: 1 });
    expect(previousPeriod(r.period).endsOn).toBe("2029-12-31");
  });

  it("answers a repeated report from the cache until the data change", () => {
    const first = yearlyReport(db, yearPeriod(2030));
    expect(yearlyReport(db, yearPeriod(2030))).toBe(first);
    db.update(stops).set({ actualVisitors: 41 }).where(eq(stops.id, ids.S1!)).run();
    const second = yearlyReport(db, yearPeriod(2030));
    expect(second).not.toBe(first);
    expect(second.stops.visitors).toBe(151);
    db.update(stops).set({ actualVisitors: 40 }).where(eq(stops.id, ids.S1!)).run();
    // Cases are still one per question: the fixture is what the figures were counted from.
    expect(db.select().from(cases).all()).toHaveLength(10);
  });
});
