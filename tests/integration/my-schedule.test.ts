import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopAssignments } from "#db/schema";
import { DEMO_CONFLICT } from "#db/seed/demo-staffing";
import { closeDb } from "~/db.server";
import { createFeedKey, revokeFeedKey } from "~/domain/calendar/feed-keys.server";
import { addAbsence } from "~/domain/staffing/absences.server";
import { getMySchedule, MY_SCHEDULE_PAGE_SIZE, openPlacesFor, osmLink, ownConflicts } from "~/domain/staffing/my-schedule.server";
import { setStopNeeds, signUp } from "~/domain/staffing/staffing.server";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop, setStopStatus } from "~/domain/stops/stops.server";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import type { Actor } from "~/domain/users/users.server";
import { loader as myFeedLoader } from "~/routes/flode.$key.mitt-schema[.]ics";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail } from "../support/fixtures";
import { statementsDuring } from "../support/statements";

let t: TestDb;
let leader: Actor;
let nils: Actor;
let tourId: string;
const NOW = new Date("2035-03-01T08:00:00Z");

const actor = (email: string): Actor => actorByEmail(t.db, email);

function stop(title: string, date: string, start: string, end: string, status = "confirmed") {
  return createStop(
    t.db,
    leader,
    stopSchema.parse({
      tourId,
      title,
      kind: "other",
      status,
      venueName: "Bygdegården",
      areaId: undefined,
      lat: "56.1",
      lng: "12.8",
      startDate: date,
      startTime: start,
      endTime: end,
    }),
  );
}

function book(stopId: string, who: Actor, status: "requested" | "confirmed" = "confirmed") {
  t.db
    .insert(stopAssignments)
    .values({
      stopId,
      userId: who.id,
      functionCode: "volunteer_center",
      status,
      createdByUserId: leader.id,
    })
    .run();
}

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  process.env.DATABASE_PATH = t.file;
  leader = actor("turne@rullarut.example");
  nils = actor("nils.wikstrom@rullarut.example");
  tourId = createTour(
    t.db,
    leader,
    tourSchema.parse({
      name: "Schematest 2035",
      startsOn: "2035-01-01",
      endsOn: "2035-12-31",
    }),
  );
});
afterAll(() => {
  closeDb();
  t.cleanup();
});

describe("getMySchedule", () => {
  it("lists upcoming bookings from today (Stockholm), with place, role and status; earlier ones of the running tour apart", () => {
    const past = stop("Förra veckan", "2035-02-20", "10:00", "12:00", "held");
    // Ends 23:30 Stockholm time on 28 February, which is 22:30 UTC: yesterday in Stockholm, so past.
    const lateLastNight = stop("Sent i går", "2035-02-28", "22:00", "23:30");
    const next = stop("Nästa vecka", "2035-03-08", "10:00", "14:00");
    book(past, nils);
    book(lateLastNight, nils);
    book(next, nils, "requested");
    const s = getMySchedule(t.db, nils.id, { now: NOW });
    expect(s.today).toBe("2035-03-01");
    expect(s.upcoming.map((b) => b.title)).toEqual(["Nästa vecka"]);
    expect(s.upcoming[0]).toMatchObject({
      roleLabel: "volontärsamordnare",
      status: "requested",
      venueName: "Bygdegården",
      tourId,
      lat: 56.1,
      lng: 12.8,
    });
    expect(s.past.map((b) => b.title)).toEqual(["Sent i går", "Förra veckan"]);
  });

  it("shows the person's own double bookings (travel buffer included) and bookings during an absence", () => {
    const a = stop("Förmiddag i Mörarp", "2035-04-02", "09:00", "12:00");
    const b = stop("Lunch i Kattarp", "2035-04-02", "12:15", "14:00");
    const c = stop("Kväll i Ödåkra", "2035-04-09", "18:00", "20:00");
    for (const id of [a, b, c]) book(id, nils);
    addAbsence(t.db, nils, nils.id, {
      kind: "leave",
      startsOn: "2035-04-09",
      endsOn: "2035-04-09",
    });
    const s = getMySchedule(t.db, nils.id, { now: NOW });
    expect(s.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "double_booking",
          stopId: b,
          otherStopId: a,
          gapMinutes: 15,
        }),
        expect.objectContaining({ kind: "absence", stopId: c }),
      ]),
    );
    expect(s.conflicts).toHaveLength(2);
    expect(s.conflictTitles[b]).toBe("Lunch i Kattarp");
  });

  it("ignores cancelled stops in conflicts but still lists them", () => {
    const span = (h: number) => ({
      startsAt: new Date(Date.UTC(2035, 0, 1, h)),
      endsAt: new Date(Date.UTC(2035, 0, 1, h + 2)),
    });
    const list = [
      {
        stopId: "a",
        title: "A",
        stopStatus: "confirmed" as const,
        ...span(10),
      },
      {
        stopId: "b",
        title: "B",
        stopStatus: "cancelled" as const,
        ...span(11),
      },
    ];
    expect(ownConflicts("u", list, [], 30)).toEqual([]);
    expect(ownConflicts("u", [list[0]!, { ...list[1]!, stopStatus: "planned" as const }], [], 30)).toHaveLength(1);
  });

  it("pages a long schedule", () => {
    const eva = actor("eva.sjoberg@rullarut.example");
    for (let i = 0; i < MY_SCHEDULE_PAGE_SIZE + 3; i++) {
      const id = stop(`Pass ${i + 1}`, `2035-06-${String(i + 1).padStart(2, "0")}`, "10:00", "12:00");
      t.db
        .insert(stopAssignments)
        .values({
          stopId: id,
          userId: eva.id,
          functionCode: "senior",
          status: "confirmed",
        })
        .run();
    }
    const first = getMySchedule(t.db, eva.id, { now: NOW });
    expect(first.upcomingTotal).toBe(MY_SCHEDULE_PAGE_SIZE + 3);
    expect(first.pageCount).toBe(2);
    expect(first.upcoming).toHaveLength(MY_SCHEDULE_PAGE_SIZE);
    const second = getMySchedule(t.db, eva.id, { now: NOW, page: 2 });
    expect(second.upcoming.map((b) => b.title)).toEqual(["Pass 21", "Pass 22", "Pass 23"]);
    expect(getMySchedule(t.db, eva.id, { now: NOW, page: 99 }).page).toBe(2);
  });

  it("keeps bookings on cancelled stops apart: never among the upcoming ones (issue 13, point 5c)", () => {
    const kept = stop("Blir av i juli", "2035-07-02", "10:00", "12:00");
    const gone = stop("Inställt i juli", "2035-07-01", "10:00", "12:00", "cancelled");
    book(kept, nils);
    book(gone, nils);
    const s = getMySchedule(t.db, nils.id, { now: NOW });
    expect(s.upcoming.map((b) => b.title)).toContain("Blir av i juli");
    expect(s.upcoming.map((b) => b.title)).not.toContain("Inställt i juli");
    expect(s.upcomingTotal).toBe(s.upcoming.length);
    expect(s.cancelled.map((b) => b.title)).toEqual(["Inställt i juli"]);
  });

  it("offers the open places the person could sign up for now, and the role signUp then gives (issue 13, point 5a)", () => {
    const mikael = actor("mikael.akesson@rullarut.example"); // disability advisor
    const other = actor("karin.dahl@rullarut.example");
    const needing = (title: string, date: string, count: number, status = "confirmed") => {
      const id = stop(title, date, "10:00", "14:00", status);
      setStopNeeds(t.db, leader, id, { "f:disability": count });
      return id;
    };
    const open = needing("Öppen plats", "2035-08-06", 2);
    const consumerOnly = stop("Bara konsumentrådgivare", "2035-08-07", "10:00", "14:00");
    setStopNeeds(t.db, leader, consumerOnly, { "f:consumer": 1 });
    const full = needing("Fullt", "2035-08-08", 1);
    t.db.insert(stopAssignments).values({ stopId: full, userId: other.id, functionCode: "disability", status: "confirmed" }).run();
    needing("Stänger snart", "2035-03-02", 1); // within the 48-hour cutoff of NOW
    const mine = needing("Redan bokad", "2035-08-09", 2);
    t.db.insert(stopAssignments).values({ stopId: mine, userId: mikael.id, functionCode: "disability", status: "confirmed" }).run();
    needing("Under frånvaron", "2035-08-20", 1);
    addAbsence(t.db, mikael, mikael.id, { kind: "vacation", startsOn: "2035-08-19", endsOn: "2035-08-21" });
    needing("Inställt med behov", "2035-08-22", 1, "cancelled");
    needing("Krockar med passet", "2035-08-09", 1); // same time as "Redan bokad"

    const offered = openPlacesFor(t.db, mikael.id, { now: NOW });
    expect(offered.map((p) => [p.title, p.role, p.missing])).toEqual([["Öppen plats", "f:disability", 2]]);
    expect(offered[0]).toMatchObject({ stopId: open, roleLabel: "rådgivare för personer med funktionsnedsättning", tourName: "Schematest 2035" });
    // Someone with neither the function nor a group is offered nothing.
    expect(openPlacesFor(t.db, actor("turne@rullarut.example").id, { now: NOW })).toEqual([]);

    expect(signUp(t.db, mikael, open, NOW).role).toBe("f:disability");
    expect(openPlacesFor(t.db, mikael.id, { now: NOW })).toEqual([]);
  });

  it("keeps a person's schedule and open places between visits until bookings or stops change (issue 15)", () => {
    const ulla = actor("personal@rullarut.example");
    const reads = (read: () => unknown) => statementsDuring(t.db, /"stop_assignments"|stop_assignments/, read);
    const before = getMySchedule(t.db, ulla.id, { now: NOW });
    openPlacesFor(t.db, ulla.id, { now: NOW });
    expect(reads(() => getMySchedule(t.db, ulla.id, { now: NOW }))).toEqual([]);
    expect(reads(() => openPlacesFor(t.db, ulla.id, { now: NOW }))).toEqual([]);
    // A booking made elsewhere (here straight into the table) shows at once.
    const id = stop("Nytt pass för Ulla", "2035-09-01", "10:00", "14:00");
    book(id, ulla);
    const after = getMySchedule(t.db, ulla.id, { now: NOW });
    expect(after.upcomingTotal).toBe(before.upcomingTotal + 1);
    // Another day, or the next minute for open places, is read afresh.
    expect(reads(() => getMySchedule(t.db, ulla.id, { now: new Date(NOW.getTime() + 86_400_000) }))).not.toEqual([]);
    expect(reads(() => openPlacesFor(t.db, ulla.id, { now: new Date(NOW.getTime() + 60_000) }))).not.toEqual([]);
  });

  it("builds the OpenStreetMap link for a map app", () => {
    expect(osmLink(56.04673, 12.69437)).toBe("https://www.openstreetmap.org/?mlat=56.04673&mlon=12.69437#map=15/56.04673/12.69437");
  });
});

describe("the demo data", () => {
  it("give the demo staff upcoming bookings, and Lars Öberg the deliberate absence conflict", () => {
    const now = new Date();
    const sara = getMySchedule(t.db, actor("personal@rullarut.example").id, {
      now,
    });
    expect(sara.upcoming.length).toBeGreaterThan(0);
    const lars = getMySchedule(t.db, actor(DEMO_CONFLICT.email).id, { now });
    expect(lars.conflicts).toEqual([expect.objectContaining({ kind: "absence" })]);
    expect(lars.conflictTitles[lars.conflicts[0]!.stopId]).toBe(DEMO_CONFLICT.stopTitle);
  });
});

describe("/flode/:key/mitt-schema.ics", () => {
  const args = (key: string) => ({
    request: new Request(`http://rullarut.test/flode/${key}/mitt-schema.ics`),
    params: { key },
    context: { cspNonce: "", clientIp: "127.0.0.1" },
  });

  it("has the owner's bookings with their role, a cancelled stop as STATUS:CANCELLED, and nobody else's", async () => {
    const karin = actor("karin.dahl@rullarut.example");
    const mine = stop("Karins pass", "2035-09-10", "10:00", "14:00");
    const gone = stop("Inställt pass", "2035-09-11", "10:00", "14:00");
    const notMine = stop("Någon annans pass", "2035-09-12", "10:00", "14:00");
    t.db
      .insert(stopAssignments)
      .values({
        stopId: mine,
        userId: karin.id,
        functionCode: "eu_information",
        status: "confirmed",
      })
      .run();
    t.db
      .insert(stopAssignments)
      .values({
        stopId: gone,
        userId: karin.id,
        functionCode: "eu_information",
        status: "requested",
      })
      .run();
    book(notMine, nils);
    setStopStatus(t.db, leader, gone, "cancelled");
    const { key } = createFeedKey(t.db, karin);

    const response = await myFeedLoader(args(key));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("KC rullar ut – mitt schema");
    const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
    const titles = events.map((e) => e.summary);
    expect(titles).toContain("Karins pass");
    expect(titles).not.toContain("Någon annans pass");
    const karins = events.find((e) => e.summary === "Karins pass")!;
    expect(karins.description).toContain("Din roll: EU-informatör");
    expect(karins.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(karins.startDate.toJSDate().toISOString()).toBe("2035-09-10T08:00:00.000Z");
    const cancelled = events.find((e) => e.summary === "[Inställt] Inställt pass")!;
    expect(cancelled.component.getFirstPropertyValue("status")).toBe("CANCELLED");

    revokeFeedKey(t.db, karin);
    const after = await myFeedLoader(args(key));
    expect(after.status).toBe(404);
    expect(await after.text()).toBe("Kalenderflödet finns inte.");
  });
});
