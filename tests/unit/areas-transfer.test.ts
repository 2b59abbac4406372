import { describe, expect, it } from "vitest";
import { normaliseTags, parseDecimal } from "~/domain/areas/schemas";
import {
  areasToCsv,
  decodeUpload,
  detectFormat,
  formatIssue,
  neutraliseCell,
  parseAreasCsv,
  parseAreasGeoJson,
  unneutraliseCell,
  type AreaRecord,
} from "~/domain/areas/transfer";

const HEADER = "name,kind,lat,lng,population,population_year,tags,notes,stat_code";

const area = (over: Partial<AreaRecord> = {}): AreaRecord => ({
  name: "Rydebäck",
  kind: "tatort",
  lat: 55.966444,
  lng: 12.780677,
  population: 6429,
  populationYear: 2018,
  tags: ["socioekonomiskt fokus", "kust"],
  notes: null,
  statCode: null,
  ...over,
});

const messages = (text: string) => parseAreasCsv(text).issues.map(formatIssue);

describe("CSV cell neutralisation (formula injection)", () => {
  it.each(['=HYPERLINK("http://evil.example")', "+46 70", "-1", "@SUM(A1)", "\t=1", "\r=1"])(
    "prefixes %j with an apostrophe so a spreadsheet shows it as text",
    (text) => {
      expect(neutraliseCell(text)).toBe(`'${text}`);
    },
  );

  it("leaves ordinary text alone", () => {
    for (const text of ["Rydebäck", "", "socioekonomiskt fokus;kust", "56,05", "'citat'", "a=b"]) expect(neutraliseCell(text)).toBe(text);
  });

  it("round-trips every text exactly, also one that already starts with apostrophes before =", () => {
    for (const text of ["=1", "'=1", "''+x", "-", "'", "'hej", "Rydebäck", "@", "\t"]) {
      expect(unneutraliseCell(neutraliseCell(text))).toBe(text);
    }
  });

  it("writes numbers as numbers: a negative coordinate or population is never neutralised", () => {
    // Not an area in Sweden, but the writer must not treat numbers as text.
    const csv = areasToCsv([area({ name: "-Västerut", lng: -0.5 as number, notes: "=2+3" })]);
    const line = csv.split("\r\n")[1]!;
    expect(line).toContain(",-0.5,");
    expect(line.startsWith("'-Västerut,")).toBe(true);
    expect(line).toContain(",'=2+3,");
  });
});

describe("areasToCsv", () => {
  it("starts with a BOM and a header row of stable English column names", () => {
    const csv = areasToCsv([area()]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")[0]).toBe(HEADER);
  });

  it("joins tags with semicolons in one (quoted) cell and quotes notes with line breaks", () => {
    const csv = areasToCsv([area({ notes: "rad ett\nrad två, med komma" })]);
    expect(csv).toContain('"socioekonomiskt fokus;kust"');
    expect(csv).toContain('"rad ett\nrad två, med komma"');
  });

  it("reads back what it wrote", () => {
    const areas = [
      area(),
      area({ name: "=Farligt namn", kind: "other", population: null, populationYear: null, tags: [], notes: "+ plus\r\nrad 2", statCode: "B001" }),
    ];
    const { rows, issues } = parseAreasCsv(areasToCsv(areas));
    expect(issues).toEqual([]);
    expect(rows.map((r) => r.record)).toEqual(areas);
  });
});

describe("parseAreasCsv", () => {
  it("accepts semicolon-separated files with decimal commas, as Swedish Excel writes them", () => {
    const { rows, issues } = parseAreasCsv("name;kind;lat;lng;population\r\nMörarp;Tätort;56,0581;12,8746;1 868\r\n");
    expect(issues).toEqual([]);
    expect(rows[0]!.record).toMatchObject({ name: "Mörarp", kind: "tatort", lat: 56.0581, lng: 12.8746, population: 1868 });
    expect(rows[0]!.present).toEqual(["name", "kind", "lat", "lng", "population"]);
  });

  it("names the line and the field of every bad value, counting the header as line 1", () => {
    const csv = [
      HEADER,
      "Rydebäck,tatort,55.96,12.78,6429,2018,,,",
      "Laröd,tatort,55.98,12.63,,,,,",
      "Fel,tatort,40,12.7,,,,,",
      "Fel 2,stad,56,100,-5,1600,,,",
    ].join("\n");
    expect(messages(csv)).toEqual([
      "Rad 4, lat: måste vara ett tal mellan 55 och 69,1",
      "Rad 5, kind: måste vara en av tatort, smaort, stadsdel, other",
      "Rad 5, lng: måste vara ett tal mellan 10,9 och 24,2",
      "Rad 5, population: måste vara ett heltal, 0 eller större",
      "Rad 5, population_year: måste vara ett årtal mellan 1800 och 2100",
    ]);
    expect(parseAreasCsv(csv).rows).toEqual([]);
  });

  it("numbers a row by the line it starts on when an earlier cell spans lines", () => {
    const csv = `${HEADER}\nA,tatort,56,12.7,,,,"två\nrader",\n\nB,tatort,56,tolv,,,,,\n`;
    expect(messages(csv)).toEqual(["Rad 5, lng: måste vara ett tal mellan 10,9 och 24,2"]);
  });

  it("reports a missing, unknown or repeated column in the header", () => {
    expect(messages("name,kind,lat,popluation\nA,tatort,56,1")).toEqual([
      'Rad 1: okänd kolumn "popluation" (tillåtna: name, kind, lat, lng, population, population_year, tags, notes, stat_code)',
      'Rad 1: kolumnen "lng" saknas',
    ]);
    expect(messages("name,kind,lat,lng,lat\nA,tatort,56,12,56")).toEqual(['Rad 1: kolumnen "lat" finns två gånger']);
  });

  it("reports a row with the wrong number of fields and a name used twice", () => {
    const csv = "name,kind,lat,lng\nA,tatort,56,12.7\nB,tatort,56\na,smaort,56.1,12.8\n";
    expect(messages(csv)).toEqual(["Rad 3: har 3 fält men rubrikraden har 4", "Rad 4, name: samma namn som rad 2"]);
  });

  it("skips rows of empty cells and says so when no area is left", () => {
    expect(messages(`${HEADER}\n,,,,,,,,\n`)).toEqual(["Filen: filen innehåller inga områden, bara en rubrikrad"]);
  });

  it("reports a broken quote with its line instead of throwing", () => {
    const issues = messages('name,kind,lat,lng\n"A,tatort,56,12\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^Rad \d+: filen kunde inte läsas som CSV: ett citattecken/);
  });

  it("strips the apostrophe of neutralised text cells but keeps numbers as written", () => {
    const { rows } = parseAreasCsv("name,kind,lat,lng,notes\n'=Namn,tatort,56,12.7,'-anteckning\n");
    expect(rows[0]!.record).toMatchObject({ name: "=Namn", notes: "-anteckning" });
  });
});

describe("parseAreasGeoJson", () => {
  const feature = (properties: Record<string, unknown>, coordinates: unknown = [12.78, 55.96]) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates },
    properties,
  });

  it("reads points (longitude first) and their properties", () => {
    const { rows, issues } = parseAreasGeoJson(
      JSON.stringify({
        type: "FeatureCollection",
        features: [feature({ name: "Rydebäck", kind: "tatort", population: 6429, population_year: 2018, tags: ["Kust"], extra: 1 })],
      }),
    );
    expect(issues).toEqual([]);
    expect(rows[0]!.record).toEqual({
      name: "Rydebäck",
      kind: "tatort",
      lat: 55.96,
      lng: 12.78,
      population: 6429,
      populationYear: 2018,
      tags: ["kust"],
      notes: null,
      statCode: null,
    });
  });

  it("names the feature (from 1) and the field of every problem", () => {
    const { issues, rows } = parseAreasGeoJson(
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          feature({ name: "A", kind: "tatort" }),
          { type: "Feature", geometry: { type: "Polygon", coordinates: [] }, properties: { name: "B" } },
          feature({ name: "C", kind: "tatort", tags: 5 }, [12.7, 80]),
        ],
      }),
    );
    expect(issues.map(formatIssue)).toEqual([
      "Objekt 2, geometry: måste vara en punkt (Point) med koordinaterna [lng, lat]",
      "Objekt 3, tags: måste vara en lista med text",
      "Objekt 3, lat: måste vara ett tal mellan 55 och 69,1",
    ]);
    expect(rows).toEqual([]);
  });

  it("refuses what is not a FeatureCollection", () => {
    expect(parseAreasGeoJson("{").issues.map(formatIssue)).toEqual(["Filen: är inte giltig JSON"]);
    expect(parseAreasGeoJson('{"type":"Feature"}').issues.map(formatIssue)).toEqual(["Filen: måste vara en GeoJSON FeatureCollection"]);
  });
});

describe("reading uploaded files", () => {
  it("decodes UTF-8 with a BOM, and falls back to Windows-1252 (Swedish Excel)", () => {
    expect(decodeUpload(new TextEncoder().encode("\uFEFFÖdåkra"))).toBe("Ödåkra");
    expect(decodeUpload(new Uint8Array([0xd6, 0x64, 0xe5, 0x6b, 0x72, 0x61]))).toBe("Ödåkra");
  });

  it("tells CSV from GeoJSON by extension, else by content", () => {
    expect(detectFormat("omraden.csv", "{")).toBe("csv");
    expect(detectFormat("omraden.geojson", "name")).toBe("geojson");
    expect(detectFormat("omraden", '  {"type":"FeatureCollection"}')).toBe("geojson");
    expect(detectFormat("omraden", "name,kind")).toBe("csv");
  });
});

describe("values as people write them", () => {
  it("parses decimal commas and points, not text", () => {
    expect(parseDecimal(" 56,05 ")).toBe(56.05);
    expect(parseDecimal("−12.5")).toBe(-12.5);
    expect(Number.isNaN(parseDecimal("56,05,1"))).toBe(true);
    expect(Number.isNaN(parseDecimal("tolv"))).toBe(true);
  });

  it("normalises tags: trimmed, lower case, unique, split on commas and semicolons", () => {
    expect(normaliseTags(" Socioekonomiskt  fokus, kust;KUST, ")).toEqual(["socioekonomiskt fokus", "kust"]);
    expect(normaliseTags(["Ö-fokus", "a;b"])).toEqual(["ö-fokus", "a", "b"]);
  });
});
