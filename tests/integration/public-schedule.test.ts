import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopNeeds, type StopStatus } from "#db/schema";
import { formatPlace, formatWhen } from "~/domain/schedule/format";
import {
  countPublicSchedule,
  getPublicScheduleIntro,
  listPublicSchedule,
  PUBLIC_SCHEDULE_LIMIT,
  publicSchedulePage,
} from "~/domain/schedule/public-schedule.server";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop } from "~/domain/stops/stops.server";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { areaIdByName, makeUser } from "../support/fixtures";
import { statementsDuring } from "../support/statements";

const SECRET = "Intern anteckning: nyckeln ligger under mattan";
// The schedule is read as of this instant: Wednesday 2 June 2027, 12:00 in Stockholm.
const NOW = new Date("2027-06-02T10:00:00Z");

let t: TestDb;
let admin: Actor;
let tourId: string;
let areaId: string;

beforeAll(async () => {
  t = await seededTestDb();
  admin = await makeUser(t.db, "admin", { name: "Anna Admin", email: "anna@rullarut.example" });
  tourId = createTour(t.db, admin, tourSchema.parse({ name: "KC rullar ut 2027", startsOn: "2027-01-01", endsOn: "2027-12-31" }));
  areaId = areaIdByName(t.db, "Mörarp");
});
afterAll(() => t.cleanup());

function addStop(title: string, status: StopStatus, date: string, times: [string, string], extra: Record<string, unknown> = {}) {
  return createStop(
    t.db,
    admin,
    stopSchema.parse({
      tourId,
      title,
      kind: "village_visit",
      status,
      areaId,
      startDate: date,
      startTime: times[0],
      endTime: times[1],
      internalNotes: SECRET,
      expectedVisitors: "40",
      actualVisitors: status === "held" ? "35" : undefined,
      ...extra,
    }),
  );
}

describe("listPublicSchedule", () => {
  let ids: Record<string, string>;

  beforeAll(() => {
    ids = {
      // Added out of order, so the order of the result is the query's.
      later: addStop("Höstmarknad i Mörarp", "confirmed", "2027-09-04", ["10:00", "14:00"], {
        venueName: "Bygdegården",
        venueAddress: "Storgatan 1",
        publicDescription: "Välkommen till vårt tält vid scenen!",
      }),
      soon: addStop("Byalagsbesök i Mörarp", "confirmed", "2027-06-10", ["18:00", "20:00"]),
      runningNow: addStop("Pågår just nu", "confirmed", "2027-06-02", ["09:00", "15:00"]),
      endedThisMorning: addStop("Slutade i förmiddags", "confirmed", "2027-06-02", ["08:00", "11:00"]),
      past: addStop("Förra månaden", "confirmed", "2027-05-02", ["10:00", "12:00"]),
      proposed: addStop("Bara ett förslag", "proposed", "2027-06-20", ["10:00", "12:00"]),
      planned: addStop("Planerat men ej bekräftat", "planned", "2027-06-21", ["10:00", "12:00"]),
      held: addStop("Redan genomfört", "held", "2027-06-22", ["10:00", "12:00"]),
      cancelled: addStop("Inställt besök", "cancelled", "2027-06-23", ["10:00", "12:00"]),
    };
    t.db
      .insert(stopNeeds)
      .values([
        { stopId: ids.later!, groupCode: "BBMT", count: 2 },
        { stopId: ids.later!, groupCode: "BSU", count: 1 },
        { stopId: ids.later!, functionCode: "consumer", count: 1 },
        { stopId: ids.later!, functionCode: "budget_debt", count: 1 },
      ])
      .run();
  });

  it("shows confirmed stops that have not ended, soonest first, and nothing else", () => {
    const list = listPublicSchedule(t.db, { now: NOW });
    expect(list.map((s) => s.title)).toEqual(["Pågår just nu", "Byalagsbesök i Mörarp", "Höstmarknad i Mörarp"]);
  });

  it("never carries internal notes, visitor counts or other internal fields, anywhere in the DTO", () => {
    const list = listPublicSchedule(t.db, { now: NOW });
    const json = JSON.stringify(list);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain("mattan");
    for (const stop of list) {
      expect(Object.keys(stop).sort()).toEqual(
        ["advisors", "areaName", "description", "endsAt", "id", "lat", "lng", "startsAt", "title", "updatedAt", "venueAddress", "venueName"].sort(),
      );
      expect(stop).not.toHaveProperty("internalNotes");
      expect(stop).not.toHaveProperty("expectedVisitors");
      expect(stop).not.toHaveProperty("actualVisitors");
      expect(stop).not.toHaveProperty("status");
    }
  });

  it("names who will be there: municipal guides by answer group first, then the advisor functions", () => {
    const later = listPublicSchedule(t.db, { now: NOW }).find((s) => s.id === ids.later)!;
    expect(later.advisors).toEqual(["Kommunvägledare (BSU)", "Kommunvägledare (BBMT)", "Budget- och skuldrådgivning", "Konsumentrådgivning"]);
    expect(later.description).toBe("Välkommen till vårt tält vid scenen!");
    expect(formatPlace(later)).toBe("Bygdegården, Storgatan 1, Mörarp");
    const soon = listPublicSchedule(t.db, { now: NOW }).find((s) => s.id === ids.soon)!;
    expect(soon.advisors).toEqual([]);
    expect(formatPlace(soon)).toBe("Mörarp");
  });

  it("shows the time in Swedish time, spelled out", () => {
    const later = listPublicSchedule(t.db, { now: NOW }).find((s) => s.id === ids.later)!;
    expect(later.startsAt.toISOString()).toBe("2027-09-04T08:00:00.000Z");
    expect(formatWhen(later.startsAt, later.endsAt)).toBe("lör 4 september 2027, kl. 10:00–14:00");
  });

  it("loads no more than the limit, and never more than the page shows", () => {
    expect(listPublicSchedule(t.db, { now: NOW, limit: 2 }).map((s) => s.title)).toEqual(["Pågår just nu", "Byalagsbesök i Mörarp"]);
    expect(listPublicSchedule(t.db, { now: NOW, limit: 10_000 }).length).toBeLessThanOrEqual(PUBLIC_SCHEDULE_LIMIT);
  });

  it("pages through the same list the feed has, and counts it", () => {
    const all = listPublicSchedule(t.db, { now: NOW }).map((s) => s.title);
    expect(countPublicSchedule(t.db, { now: NOW })).toBe(all.length);
    expect(all.length).toBeGreaterThan(2);
    expect(listPublicSchedule(t.db, { now: NOW, limit: 1, offset: 1 }).map((s) => s.title)).toEqual([all[1]]);
    expect(listPublicSchedule(t.db, { now: NOW, limit: 2, offset: 2 }).map((s) => s.title)).toEqual(all.slice(2, 4));
    expect(countPublicSchedule(t.db, { now: new Date("2028-01-01T00:00:00Z") })).toBe(0);
  });

  it("is empty once everything has passed", () => {
    expect(listPublicSchedule(t.db, { now: new Date("2028-01-01T00:00:00Z") })).toEqual([]);
  });

  it("keeps the page's part until a stop or a list changes, or the minute turns (issue 15)", () => {
    const first = publicSchedulePage(t.db, { now: NOW, page: 1, pageSize: 2 });
    expect(first.total).toBe(countPublicSchedule(t.db, { now: NOW }));
    expect(first.stops.map((s) => s.title)).toEqual(["Pågår just nu", "Byalagsbesök i Mörarp"]);
    expect(statementsDuring(t.db, /"stops"/, () => publicSchedulePage(t.db, { now: new Date(NOW.getTime() + 30_000), page: 1, pageSize: 2 }))).toEqual([]);
    // The next minute reads again: the stop running until 15:00 is still there at 12:01.
    const nextMinute = new Date(NOW.getTime() + 60_000);
    expect(statementsDuring(t.db, /"stops"/, () => publicSchedulePage(t.db, { now: nextMinute, page: 1, pageSize: 2 })).length).toBeGreaterThan(0);
    // A new confirmed stop shows at once.
    const added = addStop("Nytt besök i morgon", "confirmed", "2027-06-03", ["10:00", "12:00"]);
    const after = publicSchedulePage(t.db, { now: nextMinute, page: 1, pageSize: 2 });
    expect(after.total).toBe(first.total + 1);
    expect(after.stops.map((s) => s.id)).toContain(added);
    // So does a renamed advisor function (a list).
    t.db.$client.prepare("update advisor_functions set name = 'Konsumentvägledning' where code = 'consumer'").run();
    const page2 = publicSchedulePage(t.db, { now: nextMinute, page: 2, pageSize: 2 });
    expect(page2.stops.flatMap((s) => s.advisors)).toContain("Konsumentvägledning");
    t.db.$client.prepare("update advisor_functions set name = 'Konsumentrådgivning' where code = 'consumer'").run();
    t.db.$client.prepare("update stops set status = 'cancelled' where id = ?").run(added);
  });

  it("keeps the intro until the settings change", () => {
    const intro = getPublicScheduleIntro(t.db);
    expect(statementsDuring(t.db, /"municipality_settings"/, () => getPublicScheduleIntro(t.db))).toEqual([]);
    t.db.$client.prepare("update municipality_settings set office_name = 'Medborgarkontoret'").run();
    expect(getPublicScheduleIntro(t.db).officeName).toBe("Medborgarkontoret");
    t.db.$client.prepare("update municipality_settings set office_name = ?").run(intro.officeName);
  });
});

describe("formatPlace", () => {
  it("names each place once", () => {
    expect(formatPlace({ venueName: "Byalagets lokal, Rydebäck", venueAddress: null, areaName: "Rydebäck" })).toBe("Byalagets lokal, Rydebäck");
    expect(formatPlace({ venueName: null, venueAddress: "Storgatan 1, Mörarp", areaName: "mörarp" })).toBe("Storgatan 1, Mörarp");
    expect(formatPlace({ venueName: "Bygdegården", venueAddress: "Storgatan 1", areaName: null })).toBe("Bygdegården, Storgatan 1");
    expect(formatPlace({ venueName: null, venueAddress: null, areaName: null })).toBe("");
  });
});

describe("formatWhen", () => {
  it("gives both dates when a stop spans days", () => {
    expect(formatWhen(new Date("2027-10-30T08:00:00Z"), new Date("2027-11-01T15:00:00Z"))).toBe(
      "lör 30 oktober 2027 kl. 10:00 – mån 1 november 2027 kl. 16:00",
    );
  });
});
