import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { areas, auditLog } from "#db/schema";
import { createArea, updateArea } from "~/domain/areas/areas.server";
import { newAreaSchema } from "~/domain/areas/schemas";
import { areasToCsv, areasToGeoJson, formatIssue } from "~/domain/areas/transfer";
import { exportAreas, importAreas } from "~/domain/areas/transfer.server";
import { Forbidden } from "~/domain/errors";
import { createUser, type Actor } from "~/domain/users/users.server";
import { createTestDb, seededTestDb, type TestDb } from "../support/db";

async function makeActor(t: TestDb, role: Actor["role"], email = `${role}@test.example`): Promise<Actor> {
  const id = await createUser(t.db, null, { name: role, email, role, password: "ett-langt-losenord", answerGroups: [], advisorFunctions: [] });
  return { id, role };
}

const areaCount = (t: TestDb) => t.db.select({ n: count() }).from(areas).get()!.n;
const auditCount = (t: TestDb) => t.db.select({ n: count() }).from(auditLog).get()!.n;

/** What the round trip must keep, in a comparable order. */
function comparable(t: TestDb) {
  return t.db
    .select({
      name: areas.name,
      kind: areas.kind,
      lat: areas.lat,
      lng: areas.lng,
      population: areas.population,
      populationYear: areas.populationYear,
      tags: areas.tags,
      notes: areas.notes,
    })
    .from(areas)
    .all()
    .sort((a, b) => a.name.localeCompare(b.name, "sv"));
}

describe("export and import of areas", () => {
  let source: TestDb;
  let target: TestDb;
  let leader: Actor;
  let targetLeader: Actor;

  beforeEach(async () => {
    source = await seededTestDb();
    leader = await makeActor(source, "tour_leader");
    // Values that test the edges of the format: tags, formula-like text, line breaks, quotes, commas.
    const rydeback = source.db.select().from(areas).where(eq(areas.name, "Rydebäck")).get()!;
    updateArea(
      source.db,
      leader,
      rydeback.id,
      newAreaSchema.parse({
        name: "Rydebäck",
        kind: "tatort",
        lat: "55,966444",
        lng: "12,780677",
        population: "6429",
        populationYear: "2018",
        tags: "socioekonomiskt fokus, kust",
        notes: '=HYPERLINK("x")\nandra raden, med "citat"; och semikolon',
      }),
    );
    createArea(source.db, leader, newAreaSchema.parse({ name: "-Testby", kind: "other", lat: "56.1", lng: "12.5", tags: "@tagg", notes: "+46 70 123" }));
    target = createTestDb();
    targetLeader = await makeActor(target, "tour_leader");
  });
  afterEach(() => {
    source.cleanup();
    target.cleanup();
  });

  it("a CSV export imported into an empty database reproduces the same areas", () => {
    const csv = areasToCsv(exportAreas(source.db, leader));
    expect(areaCount(target)).toBe(0);
    const result = importAreas(target.db, targetLeader, { format: "csv", text: csv, mode: "upsert" });
    expect(result).toEqual({ ok: true, added: 52, updated: 0, unchanged: 0 });
    expect(comparable(target)).toEqual(comparable(source));
    const rydeback = comparable(target).find((a) => a.name === "Rydebäck")!;
    expect(rydeback.tags).toEqual(["socioekonomiskt fokus", "kust"]);
    expect(rydeback.notes).toBe('=HYPERLINK("x")\nandra raden, med "citat"; och semikolon');
  });

  it("a GeoJSON export imported into an empty database reproduces the same areas", () => {
    const geojson = JSON.stringify(areasToGeoJson(exportAreas(source.db, leader)));
    const result = importAreas(target.db, targetLeader, { format: "geojson", text: geojson, mode: "upsert" });
    expect(result).toEqual({ ok: true, added: 52, updated: 0, unchanged: 0 });
    expect(comparable(target)).toEqual(comparable(source));
  });

  it("exports archived areas only when asked", () => {
    const id = source.db.select({ id: areas.id }).from(areas).where(eq(areas.name, "Laröd")).get()!.id;
    source.db.update(areas).set({ archivedAt: new Date() }).where(eq(areas.id, id)).run();
    expect(exportAreas(source.db, leader).map((a) => a.name)).not.toContain("Laröd");
    expect(exportAreas(source.db, leader, { includeArchived: true }).map((a) => a.name)).toContain("Laröd");
  });

  it("a CSV with one bad row imports nothing and names the row", () => {
    const before = auditCount(target);
    const csv = [
      "name,kind,lat,lng,population,population_year,tags,notes,stat_code",
      "Rydebäck,tatort,55.966444,12.780677,6429,2018,kust,,",
      "Mörarp,tatort,56.0581,12.8746,,,,,",
      "Långt bort,tatort,40,12.7,,,,,",
      "Ödåkra,tatort,56.10,12.74,,,,,",
    ].join("\r\n");
    const result = importAreas(target.db, targetLeader, { format: "csv", text: csv, mode: "upsert" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(formatIssue)).toEqual(["Rad 4, lat: måste vara ett tal mellan 55 och 69,1"]);
    expect(areaCount(target)).toBe(0);
    expect(auditCount(target)).toBe(before);
  });

  it("updates areas with the same name (any case) with the columns the file has, and audits the import", () => {
    const before = source.db.select().from(areas).where(eq(areas.name, "Mörarp")).get()!;
    const csv = "name,kind,lat,lng,tags\nmörarp,tatort,56.06,12.875,landsbygd\nNyby,smaort,56.2,12.6,\n";
    const result = importAreas(source.db, leader, { format: "csv", text: csv, mode: "upsert" });
    expect(result).toEqual({ ok: true, added: 1, updated: 1, unchanged: 0 });
    const after = source.db.select().from(areas).where(eq(areas.id, before.id)).get()!;
    expect(after).toMatchObject({ name: "mörarp", lat: 56.06, lng: 12.875, tags: ["landsbygd"], population: before.population, notes: before.notes });

    const entries = source.db.select().from(auditLog).where(eq(auditLog.actorUserId, leader.id)).all();
    const importEntry = entries.find((e) => e.action === "area.import")!;
    expect(importEntry.details).toMatchObject({ format: "csv", mode: "upsert", added: 1, updated: 1, unchanged: 0 });
    const update = entries.find((e) => e.action === "area.update" && e.entityId === before.id)!;
    expect(update.details).toMatchObject({ changes: { tags: [[], ["landsbygd"]] }, via: "import (csv)" });
    expect(entries.some((e) => e.action === "area.create" && (e.details as { changes: { name: [null, string] } }).changes.name[1] === "Nyby")).toBe(true);
  });

  it("counts rows that change nothing as unchanged and writes no entry for them", () => {
    const csv = areasToCsv(exportAreas(source.db, leader));
    const before = auditCount(source);
    expect(importAreas(source.db, leader, { format: "csv", text: csv, mode: "upsert" })).toEqual({ ok: true, added: 0, updated: 0, unchanged: 52 });
    expect(auditCount(source)).toBe(before + 1);
  });

  it("in add-only mode a name that exists is an error and nothing is imported", () => {
    const csv = "name,kind,lat,lng\nNyby,smaort,56.2,12.6\nRYDEBÄCK,tatort,55.97,12.78\n";
    const result = importAreas(source.db, leader, { format: "csv", text: csv, mode: "add_only" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map(formatIssue)).toEqual(["Rad 3, name: det finns redan ett område som heter Rydebäck"]);
    expect(source.db.select().from(areas).where(eq(areas.name, "Nyby")).get()).toBeUndefined();
  });

  it("staff may neither export nor import", async () => {
    const staff = await makeActor(source, "staff");
    expect(() => exportAreas(source.db, staff)).toThrow(Forbidden);
    expect(() => importAreas(source.db, staff, { format: "csv", text: "name,kind,lat,lng\nA,tatort,56,12.7", mode: "upsert" })).toThrow(Forbidden);
  });
});
