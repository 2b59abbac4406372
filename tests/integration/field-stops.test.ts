/**
 * Which stops the field page (/falt) offers (issue 13 point 3): only stops that are actually
 * on the schedule. A proposed stop is a suggestion whose date nobody may have chosen, and a
 * cancelled one is off: neither may be offered to log questions on. Planned and confirmed stops are.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fieldStops } from "~/domain/field/field-page.server";
import type { Actor } from "~/domain/users/users.server";
import { stockholmToUtc } from "~/utils/dates";
import { seededTestDb, type TestDb } from "../support/db";
import { statementsDuring } from "../support/statements";
import { demoLeader, makeStaff, makeStop, makeTour, type StopFixture } from "../support/fixtures";

// Far beyond the demo data, so only this test's stops are there.
const DAY = "2031-06-10";
const NOW = stockholmToUtc(DAY, "11:00");

let t: TestDb;
let leader: Actor;
let tourId: string;

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  leader = demoLeader(t.db);
  tourId = makeTour(t.db, leader, { startsOn: "2031-01-01", endsOn: "2031-12-31" });
});
afterEach(() => t.cleanup());

function stop(title: string, status: NonNullable<StopFixture["status"]>, date = DAY, start = "10:00", end = "14:00") {
  return makeStop(t.db, leader, { tourId, title, status, date, start, end });
}

describe("the stops field mode offers", () => {
  it("today: the planned and confirmed stops and the ones already marked held, never proposed or cancelled ones", async () => {
    const staff = await makeStaff(t.db);
    const confirmed = stop("Bekräftat", "confirmed");
    const held = stop("Genomfört", "held", DAY, "08:00", "10:30");
    stop("Förslag på platshållardatum", "proposed");
    stop("Planerat", "planned");
    stop("Inställt", "cancelled");

    const result = fieldStops(t.db, staff.id, NOW);
    expect(result.upcoming).toBe(false);
    expect(result.stops.map((s) => s.title).sort()).toEqual(["Bekräftat", "Genomfört", "Planerat"]);
    expect(result.selectedStopId).toBe(confirmed);
    expect(result.points).toHaveLength(3);
    expect(result.stops.map((s) => s.id)).toContain(held);
  });

  it("with nothing happening today: only the next scheduled stops, not a proposed one on a placeholder date", async () => {
    const staff = await makeStaff(t.db);
    stop("Förslag idag", "proposed");
    stop("Förslag på lördag", "proposed", "2031-06-14");
    stop("Inställt i morgon", "cancelled", "2031-06-11");
    stop("Planerat i morgon", "planned", "2031-06-11");
    const next = stop("Bekräftat om en vecka", "confirmed", "2031-06-17");

    const result = fieldStops(t.db, staff.id, NOW);
    expect(result.upcoming).toBe(true);
    expect(result.stops.map((s) => s.title)).toEqual(["Planerat i morgon", "Bekräftat om en vecka"]);
    void next;
  });

  it("keeps the stops per person until stops or bookings change, or the minute turns (issue 15)", async () => {
    const staff = await makeStaff(t.db);
    const first = stop("Bekräftat", "confirmed");
    expect(fieldStops(t.db, staff.id, NOW).stops.map((s) => s.id)).toEqual([first]);
    expect(statementsDuring(t.db, /"stops"/, () => fieldStops(t.db, staff.id, new Date(NOW.getTime() + 20_000)))).toEqual([]);
    expect(statementsDuring(t.db, /"stops"/, () => fieldStops(t.db, staff.id, new Date(NOW.getTime() + 60_000))).length).toBeGreaterThan(0);
    // A stop added today, and a booking, show at once.
    const second = stop("Planerat", "planned", DAY, "09:00", "16:00");
    expect(
      fieldStops(t.db, staff.id, NOW)
        .stops.map((s) => s.id)
        .sort(),
    ).toEqual([first, second].sort());
    t.db.$client
      .prepare("insert into stop_assignments (id, stop_id, user_id, group_code, status) values ('a-test', ?, ?, 'BSU', 'confirmed')")
      .run(second, staff.id);
    const booked = fieldStops(t.db, staff.id, NOW);
    expect(booked.stops[0]).toMatchObject({ id: second, booked: true });
  });

  it("offers nothing when only proposed or cancelled stops exist", async () => {
    const staff = await makeStaff(t.db);
    stop("Förslag", "proposed");
    stop("Inställt", "cancelled", "2031-06-12");
    const result = fieldStops(t.db, staff.id, NOW);
    expect(result.stops).toEqual([]);
    expect(result.selectedStopId).toBeNull();
  });
});
