import ICAL from "ical.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { stopNeeds, stops, type StopStatus } from "#db/schema";
import { createFeedKey, resolveFeedKey, revokeFeedKey } from "~/domain/calendar/feed-keys.server";
import { buildPublicFeed, buildStaffFeed, PUBLIC_FEED_NAME } from "~/domain/calendar/feeds.server";
import { sequenceFrom } from "~/domain/calendar/ics.server";
import { NotFound } from "~/domain/errors";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop, setStopStatus } from "~/domain/stops/stops.server";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { areaIdByName, makeUser } from "../support/fixtures";

const ORIGIN = "https://rullarut.example.se";
const SECRET = "Intern anteckning: ring Britt innan";
// Feeds are read as of New Year 2027, before every stop below.
const NOW = new Date("2027-01-01T12:00:00Z");

let t: TestDb;
let admin: Actor;
let tour2027: string;
let tour2028: string;
let areaId: string;

beforeAll(async () => {
  t = await seededTestDb();
  admin = await makeUser(t.db, "admin", { name: "Anna Admin", email: "anna@rullarut.example" });
  tour2027 = createTour(t.db, admin, tourSchema.parse({ name: "KC rullar ut 2027", startsOn: "2027-01-01", endsOn: "2027-12-31" }));
  tour2028 = createTour(t.db, admin, tourSchema.parse({ name: "KC rullar ut 2028", startsOn: "2028-01-01", endsOn: "2028-12-31" }));
  areaId = areaIdByName(t.db, "Mörarp");
});
afterAll(() => t.cleanup());

function addStop(title: string, status: StopStatus, date: string, extra: Record<string, unknown> = {}) {
  return createStop(
    t.db,
    admin,
    stopSchema.parse({
      tourId: tour2027,
      title,
      kind: "village_visit",
      status,
      areaId,
      startDate: date,
      startTime: "10:00",
      endTime: "12:00",
      internalNotes: SECRET,
      ...extra,
    }),
  );
}

/** The feed parsed by an independent reader (ical.js), not by string matching on our own output. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
  return { calendar, events, byUid: (uid: string) => events.find((e) => e.uid === uid) };
}

describe("times across the daylight-saving changes", () => {
  // The feed must not depend on the server's own time zone: ical-generator, given a plain Date
  // and a TZID, prints the process's local time. Run as if the server were in New York.
  const originalTz = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = "America/New_York";
  });
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  const cases = [
    { date: "2027-03-27", utc: "2027-03-27T09:00:00.000Z", note: "Saturday before spring forward: CET, UTC+1" },
    { date: "2027-03-29", utc: "2027-03-29T08:00:00.000Z", note: "Monday after spring forward: CEST, UTC+2" },
    { date: "2027-10-30", utc: "2027-10-30T08:00:00.000Z", note: "Saturday before fall back: CEST, UTC+2" },
    { date: "2027-11-01", utc: "2027-11-01T09:00:00.000Z", note: "Monday after fall back: CET, UTC+1" },
  ];

  it.each(cases)("a stop at 10:00 Swedish time on $date reads 10:00 Europe/Stockholm ($note)", ({ date, utc }) => {
    const id = addStop(`Tiotest ${date}`, "confirmed", date);
    const ics = buildPublicFeed(t.db, ORIGIN, NOW);
    expect(ics).toContain(`DTSTART;TZID=Europe/Stockholm:${date.replaceAll("-", "")}T100000`);

    const { calendar, byUid } = parse(ics);
    expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Europe/Stockholm");
    const event = byUid(`${id}@rullarut`)!;
    expect(event).toBeDefined();
    // The wall-clock time in the event's own zone …
    expect(event.startDate.zone?.tzid).toBe("Europe/Stockholm");
    expect(event.startDate.toString()).toBe(`${date}T10:00:00`);
    expect(event.endDate.toString()).toBe(`${date}T12:00:00`);
    // … and the absolute instant ical.js computes from our VTIMEZONE.
    expect(event.startDate.toJSDate().toISOString()).toBe(utc);
    // Same instant as stored.
    const stored = t.db.select({ startsAt: stops.startsAt }).from(stops).where(eq(stops.id, id)).get()!;
    expect(stored.startsAt.toISOString()).toBe(utc);
  });
});

describe("the public feed (/har-finns-vi.ics)", () => {
  let confirmed: string;
  let ids: Record<string, string>;

  beforeAll(() => {
    confirmed = addStop("Byalagsbesök i Mörarp", "confirmed", "2027-05-14", {
      venueName: "Bygdegården",
      venueAddress: "Storgatan 1",
      publicDescription: "Kom och fika med oss, och ställ dina frågor om kommunen.",
    });
    t.db.insert(stopNeeds).values({ stopId: confirmed, functionCode: "consumer", count: 1 }).run();
    ids = {
      proposed: addStop("Förslag som inte får synas", "proposed", "2027-05-15"),
      planned: addStop("Planerat som inte får synas", "planned", "2027-05-16"),
      held: addStop("Genomfört som inte får synas", "held", "2027-05-17", { actualVisitors: "12" }),
      cancelled: addStop("Inställt som inte får synas", "cancelled", "2027-05-18"),
      past: addStop("Passerat som inte får synas", "confirmed", "2026-12-01"),
    };
  });

  it("has the calendar's name and only confirmed stops that have not ended", () => {
    const ics = buildPublicFeed(t.db, ORIGIN, NOW);
    const { calendar, events } = parse(ics);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe(PUBLIC_FEED_NAME);
    expect(PUBLIC_FEED_NAME).toBe("KC rullar ut – här finns vi");
    const summaries = events.map((e) => e.summary);
    expect(summaries).toContain("Byalagsbesök i Mörarp");
    expect(summaries.some((s) => s.includes("inte får synas"))).toBe(false);
    for (const id of Object.values(ids)) expect(ics).not.toContain(id);
  });

  it("never contains internal notes", () => {
    const ics = buildPublicFeed(t.db, ORIGIN, NOW);
    // Unfold first, so a note split across lines would still be found.
    const unfolded = ics.replace(/\r\n[ \t]/g, "");
    expect(unfolded).not.toContain("ring Britt");
    expect(unfolded).not.toContain("Intern anteckning");
  });

  it("gives each event a stable UID, place, description with advisors, and a link back to the page", () => {
    const { byUid } = parse(buildPublicFeed(t.db, ORIGIN, NOW));
    const event = byUid(`${confirmed}@rullarut`)!;
    expect(event.location).toBe("Bygdegården, Storgatan 1, Mörarp");
    expect(event.description).toContain("Kom och fika med oss");
    expect(event.description).toContain("På plats: Konsumentrådgivning");
    expect(event.component.getFirstPropertyValue("url")).toBe(`${ORIGIN}/har-finns-vi?stopp=${confirmed}#stopp-${confirmed}`);
    expect(event.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
  });

  it("takes SEQUENCE and LAST-MODIFIED from the stop's last change, so calendar apps see updates", () => {
    const changed = new Date("2027-02-03T04:05:06Z");
    t.db.update(stops).set({ updatedAt: changed }).where(eq(stops.id, confirmed)).run();
    const first = parse(buildPublicFeed(t.db, ORIGIN, NOW)).byUid(`${confirmed}@rullarut`)!;
    expect(first.component.getFirstPropertyValue("last-modified")?.toString()).toBe("2027-02-03T04:05:06Z");
    expect(first.sequence).toBe(sequenceFrom(changed));

    t.db
      .update(stops)
      .set({ updatedAt: new Date("2027-02-04T00:00:00Z") })
      .where(eq(stops.id, confirmed))
      .run();
    const second = parse(buildPublicFeed(t.db, ORIGIN, NOW)).byUid(`${confirmed}@rullarut`)!;
    expect(second.sequence).toBeGreaterThan(first.sequence);
    // Clients keep SEQUENCE in a signed 32-bit integer.
    expect(second.sequence).toBeLessThan(2 ** 31);
  });

  it("drops a stop once it is cancelled", () => {
    const id = addStop("Blir inställt", "confirmed", "2027-06-01");
    expect(buildPublicFeed(t.db, ORIGIN, NOW)).toContain(`${id}@rullarut`);
    setStopStatus(t.db, admin, id, "cancelled");
    expect(buildPublicFeed(t.db, ORIGIN, NOW)).not.toContain(`${id}@rullarut`);
  });
});

describe("the staff feeds (/flode/<key>/…)", () => {
  let staff: Actor;

  beforeAll(async () => {
    staff = await makeUser(t.db, "staff", { name: "Sara Holm", email: "sara@rullarut.example" }, admin);
  });

  it("accepts the user's active key and refuses revoked and unknown keys", () => {
    const { key: old } = createFeedKey(t.db, staff);
    expect(resolveFeedKey(t.db, old)).toEqual({ id: staff.id, role: "staff" });
    const { key } = createFeedKey(t.db, staff);
    // A new key revokes the old one.
    expect(resolveFeedKey(t.db, old)).toBeNull();
    expect(resolveFeedKey(t.db, key)).toEqual({ id: staff.id, role: "staff" });
    revokeFeedKey(t.db, staff);
    expect(resolveFeedKey(t.db, key)).toBeNull();
    expect(resolveFeedKey(t.db, "A".repeat(43))).toBeNull();
    expect(resolveFeedKey(t.db, "")).toBeNull();
    expect(resolveFeedKey(t.db, "../../etc/passwd")).toBeNull();
  });

  it("shows every tour's stops except cancelled ones, with status and internal notes", () => {
    const owner = { id: staff.id, role: staff.role };
    const proposal = addStop("Kanske Ödåkra", "proposed", "2027-07-01", { expectedVisitors: "30" });
    const cancelled = addStop("Inställt i Ödåkra", "cancelled", "2027-07-02");
    const longAgo = addStop("För länge sedan", "confirmed", "2026-10-01");
    const nextYear = createStop(
      t.db,
      admin,
      stopSchema.parse({
        tourId: tour2028,
        title: "Nästa år",
        kind: "fair",
        status: "planned",
        areaId,
        startDate: "2028-03-01",
        startTime: "10:00",
        endTime: "16:00",
      }),
    );
    const ics = buildStaffFeed(t.db, owner, ORIGIN, { now: NOW });
    const { calendar, byUid } = parse(ics);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("KC rullar ut – alla stopp (intern)");

    const event = byUid(`${proposal}.intern@rullarut`)!;
    expect(event.summary).toBe("[Förslag] Kanske Ödåkra");
    expect(event.description).toContain(SECRET);
    expect(event.description).toContain("Förväntat antal besökare: 30");
    expect(event.component.getFirstPropertyValue("status")).toBe("TENTATIVE");
    expect(event.component.getFirstPropertyValue("url")).toBe(`${ORIGIN}/stopp/${proposal}`);
    expect(event.startDate.zone?.tzid).toBe("Europe/Stockholm");
    expect(event.startDate.toString()).toBe("2027-07-01T10:00:00");

    expect(byUid(`${nextYear}.intern@rullarut`)?.summary).toBe("[Planerad] Nästa år");
    expect(byUid(`${cancelled}.intern@rullarut`)).toBeUndefined();
    // More than 60 days before "now".
    expect(byUid(`${longAgo}.intern@rullarut`)).toBeUndefined();
  });

  it("the tour feed has only that tour's stops", () => {
    const owner = { id: staff.id, role: staff.role };
    const in2028 = createStop(
      t.db,
      admin,
      stopSchema.parse({
        tourId: tour2028,
        title: "Bomässan 2028",
        kind: "fair",
        status: "confirmed",
        areaId,
        startDate: "2028-04-01",
        startTime: "10:00",
        endTime: "16:00",
      }),
    );
    const { calendar, events } = parse(buildStaffFeed(t.db, owner, ORIGIN, { tourId: tour2028, now: NOW }));
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("KC rullar ut – KC rullar ut 2028 (intern)");
    expect(events.length).toBeGreaterThan(0);
    const tourOf = new Map(
      t.db
        .select({ id: stops.id, tourId: stops.tourId })
        .from(stops)
        .all()
        .map((s) => [s.id, s.tourId]),
    );
    for (const e of events) expect(tourOf.get(e.uid.replace(".intern@rullarut", ""))).toBe(tour2028);
    expect(events.map((e) => e.summary)).toContain("Bomässan 2028");
    expect(events.some((e) => e.uid === `${in2028}.intern@rullarut`)).toBe(true);

    const all2027 = parse(buildStaffFeed(t.db, owner, ORIGIN, { tourId: tour2027, now: NOW })).events;
    expect(all2027.some((e) => e.summary.includes("2028") || e.summary.includes("Nästa år"))).toBe(false);
  });

  it("refuses an unknown tour", () => {
    expect(() => buildStaffFeed(t.db, { id: staff.id, role: staff.role }, ORIGIN, { tourId: "finns-inte" })).toThrow(NotFound);
  });
});
