import { describe, expect, it } from "vitest";
import {
  DEFAULT_WEIGHTS,
  formatKm,
  formatScore,
  haversineKm,
  RECENCY_CAP_YEARS,
  scoreAreas,
  type ScoringArea,
  type ScoringInput,
  type Weights,
} from "~/domain/priorities/scoring";

/** Helsingborg kontaktcenter, Stortorget 17 (db/seed/data/kontaktcenter.json). */
const OFFICE = { lat: 56.0474178, lng: 12.6959072 };
const NOW = new Date("2026-11-21T12:00:00Z");
const YEAR_MS = 365.2425 * 24 * 60 * 60 * 1000;
const NBSP = "\u00a0";

const area = (name: string, over: Partial<ScoringArea> = {}): ScoringArea => ({
  id: name.toLowerCase(),
  name,
  kind: "tatort",
  lat: OFFICE.lat,
  lng: OFFICE.lng,
  population: null,
  tags: [],
  ...over,
});

const only = (key: keyof Weights, weight = 1): Weights => ({ recency: 0, distance: 0, population: 0, tags: 0, [key]: weight });

function score(areas: ScoringArea[], over: Partial<ScoringInput> = {}) {
  return scoreAreas({ areas, lastHeld: new Map(), office: OFFICE, targetTags: [], weights: DEFAULT_WEIGHTS, now: NOW, ...over });
}

const byName = (rows: ReturnType<typeof score>, name: string) => {
  const row = rows.find((r) => r.area.name === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
};

describe("haversineKm", () => {
  it("gives the distance from Helsingborg city to Rydebäck (geodesic reference 9.89 km, WGS84 Vincenty)", () => {
    // Points from db/seed/data/helsingborg-places.json; the reference was computed with
    // Vincenty's formula on the WGS84 ellipsoid, independently of the code under test.
    const helsingborg = { lat: 56.044198, lng: 12.704068 };
    const rydeback = { lat: 55.966444, lng: 12.780677 };
    expect(haversineKm(helsingborg, rydeback)).toBeGreaterThan(9.89 - 0.5);
    expect(haversineKm(helsingborg, rydeback)).toBeLessThan(9.89 + 0.5);
  });

  it("is symmetric, zero for the same point, and about 111.2 km per degree of latitude", () => {
    const a = { lat: 56, lng: 12.7 };
    const b = { lat: 56.2, lng: 12.78 };
    expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 9);
    expect(haversineKm(a, a)).toBe(0);
    expect(haversineKm({ lat: 56, lng: 12 }, { lat: 57, lng: 12 })).toBeCloseTo(111.2, 1);
  });
});

describe("scoreAreas: years since the last held stop", () => {
  it("counts a never visited area as the maximum and says so", () => {
    const [row] = score([area("Utvälinge")], { weights: only("recency", 4) });
    expect(row!.parts).toEqual([{ key: "recency", value: 1, points: 4, text: "Aldrig besökt (+4,0)" }]);
    expect(row!.score).toBe(4);
    expect(row!.lastHeldAt).toBeNull();
  });

  it("grows with the years since the visit, names the year, and is capped", () => {
    const lastHeld = new Map([
      ["ett", new Date(NOW.getTime() - 1 * YEAR_MS)],
      ["tva", new Date(NOW.getTime() - 2.5 * YEAR_MS)],
      ["sju", new Date(NOW.getTime() - 7 * YEAR_MS)],
    ]);
    const rows = score([area("Ett"), area("Tva"), area("Sju")], { lastHeld, weights: only("recency", 4) });
    expect(byName(rows, "Ett").parts[0]!.value).toBeCloseTo(1 / RECENCY_CAP_YEARS, 9);
    expect(byName(rows, "Ett").parts[0]!.text).toBe("Senast besökt 2025 (+0,8)");
    expect(byName(rows, "Tva").parts[0]!.value).toBeCloseTo(0.5, 9);
    expect(byName(rows, "Tva").parts[0]!.text).toBe("Senast besökt 2024 (+2,0)");
    expect(byName(rows, "Sju").parts[0]).toMatchObject({ value: 1, text: "Senast besökt 2019, för mer än 5 år sedan (+4,0)" });
    expect(rows.map((r) => r.area.name)).toEqual(["Sju", "Tva", "Ett"]);
  });

  it("names the year in Swedish time: New Year's Eve 23:30 UTC is already next year in Stockholm", () => {
    const lastHeld = new Map([["nyar", new Date("2025-12-31T23:30:00Z")]]);
    const [row] = score([area("Nyar")], { lastHeld, weights: only("recency", 4) });
    expect(row!.parts[0]!.text).toMatch(/^Senast besökt 2026 /);
  });

  it("puts a never visited area above one visited last year, all else equal", () => {
    const lastHeld = new Map([["besokt", new Date("2025-09-13T08:00:00Z")]]);
    const rows = score([area("Besokt"), area("Obesokt")], { lastHeld });
    expect(rows.map((r) => r.area.name)).toEqual(["Obesokt", "Besokt"]);
  });
});

describe("scoreAreas: distance from the office", () => {
  it("is relative to the farthest area and written in km", () => {
    const far = area("Utvälinge", { lat: 56.215747, lng: 12.780708 }); // ≈ 19.4 km north
    const mid = area("Mitt", { lat: (OFFICE.lat + 56.215747) / 2, lng: (OFFICE.lng + 12.780708) / 2 });
    const here = area("Centrum");
    const rows = score([here, mid, far], { weights: only("distance", 3) });
    expect(byName(rows, "Utvälinge").parts[0]).toMatchObject({ value: 1, points: 3, text: "19 km från kontaktcentret (+3,0)" });
    expect(byName(rows, "Mitt").parts[0]!.value).toBeCloseTo(0.5, 2);
    expect(byName(rows, "Centrum").parts[0]).toMatchObject({ value: 0, text: "0,0 km från kontaktcentret (+0,0)" });
    expect(byName(rows, "Utvälinge").distanceKm).toBeCloseTo(19.4, 0);
  });

  it("gives 0 to every area when they all lie at the office", () => {
    const rows = score([area("A"), area("B")], { weights: only("distance", 3) });
    expect(rows.map((r) => r.score)).toEqual([0, 0]);
  });

  it("formats short distances with a decimal comma and long ones whole", () => {
    expect(formatKm(1.14)).toBe("1,1 km");
    expect(formatKm(21.4)).toBe("21 km");
  });
});

describe("scoreAreas: population", () => {
  it("uses a square-root scale relative to the largest area", () => {
    const rows = score([area("Stor", { population: 40_000 }), area("Liten", { population: 10_000 })], {
      weights: only("population", 2),
    });
    expect(byName(rows, "Stor").parts[0]).toMatchObject({ value: 1, points: 2 });
    expect(byName(rows, "Liten").parts[0]!.value).toBeCloseTo(0.5, 9);
    expect(byName(rows, "Liten").parts[0]!.text).toBe(`10${NBSP}000 invånare (+1,0)`);
  });

  it("gives an unknown population 0 and says that it is unknown", () => {
    const rows = score([area("Känd", { population: 6429 }), area("Okänd", { population: null })], {
      weights: only("population", 2),
    });
    expect(byName(rows, "Okänd").parts[0]).toMatchObject({ value: 0, points: 0, text: "folkmängd okänd (+0,0)" });
    expect(byName(rows, "Känd").parts[0]!.text).toBe(`6${NBSP}429 invånare (+2,0)`);
  });
});

describe("scoreAreas: chosen tags", () => {
  const tagged = [
    area("Båda", { tags: ["långt från centralorten", "Landsbygd"] }),
    area("En", { tags: ["långt från centralorten"] }),
    area("Ingen", { tags: ["socioekonomiskt fokus"] }),
  ];

  it("counts the share of the chosen tags the area has, ignoring case", () => {
    const rows = score(tagged, { targetTags: ["långt från centralorten", "landsbygd"], weights: only("tags", 3) });
    expect(byName(rows, "Båda").parts[0]).toMatchObject({
      value: 1,
      text: "har taggarna ”långt från centralorten” och ”landsbygd” (+3,0)",
    });
    expect(byName(rows, "En").parts[0]).toMatchObject({ value: 0.5, text: "har 1 av 2 valda taggar: ”långt från centralorten” (+1,5)" });
    expect(byName(rows, "Ingen").parts[0]).toMatchObject({ value: 0, text: "har ingen av de valda taggarna (+0,0)" });
    expect(rows.map((r) => r.area.name)).toEqual(["Båda", "En", "Ingen"]);
  });

  it("says which single tag is missing", () => {
    const rows = score(tagged, { targetTags: ["landsbygd"], weights: only("tags", 3) });
    expect(byName(rows, "Ingen").parts[0]!.text).toBe("saknar taggen ”landsbygd” (+0,0)");
  });

  it("leaves the tag part out when no tags are chosen", () => {
    const rows = score(tagged, { targetTags: [], weights: only("tags", 3) });
    expect(rows.every((r) => r.parts.length === 0 && r.score === 0)).toBe(true);
  });
});

describe("scoreAreas: weights, ties and the explanation", () => {
  const lastHeld = new Map([["centrum", new Date("2025-09-13T08:00:00Z")]]);
  const areas = [
    area("Centrum", { lat: 56.04194, lng: 12.71028, population: 4405, tags: [] }), // ≈ 1 km from the office
    area("Utvälinge", { lat: 56.215747, lng: 12.780708, population: 230, tags: ["långt från centralorten"] }),
    area("Helsingborg", { lat: 56.044198, lng: 12.704068, population: 109_869 }),
  ];

  it("with all weights 0 scores every area 0, explains nothing and ranks by name", () => {
    const rows = score(areas, { lastHeld, weights: { recency: 0, distance: 0, population: 0, tags: 0 }, targetTags: ["x"] });
    expect(rows.map((r) => [r.rank, r.area.name, r.score, r.explanation])).toEqual([
      [1, "Centrum", 0, ""],
      [2, "Helsingborg", 0, ""],
      [3, "Utvälinge", 0, ""],
    ]);
  });

  it("leaves a part weighted 0 out of both the score and the explanation", () => {
    const withPopulation = score(areas, { lastHeld });
    const without = score(areas, { lastHeld, weights: { ...DEFAULT_WEIGHTS, population: 0 } });
    const helsingborg = byName(without, "Helsingborg");
    expect(helsingborg.parts.map((p) => p.key)).toEqual(["recency", "distance"]);
    expect(helsingborg.explanation).not.toMatch(/invånare/);
    expect(helsingborg.score).toBeCloseTo(byName(withPopulation, "Helsingborg").score - 2, 9);
  });

  it("breaks ties by name in Swedish alphabetical order (å, ä, ö after z), keeping ranks 1..n", () => {
    const names = ["Östra", "Ängby", "Zeta", "Åby", "Alnarp"];
    const rows = score(names.map((n) => area(n)));
    expect(rows.map((r) => r.area.name)).toEqual(["Alnarp", "Zeta", "Åby", "Ängby", "Östra"]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it("ranks an area 20 km away never visited above a central area visited last year, and says why", () => {
    const rows = score(areas, { lastHeld, targetTags: ["långt från centralorten"] });
    const far = byName(rows, "Utvälinge");
    const central = byName(rows, "Centrum");
    expect(far.rank).toBeLessThan(central.rank);
    expect(far.rank).toBe(1);
    expect(far.explanation).toBe("Aldrig besökt (+4,0) · 19 km från kontaktcentret (+3,0) · 230 invånare (+0,1) · har taggen ”långt från centralorten” (+3,0)");
    // 13 September 2025 is 1.19 years before NOW: 4 × 1.19 / 5 ≈ 0.95.
    expect(central.explanation).toMatch(/^Senast besökt 2025 \(\+1,0\) · 1,1 km från kontaktcentret \(\+0,2\) · /);
    expect(far.score).toBeCloseTo(
      far.parts.reduce((s, p) => s + p.points, 0),
      9,
    );
  });

  it("formats scores with one decimal and a Swedish comma", () => {
    expect(formatScore(7.25)).toBe("7,3");
    expect(formatScore(0)).toBe("0,0");
    expect(formatScore(12)).toBe("12,0");
  });
});
