import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffAbsences, stopAssignments, stopNeeds, stops, tours, userAnswerGroups, users } from "#db/schema";
import { randomId } from "#db/id";
import { boardGrid, bookingNotice, staffingMarkers, unfilledNeeds, type BoardFilters } from "~/domain/staffing/board.server";
import { assignStaff } from "~/domain/staffing/staffing.server";
import { stockholmToUtc } from "~/utils/dates";
import { seededTestDb, type TestDb } from "../support/db";

/**
 * A hand-counted fixture in 2031 (nothing else in the demo data is then):
 *   G 30 mars 01:00–04:00 (DST night)  needs EU 1          booked Karin
 *   A 10 maj 10:00–14:00               needs BSU 2, kons 1  booked Ahmed (BSU)        → saknas 1 + 1
 *   B 10 maj 14:10–16:00               needs BSU 1          booked Ahmed (BSU)        → Ahmed double booked (10 min < 30)
 *   C 1 juni 10:00–12:00 (held)        needs ÄSSF 1         booked Elin, Lina (ÄSSF)  → over-staffed, Lina absent
 *   D 1 juli (cancelled)               needs BSU 1          booked Oskar              → never shown
 *   F 10 maj 12:00–13:00, another tour                      booked Oskar              → Oskar busy during A
 */
let t: TestDb;
let tourId: string;
const ids: Record<string, string> = {};
const people: Record<string, string> = {};

const at = (date: string, time: string) => stockholmToUtc(date, time);

function addStop(key: string, tour: string, date: string, from: string, to: string, status: "planned" | "held" | "cancelled" = "planned") {
  const id = randomId();
  t.db
    .insert(stops)
    .values({
      id,
      tourId: tour,
      title: `Stopp ${key}`,
      kind: "village_visit",
      lat: 56.05,
      lng: 12.7,
      startsAt: at(date, from),
      endsAt: at(date, to),
      status,
      venueName: `Plats ${key}`,
    })
    .run();
  ids[key] = id;
  return id;
}
const need = (stop: string, role: { functionCode?: string; groupCode?: string }, count: number) =>
  t.db
    .insert(stopNeeds)
    .values({ stopId: ids[stop]!, functionCode: role.functionCode ?? null, groupCode: role.groupCode ?? null, count })
    .run();
const book = (stop: string, person: string, role: { functionCode?: string; groupCode?: string }, status: "requested" | "confirmed" = "confirmed") =>
  t.db
    .insert(stopAssignments)
    .values({ stopId: ids[stop]!, userId: people[person]!, functionCode: role.functionCode ?? null, groupCode: role.groupCode ?? null, status })
    .run();

function addStaff(name: string, group: string, active = true) {
  const id = randomId();
  t.db
    .insert(users)
    .values({ id, name, email: `${id}@test.example`, passwordHash: "x", role: "staff", active })
    .run();
  t.db.insert(userAnswerGroups).values({ userId: id, groupCode: group }).run();
  return id;
}

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  for (const u of t.db.select({ id: users.id, email: users.email }).from(users).all()) people[u.email.split("@")[0]!] = u.id;
  tourId = randomId();
  t.db.insert(tours).values({ id: tourId, name: "Testturné 2031", startsOn: "2031-01-01", endsOn: "2031-12-31" }).run();
  const other = randomId();
  t.db.insert(tours).values({ id: other, name: "Annan turné 2031", startsOn: "2031-01-01", endsOn: "2031-12-31" }).run();
  people.bo = addStaff("Bo Andersson", "BSU");
  people.asa = addStaff("Åsa Berg", "BSU");
  people.inactive = addStaff("Ada Inaktiv", "BSU", false);

  addStop("G", tourId, "2031-03-30", "01:00", "04:00");
  need("G", { functionCode: "eu_information" }, 1);
  book("G", "karin.dahl", { functionCode: "eu_information" });
  addStop("A", tourId, "2031-05-10", "10:00", "14:00");
  need("A", { groupCode: "BSU" }, 2);
  need("A", { functionCode: "consumer" }, 1);
  book("A", "ahmed.nilsson", { groupCode: "BSU" });
  addStop("B", tourId, "2031-05-10", "14:10", "16:00");
  need("B", { groupCode: "BSU" }, 1);
  book("B", "ahmed.nilsson", { groupCode: "BSU" });
  addStop("C", tourId, "2031-06-01", "10:00", "12:00", "held");
  need("C", { groupCode: "ASSF" }, 1);
  book("C", "elin.berg", { groupCode: "ASSF" });
  book("C", "lina.hakansson", { groupCode: "ASSF" }, "requested");
  addStop("D", tourId, "2031-07-01", "10:00", "12:00", "cancelled");
  need("D", { groupCode: "BSU" }, 1);
  book("D", "oskar.persson", { groupCode: "BSU" });
  addStop("F", other, "2031-05-10", "12:00", "13:00");
  book("F", "oskar.persson", { groupCode: "BSU" });
  t.db.insert(staffAbsences).values({ userId: people["lina.hakansson"]!, kind: "leave", startsOn: "2031-06-01", endsOn: "2031-06-01" }).run();
  t.db.insert(staffAbsences).values({ userId: people.personal!, kind: "vacation", startsOn: "2031-05-05", endsOn: "2031-05-12" }).run();
});

afterAll(() => t?.cleanup());

const filters = (over: Partial<BoardFilters> = {}): BoardFilters => ({ tourId, month: null, role: null, unfilledOnly: false, ...over });

describe("the staffing board", () => {
  it("lists the tour's stops that are not cancelled, in time order, with filled/needed per role column", () => {
    const grid = boardGrid(t.db, filters(), 1);
    expect(grid.rows.map((r) => r.title)).toEqual(["Stopp G", "Stopp A", "Stopp B", "Stopp C"]);
    expect(grid.total).toBe(4);
    expect(grid.pageCount).toBe(1);
    // Functions first, then answer groups, in the reference order.
    expect(grid.columns.map((c) => c.role)).toEqual(["f:consumer", "f:eu_information", "g:BSU", "g:ASSF"]);
    const a = grid.rows[1]!;
    expect(a.place).toBe("Plats A");
    expect(a.cells.map((c) => `${c.filled}/${c.needed}`)).toEqual(["0/1", "0/0", "1/2", "0/0"]);
    expect(a.cells[2]!.people).toEqual([{ name: "Ahmed Nilsson", requested: false }]);
    expect(a.missing).toBe(2);
    const c = grid.rows[3]!;
    expect(c.cells[3]).toMatchObject({ filled: 2, needed: 1 });
    expect(c.cells[3]!.people).toContainEqual({ name: "Lina Håkansson", requested: true });
    expect(c.missing).toBe(0);
  });

  it("gives every role a stop neither needs nor has anyone on one shared cell, so the page's data carries it once", () => {
    const grid = boardGrid(t.db, filters(), 1);
    const empty = grid.rows.flatMap((r) => r.cells.filter((c) => !c.needed && !c.filled));
    expect(empty.length).toBeGreaterThan(1);
    expect(new Set(empty).size).toBe(1);
    expect(empty[0]).toEqual({ needed: 0, filled: 0, people: [] });
  });

  it("shows double bookings with the travel buffer and absences as conflicts; over-staffing only in its cell", () => {
    const rows = boardGrid(t.db, filters(), 1).rows;
    const byTitle = Object.fromEntries(rows.map((r) => [r.title, r.conflicts]));
    expect(byTitle["Stopp G"]).toEqual([]);
    expect(byTitle["Stopp A"]).toEqual(["Ahmed Nilsson är dubbelbokad: även på ”Stopp B” (bara 10 min emellan)."]);
    expect(byTitle["Stopp B"]).toEqual(["Ahmed Nilsson är dubbelbokad: även på ”Stopp A” (bara 10 min emellan)."]);
    // Over-staffing is not a conflict (issue 13, point 5e): C's only conflict is Lina's absence.
    expect(byTitle["Stopp C"]).toEqual(["Lina Håkansson är frånvarande sön 1 juni 2031."]);
    expect(rows.find((r) => r.title === "Stopp C")!.cells[3]).toMatchObject({ filled: 2, needed: 1 });
  });

  it("filters by month, by role and to unfilled stops only", () => {
    expect(boardGrid(t.db, filters({ month: "2031-06" }), 1).rows.map((r) => r.title)).toEqual(["Stopp C"]);
    const assf = boardGrid(t.db, filters({ role: "g:ASSF" }), 1);
    expect(assf.rows.map((r) => r.title)).toEqual(["Stopp C"]);
    expect(assf.columns.map((c) => c.role)).toEqual(["g:ASSF"]);
    expect(boardGrid(t.db, filters({ unfilledOnly: true }), 1).rows.map((r) => r.title)).toEqual(["Stopp A"]);
    expect(boardGrid(t.db, filters({ role: "g:BSU", unfilledOnly: true }), 1).rows.map((r) => r.title)).toEqual(["Stopp A"]);
    expect(boardGrid(t.db, filters({ role: "f:eu_information", unfilledOnly: true }), 1).rows).toEqual([]);
  });

  it("pages the rows 25 at a time", () => {
    const paged = randomId();
    t.db.insert(tours).values({ id: paged, name: "Många stopp", startsOn: "2032-01-01", endsOn: "2032-12-31" }).run();
    for (let i = 0; i < 27; i++) addStop(`P${i}`, paged, `2032-02-${String(i + 1).padStart(2, "0")}`, "10:00", "11:00");
    const first = boardGrid(t.db, { tourId: paged, month: null, role: null, unfilledOnly: false }, 1);
    const second = boardGrid(t.db, { tourId: paged, month: null, role: null, unfilledOnly: false }, 2);
    expect(first.rows).toHaveLength(25);
    expect(first.pageCount).toBe(2);
    expect(second.rows.map((r) => r.title)).toEqual(["Stopp P25", "Stopp P26"]);
    expect(first.columns).toEqual([]);
  });
});

describe("unfilled needs and suggestions", () => {
  const now = at("2031-01-01", "00:00");

  it("lists each open place of stops still to come, in time order", () => {
    const open = unfilledNeeds(t.db, filters(), { now });
    expect(open.needs.map((n) => [n.title, n.role, n.missing])).toEqual([
      ["Stopp A", "g:BSU", 1],
      ["Stopp A", "f:consumer", 1],
    ]);
    expect(open.total).toBe(2);
    expect(open.places).toBe(2);
    expect(open.needs[0]!.roleLabel).toBe("kommunvägledare BSU");
    // Stops that have started are left out.
    expect(unfilledNeeds(t.db, filters(), { now: at("2031-05-10", "11:00") }).total).toBe(0);
    expect(unfilledNeeds(t.db, filters({ role: "f:consumer" }), { now }).needs.map((n) => n.role)).toEqual(["f:consumer"]);
  });

  it("suggests active, qualified people who are free and not absent, fewest stops in the tour first, then by name", () => {
    const open = unfilledNeeds(t.db, filters(), { now, suggestions: true });
    const bsu = open.needs.find((n) => n.role === "g:BSU")!;
    // Ahmed is on the stop, Oskar is busy on another tour's stop, Ada is inactive, Elin is not BSU.
    // Bo and Åsa have no stops (tie: by name, Å last in Swedish), Lina has one (C).
    expect(bsu.suggestions.map((s) => [s.name, s.stopsInTour])).toEqual([
      ["Bo Andersson", 0],
      ["Åsa Berg", 0],
      ["Lina Håkansson", 1],
    ]);
    // The only consumer advisor (Sara Holm) is on vacation then.
    expect(open.needs.find((n) => n.role === "f:consumer")!.suggestions).toEqual([]);
  });

  it("a busy person within the travel buffer is not suggested", () => {
    // Bo gets a stop ending 09:45 the same day: 15 minutes before A, inside the 30-minute buffer.
    addStop("H", tourId, "2031-05-10", "08:00", "09:45");
    book("H", "bo", { groupCode: "BSU" });
    try {
      const bsu = unfilledNeeds(t.db, filters({ role: "g:BSU" }), { now, suggestions: true }).needs[0]!;
      expect(bsu.suggestions.map((s) => s.name)).toEqual(["Åsa Berg", "Lina Håkansson"]);
    } finally {
      t.db.delete(stops).where(eq(stops.id, ids.H!)).run();
    }
  });

  it("booking a suggestion fills the gap and the notice names the conflicts it made", () => {
    const leader = t.db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, "turne@rullarut.example")).get()!;
    const { assignmentId } = assignStaff(t.db, leader, { stopId: ids.A!, userId: people.bo!, role: "g:BSU" });
    try {
      const a = boardGrid(t.db, filters(), 1).rows.find((r) => r.title === "Stopp A")!;
      expect(a.cells[2]).toMatchObject({ filled: 2, needed: 2 });
      expect(a.missing).toBe(1);
      expect(unfilledNeeds(t.db, filters(), { now }).needs.map((n) => n.role)).toEqual(["f:consumer"]);
      expect(bookingNotice(t.db, assignmentId)).toEqual({
        name: "Bo Andersson",
        title: "Stopp A",
        role: "kommunvägledare BSU",
        conflicts: [],
        overStaffed: [],
      });
    } finally {
      t.db.delete(stopAssignments).where(eq(stopAssignments.id, assignmentId)).run();
    }
  });
});

describe("calendar markers", () => {
  it("give each stop's open places, conflicts and over-staffing apart, and leave out cancelled and fully staffed stops", () => {
    const list = t.db.select().from(stops).where(eq(stops.tourId, tourId)).all();
    const markers = staffingMarkers(t.db, list);
    expect(markers.get(ids.A!)).toEqual({ missing: 2, conflicts: 1, overStaffed: false });
    expect(markers.get(ids.B!)).toEqual({ missing: 0, conflicts: 1, overStaffed: false });
    expect(markers.get(ids.C!)).toEqual({ missing: 0, conflicts: 1, overStaffed: true });
    expect(markers.has(ids.D!)).toBe(false);
    expect(markers.has(ids.G!)).toBe(false);
  });
});
