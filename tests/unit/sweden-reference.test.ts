import { describe, expect, it } from "vitest";
import {
  listMunicipalities,
  municipalityByCode,
  municipalityByQuery,
  pointInGeometry,
  searchMunicipalities,
  type MunicipalityBoundary,
} from "~/domain/reference/sweden.server";

function positions(boundary: MunicipalityBoundary): number[][] {
  const polygons = boundary.type === "Polygon" ? [boundary.coordinates] : boundary.coordinates;
  return polygons.flat(2);
}

const all = listMunicipalities();
const full = all.map((m) => {
  const found = municipalityByCode(m.code);
  if (!found) throw new Error(`listed municipality ${m.code} not found by code`);
  return found;
});

describe("Swedish municipalities (reference data)", () => {
  it("has the 290 municipalities, each with a distinct 4-digit code", () => {
    expect(all).toHaveLength(290);
    expect(new Set(all.map((m) => m.code)).size).toBe(290);
    for (const m of all) expect(m.code).toMatch(/^\d{4}$/);
  });

  it("names Helsingborg 1283 and Kristinehamn 1781", () => {
    expect(municipalityByCode("1283")).toMatchObject({ code: "1283", name: "Helsingborg", county: "Skåne län" });
    expect(municipalityByCode("1781")).toMatchObject({ code: "1781", name: "Kristinehamn", county: "Värmlands län" });
    expect(municipalityByCode("9999")).toBeNull();
  });

  it("lists municipalities in Swedish alphabetical order", () => {
    const names = all.map((m) => m.name);
    expect(names[0]).toBe("Ale");
    expect(names.at(-1)).toBe("Övertorneå");
    expect(names.indexOf("Ängelholm")).toBeGreaterThan(names.indexOf("Åre"));
    expect(names.indexOf("Örebro")).toBeGreaterThan(names.indexOf("Ängelholm"));
  });

  it("gives every municipality a Polygon or MultiPolygon boundary within Sweden's bounding box", () => {
    const bad: string[] = [];
    for (const m of full) {
      expect(["Polygon", "MultiPolygon"], m.code).toContain(m.boundary.type);
      const coords = positions(m.boundary);
      expect(coords.length, m.code).toBeGreaterThanOrEqual(4);
      for (const [lng, lat] of coords) if (!(lng! >= 10 && lng! <= 25 && lat! >= 55 && lat! <= 70)) bad.push(`${m.code}: [${lng}, ${lat}]`);
    }
    expect(bad).toEqual([]);
  });

  it("puts every shipped place inside its municipality's shipped (simplified) boundary", () => {
    const outside: string[] = [];
    let count = 0;
    for (const m of full)
      for (const p of m.places) {
        count++;
        if (!pointInGeometry(p.lng, p.lat, m.boundary)) outside.push(`${p.name} (${m.code} ${m.name})`);
      }
    expect(count).toBeGreaterThan(1000);
    expect(outside).toEqual([]);
  });

  it("has places for Helsingborg, including the town itself", () => {
    const helsingborg = municipalityByCode("1283");
    expect(helsingborg?.places.map((p) => p.name)).toContain("Helsingborg");
    // Viken is Höganäs's (1284); the source gives it Jönköping's coordinates, so it must not land in Helsingborg.
    expect(helsingborg?.places.map((p) => p.name)).not.toContain("Viken");
  });
});

describe("pointInGeometry", () => {
  const square: MunicipalityBoundary = {
    type: "Polygon",
    coordinates: [
      [
        [12, 56],
        [13, 56],
        [13, 57],
        [12, 57],
        [12, 56],
      ],
    ],
  };
  it("takes lng before lat", () => {
    expect(pointInGeometry(12.5, 56.5, square)).toBe(true);
    expect(pointInGeometry(56.5, 12.5, square)).toBe(false);
    expect(pointInGeometry(13.5, 56.5, square)).toBe(false);
  });
  it("finds Helsingborg's town centre inside Helsingborg but not inside Kristinehamn", () => {
    const stortorget = { lng: 12.6959, lat: 56.0474 };
    expect(pointInGeometry(stortorget.lng, stortorget.lat, municipalityByCode("1283")!.boundary)).toBe(true);
    expect(pointInGeometry(stortorget.lng, stortorget.lat, municipalityByCode("1781")!.boundary)).toBe(false);
  });
});

describe("municipalityByQuery", () => {
  it("takes an exact code or name in any case, with or without ' kommun'", () => {
    expect(municipalityByQuery("1781")?.name).toBe("Kristinehamn");
    expect(municipalityByQuery(" kristinehamn ")?.code).toBe("1781");
    expect(municipalityByQuery("Kristinehamns kommun")?.code).toBe("1781");
    expect(municipalityByQuery("Borås kommun")?.code).toBe("1490");
    expect(municipalityByQuery("ÖREBRO")?.code).toBe("1880");
  });
  it("does not guess from a partial name", () => {
    expect(municipalityByQuery("kristine")).toBeNull();
    expect(municipalityByQuery("9999")).toBeNull();
  });
});

describe("searchMunicipalities", () => {
  it("finds by part of the name, ignoring case", () => {
    expect(searchMunicipalities("kristine").map((m) => m.code)).toContain("1781");
    expect(searchMunicipalities("KRISTINE").map((m) => m.code)).toContain("1781");
    expect(searchMunicipalities("borg").map((m) => m.name)).toContain("Helsingborg");
  });

  it("finds by code", () => {
    expect(searchMunicipalities("1283")).toEqual([{ code: "1283", name: "Helsingborg", county: "Skåne län" }]);
  });

  it("puts name prefixes first and returns everything for an empty query", () => {
    const names = searchMunicipalities("sala").map((m) => m.name);
    expect(names[0]).toBe("Sala");
    expect(searchMunicipalities("  ")).toHaveLength(290);
    expect(searchMunicipalities("zzz")).toEqual([]);
  });
});
