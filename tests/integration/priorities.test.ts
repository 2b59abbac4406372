import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { areas, auditLog, municipalitySettings, organizations, stops, tours, users } from "#db/schema";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { loadPriorities, stopProposal } from "~/domain/priorities/priorities.server";
import { DEFAULT_WEIGHTS, haversineKm } from "~/domain/priorities/scoring";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop, lastHeldByArea, markHeld } from "~/domain/stops/stops.server";
import { createTour, currentTourId } from "~/domain/tours/tours.server";
import { createUser, type Actor } from "~/domain/users/users.server";
import { stockholmDate, stockholmToUtc, todayInStockholm } from "~/utils/dates";
import { createTestDb, seededTestDb, type TestDb } from "../support/db";

/** Helsingborg kontaktcenter, Stortorget 17. */
const OFFICE = { lat: 56.0474178, lng: 12.6959072 };

const yearOf = (d: Date) => Number(stockholmDate(d).slice(0, 4));

async function makeUser(t: TestDb, email: string, role: Actor["role"]): Promise<Actor> {
  const id = await createUser(t.db, null, { name: email, email, role, password: "ett-langt-losenord", answerGroups: [], advisorFunctions: [] });
  return { id, role };
}

/** A held stop in the area on the given Stockholm date, through the verbs (createStop, then markHeld). */
function heldStop(t: TestDb, actor: Actor, input: { tourId: string; areaId: string; date: string }) {
  const stopId = createStop(t.db, actor, {
    tourId: input.tourId,
    title: "Besök förra året",
    kind: "other",
    status: "confirmed",
    areaId: input.areaId,
    startsAt: stockholmToUtc(input.date, "10:00"),
    endsAt: stockholmToUtc(input.date, "14:00"),
  });
  markHeld(t.db, actor, stopId, { actualVisitors: 40 });
  return stopId;
}

describe("priorities on a fixture of our own: far and never visited vs central and visited last year", () => {
  let t: TestDb;
  let admin: Actor;
  const now = new Date();
  const lastYear = yearOf(now) - 1;

  beforeEach(async () => {
    t = createTestDb();
    t.db
      .insert(municipalitySettings)
      .values({
        name: "Testkommun",
        officeName: "Kontaktcenter",
        officeAddress: "Stortorget 17, 252 20 Helsingborg",
        officeLat: OFFICE.lat,
        officeLng: OFFICE.lng,
        mapCenterLat: 56.06,
        mapCenterLng: 12.76,
        mapZoom: 11,
      })
      .run();
    t.db
      .insert(areas)
      .values([
        // ≈ 1 km south-east of the office, a big district.
        { id: "central", name: "Innerstan", kind: "stadsdel", lat: 56.04194, lng: 12.71028, population: 8000 },
        // ≈ 20 km north, small, never visited.
        { id: "far", name: "Ytterby", kind: "tatort", lat: 56.2205, lng: 12.7805, population: 230 },
      ])
      .run();
    admin = await makeUser(t, "admin@test.example", "admin");
  });
  afterEach(() => t.cleanup());

  it("ranks the far area first with default weights, and both explanations say why", () => {
    expect(haversineKm(OFFICE, { lat: 56.04194, lng: 12.71028 })).toBeCloseTo(1.1, 1);
    expect(haversineKm(OFFICE, { lat: 56.2205, lng: 12.7805 })).toBeCloseTo(20, 0);
    const tourId = createTour(t.db, admin, {
      name: `Turnén ${lastYear}`,
      focus: "",
      startsOn: `${lastYear}-01-01`,
      endsOn: `${lastYear}-12-31`,
      targetTags: [],
    });
    heldStop(t, admin, { tourId, areaId: "central", date: `${lastYear}-06-14` });
    // A proposed stop is not a visit.
    createStop(t.db, admin, {
      tourId,
      title: "Besök i Ytterby",
      kind: "other",
      status: "proposed",
      areaId: "far",
      startsAt: stockholmToUtc(`${lastYear}-08-14`, "10:00"),
      endsAt: stockholmToUtc(`${lastYear}-08-14`, "14:00"),
    });

    const result = loadPriorities(t.db, admin, { weights: DEFAULT_WEIGHTS, now });
    expect(result.rows.map((r) => r.name)).toEqual(["Ytterby", "Innerstan"]);
    const [far, central] = result.rows;
    expect(far!.rank).toBe(1);
    expect(far!.explanation).toMatch(/^Aldrig besökt \(\+4,0\) · 20 km från kontaktcentret \(\+3,0\) · 230 invånare/);
    expect(central!.explanation).toMatch(new RegExp(`^Senast besökt ${lastYear} \\(\\+[0-9],[0-9]\\) · 1,1 km från kontaktcentret`));
    expect(far!.score).toBeGreaterThan(central!.score);
  });
});

describe("priorities on the reference and demo data", () => {
  let t: TestDb;
  let admin: Actor;
  let leader: Actor;
  let staff: Actor;
  const now = new Date();
  const lastYear = yearOf(now) - 1;

  beforeEach(async () => {
    t = await seededTestDb({ demo: true });
    const id = (email: string) => t.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
    admin = { id: id("admin@rullarut.example"), role: "admin" };
    leader = { id: id("turne@rullarut.example"), role: "tour_leader" };
    staff = { id: id("personal@rullarut.example"), role: "staff" };
  });
  afterEach(() => t.cleanup());

  const areaByName = (name: string) => t.db.select().from(areas).where(eq(areas.name, name)).get()!;

  /** A central area (≤ 2 km from the office) whose last held stop was last year: from the demo data, or made here. */
  function centralVisitedLastYear(): { id: string; name: string } {
    const lastHeld = lastHeldByArea(t.db);
    const central = t.db
      .select({ id: areas.id, name: areas.name, lat: areas.lat, lng: areas.lng })
      .from(areas)
      .all()
      .map((a) => ({ ...a, km: haversineKm(OFFICE, a) }))
      .filter((a) => a.km <= 2)
      // Centrum first, then by distance.
      .sort((a, b) => Number(b.name === "Centrum") - Number(a.name === "Centrum") || a.km - b.km);
    const fromDemo = central.find((a) => lastHeld.has(a.id) && yearOf(lastHeld.get(a.id)!) === lastYear);
    if (fromDemo) return fromDemo;
    // A held stop last year only makes the area "visited last year" if it had none since.
    const chosen = central.find((a) => !lastHeld.has(a.id) || yearOf(lastHeld.get(a.id)!) < lastYear)!;
    const tourId = createTour(t.db, admin, {
      name: `Testturné ${lastYear}`,
      focus: "",
      startsOn: `${lastYear}-01-01`,
      endsOn: `${lastYear}-12-31`,
      targetTags: [],
    });
    heldStop(t, admin, { tourId, areaId: chosen.id, date: `${lastYear}-09-13` });
    return chosen;
  }

  it("ranks every area at least 15 km away that was never visited above a central area visited last year", () => {
    const central = centralVisitedLastYear();
    const lastHeld = lastHeldByArea(t.db);
    const farNeverVisited = t.db
      .select({ id: areas.id, name: areas.name, lat: areas.lat, lng: areas.lng })
      .from(areas)
      .all()
      .filter((a) => haversineKm(OFFICE, a) >= 15 && !lastHeld.has(a.id));
    expect(farNeverVisited.length).toBeGreaterThan(0);

    const result = loadPriorities(t.db, leader, { weights: DEFAULT_WEIGHTS, limit: 1000, now });
    const rowOf = (id: string) => result.rows.find((r) => r.areaId === id)!;
    const centralRow = rowOf(central.id);
    expect(centralRow.explanation).toMatch(new RegExp(`^Senast besökt ${lastYear} \\(\\+`));
    for (const far of farNeverVisited) {
      const row = rowOf(far.id);
      expect(row.rank, `${far.name} above ${central.name}`).toBeLessThan(centralRow.rank);
      expect(row.explanation).toMatch(/^Aldrig besökt \(\+4,0\) · (?:1[5-9]|[2-9][0-9]) km från kontaktcentret \(\+/);
    }
  });

  it("ranks Centrum, as the demo data leave it, below a far area never visited", () => {
    const centrum = areaByName("Centrum");
    const utvalinge = areaByName("Utvälinge");
    const lastHeld = lastHeldByArea(t.db);
    expect(lastHeld.has(utvalinge.id)).toBe(false);
    const result = loadPriorities(t.db, leader, { weights: DEFAULT_WEIGHTS, limit: 1000, now });
    const rank = (id: string) => result.rows.find((r) => r.areaId === id)!.rank;
    expect(rank(utvalinge.id)).toBeLessThan(rank(centrum.id));
    const centrumRow = result.rows.find((r) => r.areaId === centrum.id)!;
    // Centrum has no population figure in the reference data.
    expect(centrumRow.explanation).toContain("folkmängd okänd (+0,0)");
    if (lastHeld.has(centrum.id)) expect(centrumRow.explanation).toContain(`Senast besökt ${yearOf(lastHeld.get(centrum.id)!)}`);
  });

  it("defaults to the current tour and its target tags, sends only the top 25, and lists the tags in use", () => {
    const result = loadPriorities(t.db, leader, { weights: DEFAULT_WEIGHTS, now });
    const total = t.db.select({ id: areas.id }).from(areas).all().length;
    expect(result.total).toBe(total);
    expect(result.rows).toHaveLength(Math.min(25, total));
    expect(result.rows.map((r) => r.rank)).toEqual(result.rows.map((_, i) => i + 1));
    const expectedTour = currentTourId(t.db, todayInStockholm(now)) ?? result.tours[0]?.id ?? null;
    expect(result.tour?.id ?? null).toBe(expectedTour);
    expect(result.chosenTags).toEqual(result.tour?.targetTags ?? []);
    for (const tag of result.chosenTags) expect(result.availableTags).toContain(tag);

    expect(loadPriorities(t.db, leader, { weights: DEFAULT_WEIGHTS, limit: 5, now }).rows).toHaveLength(5);
    const noTags = loadPriorities(t.db, leader, { weights: DEFAULT_WEIGHTS, tags: [], now });
    expect(noTags.chosenTags).toEqual([]);
    expect(noTags.rows.every((r) => !/tagg/.test(r.explanation))).toBe(true);
  });

  it("falls back to the default tour when the one asked for does not exist", () => {
    const result = loadPriorities(t.db, leader, { weights: DEFAULT_WEIGHTS, tourId: "finns-inte", now });
    expect(result.tourNotFound).toBe(true);
    expect(result.tour?.id ?? null).toBe(currentTourId(t.db, todayInStockholm(now)) ?? result.tours[0]?.id ?? null);
  });

  it("leaves archived areas out", () => {
    const centrum = areaByName("Centrum");
    t.db.update(areas).set({ archivedAt: new Date() }).where(eq(areas.id, centrum.id)).run();
    const result = loadPriorities(t.db, leader, { weights: DEFAULT_WEIGHTS, limit: 1000, now });
    expect(result.rows.some((r) => r.areaId === centrum.id)).toBe(false);
  });

  it("is for planners only", () => {
    expect(() => loadPriorities(t.db, staff, { weights: DEFAULT_WEIGHTS, now })).toThrow(Forbidden);
  });

  describe("stopProposal", () => {
    function someTour(): { id: string; startsOn: string; endsOn: string } {
      const existing = t.db.select({ id: tours.id, startsOn: tours.startsOn, endsOn: tours.endsOn }).from(tours).get();
      if (existing) return existing;
      const id = createTour(t.db, admin, { name: "Testturné", focus: "", startsOn: "2030-04-01", endsOn: "2030-09-30", targetTags: [] });
      return { id, startsOn: "2030-04-01", endsOn: "2030-09-30" };
    }

    const stopCount = () => t.db.select({ id: stops.id }).from(stops).all().length;
    const auditCount = () => t.db.select({ id: auditLog.id }).from(auditLog).all().length;

    it("fills in a byalag visit, hosted by the byalag, where the area has one, and writes nothing", () => {
      const tour = someTour();
      const rydeback = areaByName("Rydebäck");
      const byalag = t.db.select().from(organizations).where(eq(organizations.name, "Rydebäcks Byalag")).get()!;
      const [stopsBefore, auditBefore] = [stopCount(), auditCount()];
      expect(stopProposal(t.db, leader, { areaId: rydeback.id, tourId: tour.id })).toEqual({
        areaName: "Rydebäck",
        defaults: {
          tourId: tour.id,
          areaId: rydeback.id,
          organizationId: byalag.id,
          title: "Besök i Rydebäck",
          kind: "village_visit",
          status: "proposed",
        },
      });
      // No stop on a placeholder date any more (issue 13, point 6a): the tour leader picks the date and saves.
      expect(stopCount()).toBe(stopsBefore);
      expect(auditCount()).toBe(auditBefore);
    });

    it("fills in 'annat' without a host where the area has no byalag", () => {
      const tour = someTour();
      const proposal = stopProposal(t.db, admin, { areaId: areaByName("Utvälinge").id, tourId: tour.id });
      expect(proposal.defaults).toMatchObject({ title: "Besök i Utvälinge", kind: "other", organizationId: "", status: "proposed" });
    });

    it("gives values the stop form accepts: saving them with a date creates the proposed stop", () => {
      const tour = someTour();
      const rydeback = areaByName("Rydebäck");
      const { defaults } = stopProposal(t.db, leader, { areaId: rydeback.id, tourId: tour.id });
      const input = stopSchema.parse({ ...defaults, startDate: "2030-05-18", startTime: "10:00", endTime: "14:00" });
      const stop = t.db
        .select()
        .from(stops)
        .where(eq(stops.id, createStop(t.db, leader, input)))
        .get()!;
      expect(stop).toMatchObject({ title: "Besök i Rydebäck", kind: "village_visit", status: "proposed", areaId: rydeback.id, lat: rydeback.lat });
      expect(stop.organizationId).toBe(defaults.organizationId);
    });

    it("is forbidden to staff", () => {
      const tour = someTour();
      expect(() => stopProposal(t.db, staff, { areaId: areaByName("Kattarp").id, tourId: tour.id })).toThrow(Forbidden);
    });

    it("refuses an unknown area or tour, and an archived area", () => {
      const tour = someTour();
      expect(() => stopProposal(t.db, leader, { areaId: "finns-inte", tourId: tour.id })).toThrow(NotFound);
      expect(() => stopProposal(t.db, leader, { areaId: areaByName("Kattarp").id, tourId: "finns-inte" })).toThrow(NotFound);
      const kattarp = areaByName("Kattarp");
      t.db.update(areas).set({ archivedAt: new Date() }).where(eq(areas.id, kattarp.id)).run();
      expect(() => stopProposal(t.db, leader, { areaId: kattarp.id, tourId: tour.id })).toThrow(Conflict);
    });
  });
});
