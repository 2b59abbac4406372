import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIELD_AREA_CHOICES, fieldAreaOptions, fieldFormOptions } from "~/domain/field/field-page.server";
import { seededTestDb, type TestDb } from "../support/db";
import { statementsDuring } from "../support/statements";

let t: TestDb;
beforeEach(async () => {
  t = await seededTestDb();
});
afterEach(() => t.cleanup());

function area(name: string) {
  return t.db.$client.prepare("select id, lat, lng from areas where name = ?").get(name) as { id: string; lat: number; lng: number };
}

describe("the areas the field form offers", () => {
  it("are the stop's own area and the nearest others, in name order, at most FIELD_AREA_CHOICES", () => {
    const total = (t.db.$client.prepare("select count(*) as n from areas").get() as { n: number }).n;
    expect(total).toBeGreaterThan(FIELD_AREA_CHOICES);
    const morarp = area("Mörarp");
    const options = fieldAreaOptions(t.db, [{ lat: morarp.lat, lng: morarp.lng, areaId: morarp.id }]);
    expect(options).toHaveLength(FIELD_AREA_CHOICES);
    expect(options.map((o) => o.value)).toContain(morarp.id);
    const names = options.map((o) => o.label);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "sv")));
  });

  it("always include a stop's own area, even when its point is far from it", () => {
    const morarp = area("Mörarp");
    const rydeback = area("Rydebäck");
    const options = fieldAreaOptions(t.db, [{ lat: morarp.lat, lng: morarp.lng, areaId: rydeback.id }]);
    expect(options.map((o) => o.value)).toContain(rydeback.id);
  });
});

describe("the field form's lists (issue 15)", () => {
  it("are read once and kept until a list or the settings change", () => {
    const first = fieldFormOptions(t.db, []);
    expect(first.departments.map((d) => d.value)).toContain("miljo");
    expect(statementsDuring(t.db, /"departments"|"question_topics"|"answer_groups"/, () => fieldFormOptions(t.db, []))).toEqual([]);
    t.db.$client.prepare("update departments set active = 0 where code = 'miljo'").run();
    expect(fieldFormOptions(t.db, []).departments.map((d) => d.value)).not.toContain("miljo");
    t.db.$client.prepare("update municipality_settings set name = 'Kristinehamn'").run();
    expect(fieldFormOptions(t.db, []).municipalityName).not.toBe(first.municipalityName);
  });
});
