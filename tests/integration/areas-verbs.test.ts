import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { areas, auditLog, stops, tours } from "#db/schema";
import { areaTags, createArea, getAreaPage, listAreas, searchAreas, setAreaArchived, updateArea } from "~/domain/areas/areas.server";
import { describeHistoryEntry } from "~/domain/areas/history";
import { editAreaSchema, newAreaSchema, type AreaInput } from "~/domain/areas/schemas";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { makeStop, makeTour, makeUser } from "../support/fixtures";

const FORM = { name: "Nyby", kind: "smaort", lat: "56,1", lng: "12,7", population: "250", populationYear: "2020", tags: "Landsbygd" };

describe("the area form's schema", () => {
  it("accepts decimal commas and normalises tags", () => {
    const v = newAreaSchema.parse({ ...FORM, tags: " Socioekonomiskt fokus, landsbygd,landsbygd " });
    expect(v).toMatchObject({ lat: 56.1, lng: 12.7, population: 250, populationYear: 2020, tags: ["socioekonomiskt fokus", "landsbygd"] });
  });

  it("answers bad values in Swedish, next to the field", () => {
    const result = newAreaSchema.safeParse({ ...FORM, lat: "40", lng: "tolv", kind: "stad", population: "-3" });
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(byField).toEqual({
      lat: "Latitud måste vara mellan 55 och 69,1",
      lng: "Ange longitud som ett tal, t.ex. 12,6959",
      kind: "Välj typ av område",
      population: "Invånarantalet kan inte vara negativt eller orimligt stort",
    });
  });

  it("wants a population when a year is given, and a real GeoJSON polygon as geometry", () => {
    const noPopulation = newAreaSchema.safeParse({ ...FORM, population: undefined });
    expect(noPopulation.error?.issues[0]).toMatchObject({ path: ["population"], message: "Ange invånarantalet, eller lämna året tomt" });
    expect(newAreaSchema.safeParse({ ...FORM, geometry: '{"type":"Point","coordinates":[12,56]}' }).success).toBe(false);
    const square = {
      type: "Polygon",
      coordinates: [
        [
          [12.7, 56],
          [12.8, 56],
          [12.8, 56.1],
          [12.7, 56],
        ],
      ],
    };
    const parsed = newAreaSchema.parse({ ...FORM, geometry: JSON.stringify({ type: "Feature", properties: {}, geometry: square }) });
    expect(JSON.parse(parsed.geometry!)).toEqual(square);
  });

  it("archives with an intent and no other fields", () => {
    expect(editAreaSchema.parse({ intent: "archive" })).toEqual({ intent: "archive" });
  });
});

describe("area verbs", () => {
  let t: TestDb;
  let leader: Actor;
  let staff: Actor;
  const input = (over: Partial<typeof FORM> = {}): AreaInput => newAreaSchema.parse({ ...FORM, ...over });
  const idOf = (name: string) => t.db.select({ id: areas.id }).from(areas).where(eq(areas.name, name)).get()!.id;

  beforeEach(async () => {
    t = await seededTestDb();
    const user = (role: Actor["role"]) => makeUser(t.db, role, { name: `Test ${role}`, email: `${role}@test.example` });
    leader = await user("tour_leader");
    staff = await user("staff");
  });
  afterEach(() => t.cleanup());

  it("staff get Forbidden for every change, and nothing is written", () => {
    const id = idOf("Rydebäck");
    expect(() => createArea(t.db, staff, input())).toThrow(Forbidden);
    expect(() => updateArea(t.db, staff, id, input({ name: "Rydebäck" }))).toThrow(Forbidden);
    expect(() => setAreaArchived(t.db, staff, id, true)).toThrow(Forbidden);
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityType, "area")).all()).toEqual([]);
  });

  it("creates an area and records who did it in the audit log", () => {
    const id = createArea(t.db, leader, input());
    const entry = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "area"), eq(auditLog.entityId, id)))
      .get()!;
    expect(entry).toMatchObject({ action: "area.create", actorUserId: leader.id });
    expect(entry.details).toMatchObject({ changes: { name: [null, "Nyby"], tags: [null, ["landsbygd"]] } });
  });

  it("refuses a second area with the same name, whatever the case", () => {
    expect(() => createArea(t.db, leader, input({ name: "RYDEBÄCK" }))).toThrow(Conflict);
    const id = idOf("Laröd");
    expect(() => updateArea(t.db, leader, id, input({ name: "rydebäck" }))).toThrow(/Det finns redan ett område med det namnet/);
  });

  it("updates an area and shows the change in its history, with the position no longer an estimate", () => {
    const id = idOf("Rydebäck");
    t.db.update(areas).set({ positionEstimated: true }).where(eq(areas.id, id)).run();
    const area = t.db.select().from(areas).where(eq(areas.id, id)).get()!;
    updateArea(t.db, leader, id, {
      ...input({ name: "Rydebäck", kind: "tatort", population: "6429", populationYear: "2018" }),
      lat: 55.97,
      lng: 12.79,
      tags: ["socioekonomiskt fokus"],
      notes: area.notes ?? undefined,
    });
    const page = getAreaPage(t.db, id);
    expect(page.area).toMatchObject({ lat: 55.97, lng: 12.79, tags: ["socioekonomiskt fokus"], positionEstimated: false });
    expect(page.history).toHaveLength(1);
    expect(page.history[0]).toMatchObject({ action: "area.update", actorName: "Test tour_leader" });
    const described = describeHistoryEntry(page.history[0]!);
    expect(described.title).toBe("Området ändrades");
    expect(described.lines).toContain("Taggar: – → socioekonomiskt fokus");
    expect(described.lines).toContain("Position: 55,966444° N, 12,780677° Ö → 55,97° N, 12,79° Ö");
  });

  it("does not record a save that changes nothing", () => {
    const id = createArea(t.db, leader, input());
    updateArea(t.db, leader, id, input());
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityId, id)).all()).toHaveLength(1);
  });

  it("archiving hides the area from the lists and the map; unarchiving brings it back", () => {
    const id = idOf("Mörarp");
    setAreaArchived(t.db, leader, id, true);
    expect(searchAreas(t.db, { q: "mörarp", page: 1 }).total).toBe(0);
    expect(listAreas(t.db).some((a) => a.id === id)).toBe(false);
    expect(searchAreas(t.db, { q: "mörarp", page: 1, includeArchived: true }).items[0]).toMatchObject({ id, archived: true });
    setAreaArchived(t.db, leader, id, false);
    expect(searchAreas(t.db, { q: "mörarp", page: 1 }).items[0]).toMatchObject({ id, archived: false });
    const actions = getAreaPage(t.db, id).history.map((h) => h.action);
    expect(actions).toEqual(expect.arrayContaining(["area.archive", "area.unarchive"]));
  });

  it("the areas' search shows a stop held in an area at once, though the search is kept between requests (issue 15)", () => {
    const id = idOf("Mörarp");
    expect(searchAreas(t.db, { q: "mörarp", page: 1 }).items[0]).toMatchObject({ id, lastHeldYear: null });
    const tourId = makeTour(t.db, leader, { name: "Sökt turné", startsOn: "2024-01-01", endsOn: "2024-12-31" });
    const stopId = makeStop(t.db, leader, { tourId, title: "Besök i Mörarp", date: "2024-05-04", start: "10:00", end: "14:00", status: "planned" });
    t.db.$client.prepare("update stops set status = 'held', area_id = ? where id = ?").run(id, stopId);
    expect(searchAreas(t.db, { q: "mörarp", page: 1 }).items[0]).toMatchObject({ id, lastHeldYear: 2024 });
  });

  it("throws NotFound for an unknown area", () => {
    expect(() => getAreaPage(t.db, "finns-inte")).toThrow(NotFound);
    expect(() => updateArea(t.db, leader, "finns-inte", input())).toThrow(NotFound);
  });

  describe("searchAreas", () => {
    it("finds by name regardless of case, also å, ä and ö", () => {
      expect(searchAreas(t.db, { q: "ÖDÅKRA", page: 1 }).items.map((a) => a.name)).toEqual(["Ödåkra"]);
      const [rydeback] = searchAreas(t.db, { q: "rydeb", page: 1 }).items;
      expect(rydeback).toMatchObject({ name: "Rydebäck", kind: "tatort", population: 6429, organizationCount: 1, lastHeldYear: null });
    });

    it("finds by tag and filters by tag and kind", () => {
      updateArea(t.db, leader, idOf("Laröd"), {
        ...input({ name: "Laröd", kind: "tatort", population: undefined, populationYear: undefined }),
        lat: 56.0,
        lng: 12.6,
        tags: ["socioekonomiskt fokus"],
      });
      expect(searchAreas(t.db, { q: "socioekonomiskt", page: 1 }).items.map((a) => a.name)).toEqual(["Laröd"]);
      expect(searchAreas(t.db, { tag: "Socioekonomiskt fokus", page: 1 }).items.map((a) => a.name)).toEqual(["Laröd"]);
      expect(areaTags(t.db)).toEqual(["socioekonomiskt fokus"]);
      const districts = searchAreas(t.db, { kind: "stadsdel", page: 1 });
      expect(districts.total).toBeGreaterThan(0);
      expect(districts.items.every((a) => a.kind === "stadsdel")).toBe(true);
    });

    it("treats % and _ in the search as ordinary characters", () => {
      expect(searchAreas(t.db, { q: "%", page: 1 }).total).toBe(0);
      expect(searchAreas(t.db, { q: "_", page: 1 }).total).toBe(0);
    });

    it("pages by 50 in Swedish alphabetical order, reading only the page", () => {
      const first = searchAreas(t.db, { page: 1 });
      expect(first).toMatchObject({ total: 51, page: 1, pageCount: 2, pageSize: 50 });
      expect(first.items).toHaveLength(50);
      const second = searchAreas(t.db, { page: 2 });
      expect(second.items).toHaveLength(1);
      // Swedish order: Ö after Z, and Ödåkra before Östra Ramlösa.
      expect(first.items.at(-1)!.name).toBe("Ödåkra");
      expect(second.items[0]!.name).toBe("Östra Ramlösa");
      expect(searchAreas(t.db, { page: 99 }).page).toBe(2);
    });

    it("shows the year of the latest held visit, and none when there is none", () => {
      const id = idOf("Rydebäck");
      expect(searchAreas(t.db, { q: "Rydebäck", page: 1 }).items[0]!.lastHeldYear).toBeNull();
      const tour = t.db.insert(tours).values({ name: "KC rullar ut 2017", startsOn: "2017-01-01", endsOn: "2017-12-31" }).returning().get();
      const stop = (startsAt: string, status: "held" | "planned") =>
        t.db
          .insert(stops)
          .values({
            tourId: tour.id,
            title: "Besök",
            kind: "village_visit",
            areaId: id,
            lat: 55.96,
            lng: 12.78,
            startsAt: new Date(startsAt),
            endsAt: new Date(new Date(startsAt).getTime() + 3_600_000),
            status,
          })
          .run();
      stop("2016-12-31T23:30:00Z", "held"); // New Year's Day 2017 in Stockholm.
      stop("2018-05-01T10:00:00Z", "planned");
      expect(searchAreas(t.db, { q: "Rydebäck", page: 1 }).items[0]!.lastHeldYear).toBe(2017);
      expect(getAreaPage(t.db, id).lastHeldYear).toBe(2017);
    });
  });
});

describe("the area form with empty optional fields, as the browser sends them", () => {
  it("treats empty strings as not given, and an empty position as missing", () => {
    const v = newAreaSchema.parse({ ...FORM, population: "", populationYear: " ", tags: "", notes: "" });
    expect(v.population).toBeUndefined();
    expect(v.populationYear).toBeUndefined();
    const missing = newAreaSchema.safeParse({ ...FORM, lat: "", lng: "  " });
    expect(missing.error?.issues.map((i) => i.message)).toEqual(["Ange latitud", "Ange longitud"]);
  });
});
