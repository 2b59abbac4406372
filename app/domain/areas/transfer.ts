import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { AREA_KINDS, type AreaKind } from "#db/enums";
import { AREA_KIND_LABELS } from "./labels";
import { AREA_LIMITS, CSV_COLUMNS, nameKey, normaliseTags, parseDecimal, parseInteger, svNumber } from "./schemas";

/**
 * Areas to and from files: CSV and GeoJSON. Pure functions; the verbs that read and write the
 * database are in transfer.server.ts. Column and property names are stable English names, so a
 * file exported today imports tomorrow (issue 3).
 */

/** What a file carries of an area. The same set of values in both formats. */
export type AreaRecord = {
  name: string;
  kind: AreaKind;
  lat: number;
  lng: number;
  population: number | null;
  populationYear: number | null;
  tags: string[];
  notes: string | null;
  statCode: string | null;
};

export { CSV_COLUMNS };
export type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ["name", "kind", "lat", "lng"];
const TEXT_COLUMNS: ReadonlySet<Column> = new Set(["name", "kind", "tags", "notes", "stat_code"]);

const FIELD_OF: Record<Column, keyof AreaRecord> = {
  name: "name",
  kind: "kind",
  lat: "lat",
  lng: "lng",
  population: "population",
  population_year: "populationYear",
  tags: "tags",
  notes: "notes",
  stat_code: "statCode",
};

/** One area read from a file, with the fields the file actually had (an absent column leaves a value as it is). */
export type ImportRow = { where: string; record: AreaRecord; present: (keyof AreaRecord)[] };

/** "Rad 4, lat: måste vara ett tal mellan 55 och 69,1" */
export type ImportIssue = { where: string; field?: string; message: string };

export function formatIssue(issue: ImportIssue): string {
  return issue.field ? `${issue.where}, ${issue.field}: ${issue.message}` : `${issue.where}: ${issue.message}`;
}

export type ParsedImport = { rows: ImportRow[]; issues: ImportIssue[] };

// --- CSV cells and formula injection ------------------------------------------------------------

const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula.
 * Text cells that could be read so get a leading apostrophe. A text that already starts with
 * apostrophes before such a character gets one more, so `unneutraliseCell` can always strip
 * exactly one and the round trip is exact. Only text columns go through here: numbers (a
 * negative coordinate) are written as numbers.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The inverse of neutraliseCell, for text cells read back from a CSV file. */
export function unneutraliseCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

// --- Export ------------------------------------------------------------------------------------

function csvCells(a: AreaRecord): (string | number)[] {
  const text = (v: string | null) => neutraliseCell(v ?? "");
  return [text(a.name), text(a.kind), a.lat, a.lng, a.population ?? "", a.populationYear ?? "", text(a.tags.join(";")), text(a.notes), text(a.statCode)];
}

/** UTF-8 with a BOM (so Excel reads å, ä, ö), CRLF line ends, a header row of CSV_COLUMNS. */
export function areasToCsv(areas: readonly AreaRecord[]): string {
  return stringify([[...CSV_COLUMNS], ...areas.map(csvCells)], {
    bom: true,
    record_delimiter: "\r\n",
    // Cells with line breaks or semicolons are quoted too, so no reader splits them.
    quoted_match: /[\r\n;]/,
    cast: { number: (n) => String(n) },
  });
}

export type AreaFeatureCollection = {
  type: "FeatureCollection";
  features: {
    type: "Feature";
    geometry: { type: "Point"; coordinates: [number, number] };
    properties: {
      name: string;
      kind: AreaKind;
      population: number | null;
      population_year: number | null;
      tags: string[];
      notes: string | null;
      stat_code: string | null;
    };
  }[];
};

/** A FeatureCollection of Points (GeoJSON order: longitude, latitude) with the area's values as properties. */
export function areasToGeoJson(areas: readonly AreaRecord[]): AreaFeatureCollection {
  return {
    type: "FeatureCollection",
    features: areas.map((a) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [a.lng, a.lat] },
      properties: {
        name: a.name,
        kind: a.kind,
        population: a.population,
        population_year: a.populationYear,
        tags: a.tags,
        notes: a.notes,
        stat_code: a.statCode,
      },
    })),
  };
}

// --- Reading files -----------------------------------------------------------------------------

/**
 * The bytes of an uploaded file as text: UTF-8 (with or without BOM), or, if that fails,
 * Windows-1252, which Swedish Excel uses for "CSV (semikolonavgränsad)".
 */
export function decodeUpload(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return text.replace(/^\uFEFF/, "");
}

export type FileFormat = "csv" | "geojson";

/** By the file name's extension; without a known one, by the first character. */
export function detectFormat(fileName: string, text: string): FileFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv") || lower.endsWith(".txt")) return "csv";
  if (lower.endsWith(".geojson") || lower.endsWith(".json")) return "geojson";
  return text.trimStart().startsWith("{") ? "geojson" : "csv";
}

// --- Validating one area's values --------------------------------------------------------------

const KIND_BY_TEXT = new Map<string, AreaKind>([
  ...AREA_KINDS.map((k) => [k, k] as const),
  ...AREA_KINDS.map((k) => [AREA_KIND_LABELS[k].toLocaleLowerCase("sv"), k] as const),
]);

type RawValue = string | number | string[] | null | undefined;
type RawValues = Partial<Record<Column, RawValue>>;

const isBlank = (v: RawValue) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

function toNumber(v: RawValue, integer: boolean): number {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return Number.NaN;
  return integer ? parseInteger(v) : parseDecimal(v);
}

function toText(v: RawValue): string | null {
  if (isBlank(v)) return null;
  return typeof v === "string" ? v.trim() : Array.isArray(v) ? v.join(";") : String(v);
}

/**
 * Checks the values of one area against the same limits as the form, and names every bad
 * field. `present` are the columns (or properties) the file has.
 */
export function validateAreaValues(raw: RawValues, where: string, present: readonly Column[]): { row?: ImportRow; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const bad = (field: Column, message: string) => issues.push({ where, field, message });

  const name = toText(raw.name)?.replace(/\s+/g, " ") ?? null;
  if (!name) bad("name", "saknas");
  else if (name.length > AREA_LIMITS.name) bad("name", `får ha högst ${AREA_LIMITS.name} tecken`);

  const kindText = toText(raw.kind);
  const kind = kindText ? KIND_BY_TEXT.get(kindText.toLocaleLowerCase("sv")) : undefined;
  if (!kindText) bad("kind", `saknas (${AREA_KINDS.join(", ")})`);
  else if (!kind) bad("kind", `måste vara en av ${AREA_KINDS.join(", ")}`);

  const coordinate = (field: "lat" | "lng", [min, max]: readonly [number, number]) => {
    const value = toNumber(raw[field], false);
    if (isBlank(raw[field])) bad(field, `saknas (ett tal mellan ${svNumber(min)} och ${svNumber(max)})`);
    else if (!Number.isFinite(value) || value < min || value > max) bad(field, `måste vara ett tal mellan ${svNumber(min)} och ${svNumber(max)}`);
    return value;
  };
  const lat = coordinate("lat", AREA_LIMITS.lat);
  const lng = coordinate("lng", AREA_LIMITS.lng);

  let population: number | null = null;
  if (!isBlank(raw.population)) {
    population = toNumber(raw.population, true);
    if (!Number.isInteger(population) || population < 0 || population > AREA_LIMITS.population) {
      bad("population", "måste vara ett heltal, 0 eller större");
    }
  }
  let populationYear: number | null = null;
  if (!isBlank(raw.population_year)) {
    populationYear = toNumber(raw.population_year, true);
    const [min, max] = AREA_LIMITS.populationYear;
    if (!Number.isInteger(populationYear) || populationYear < min || populationYear > max) {
      bad("population_year", `måste vara ett årtal mellan ${min} och ${max}`);
    } else if (population === null && !issues.some((i) => i.field === "population")) {
      bad("population_year", "anges bara tillsammans med population");
    }
  }

  const tags = normaliseTags(Array.isArray(raw.tags) ? raw.tags : (toText(raw.tags) ?? ""));
  if (tags.length > AREA_LIMITS.tags) bad("tags", `högst ${AREA_LIMITS.tags} taggar`);
  else if (tags.some((t) => t.length > AREA_LIMITS.tag)) bad("tags", `en tagg får ha högst ${AREA_LIMITS.tag} tecken`);

  const notes = toText(raw.notes);
  if (notes && notes.length > AREA_LIMITS.notes) bad("notes", `får ha högst ${AREA_LIMITS.notes} tecken`);
  const statCode = toText(raw.stat_code);
  if (statCode && statCode.length > AREA_LIMITS.statCode) bad("stat_code", `får ha högst ${AREA_LIMITS.statCode} tecken`);

  if (issues.length) return { issues };
  return {
    issues,
    row: {
      where,
      record: { name: name!, kind: kind!, lat, lng, population, populationYear, tags, notes, statCode },
      present: present.map((c) => FIELD_OF[c]),
    },
  };
}

/** The second row with a name already used in the file is an error: which one should win? */
function checkDuplicateNames(rows: ImportRow[], issues: ImportIssue[]) {
  const seen = new Map<string, string>();
  for (const row of rows) {
    const key = nameKey(row.record.name);
    const first = seen.get(key);
    if (first) issues.push({ where: row.where, field: "name", message: `samma namn som ${first.toLocaleLowerCase("sv")}` });
    else seen.set(key, row.where);
  }
}

function finish(rows: ImportRow[], issues: ImportIssue[], emptyMessage: string): ParsedImport {
  if (!rows.length && !issues.length) issues.push({ where: "Filen", message: emptyMessage });
  checkDuplicateNames(rows, issues);
  return issues.length ? { rows: [], issues } : { rows, issues };
}

// --- CSV import --------------------------------------------------------------------------------

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'ett citattecken (") avslutas aldrig',
  CSV_INVALID_CLOSING_QUOTE: 'ett citattecken (") står mitt i ett fält; skriv det som två citattecken',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "tecken efter ett avslutande citattecken",
  INVALID_OPENING_QUOTE: 'ett citattecken (") står mitt i ett fält; sätt fältet inom citattecken och skriv citattecknet som två',
};

/** A CSV record and the line it starts on (the header is line 1). */
export type CsvRecord = { cells: string[]; line: number };

/**
 * The records of a CSV file (areas, organizations): comma or semicolon separated, told from the
 * header line; a byte order mark is ignored. A file that is not CSV gives one issue with its line.
 */
export function readCsvRecords(text: string): { ok: true; records: CsvRecord[] } | { ok: false; issue: ImportIssue } {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r\n|\n|\r/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  try {
    const parsed = parse(body, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    // info.lines is the line a record ends on; line breaks inside its cells move its start back.
    return {
      ok: true,
      records: parsed.map(({ record, info }) => ({ cells: record, line: info.lines - record.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0) })),
    };
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return {
        ok: false,
        issue: { where: line ? `Rad ${line}` : "Filen", message: `filen kunde inte läsas som CSV: ${CSV_ERRORS[error.code] ?? "felaktigt format"}` },
      };
    }
    throw error;
  }
}

/**
 * Reads a CSV file: comma or semicolon separated (found from the header), decimal comma or
 * point, the header naming CSV_COLUMNS in any order. Rows are numbered by the line they start
 * on, the header being line 1. Every problem is reported, not just the first.
 */
export function parseAreasCsv(text: string): ParsedImport {
  const read = readCsvRecords(text);
  if (!read.ok) return { rows: [], issues: [read.issue] };
  const records = read.records;

  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) return { rows: [], issues: [{ where: "Filen", message: "filen är tom" }] };

  const issues: ImportIssue[] = [];
  const header = headerRecord.cells.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(CSV_COLUMNS);
  header.forEach((h, i) => {
    if (!h) issues.push({ where: "Rad 1", message: `kolumn ${i + 1} saknar rubrik` });
    else if (!known.has(h)) issues.push({ where: "Rad 1", message: `okänd kolumn "${h}" (tillåtna: ${CSV_COLUMNS.join(", ")})` });
    else if (header.indexOf(h) !== i) issues.push({ where: "Rad 1", message: `kolumnen "${h}" finns två gånger` });
  });
  for (const c of REQUIRED_COLUMNS) {
    if (!header.includes(c)) issues.push({ where: "Rad 1", message: `kolumnen "${c}" saknas` });
  }
  if (issues.length) return { rows: [], issues };
  const present = header as Column[];

  const rows: ImportRow[] = [];
  for (const { cells: record, line } of dataRecords) {
    const where = `Rad ${line}`;
    // Spreadsheets often leave rows of empty cells at the end.
    if (record.every((c) => c.trim() === "")) continue;
    if (record.length !== header.length) {
      issues.push({ where, message: `har ${record.length} fält men rubrikraden har ${header.length}` });
      continue;
    }
    const raw: RawValues = {};
    present.forEach((column, i) => {
      const cell = record[i]!;
      raw[column] = TEXT_COLUMNS.has(column) ? unneutraliseCell(cell) : cell;
    });
    const result = validateAreaValues(raw, where, present);
    issues.push(...result.issues);
    if (result.row) rows.push(result.row);
  }
  return finish(rows, issues, "filen innehåller inga områden, bara en rubrikrad");
}

// --- GeoJSON import ----------------------------------------------------------------------------

const PROPERTY_COLUMNS = CSV_COLUMNS.filter((c) => c !== "lat" && c !== "lng");

/**
 * Reads a GeoJSON FeatureCollection of Points. Properties are named as the CSV columns;
 * other properties are ignored (files from map tools carry many). Features are numbered from 1.
 */
export function parseAreasGeoJson(text: string): ParsedImport {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { rows: [], issues: [{ where: "Filen", message: "är inte giltig JSON" }] };
  }
  const collection = doc as { type?: unknown; features?: unknown };
  if (collection?.type !== "FeatureCollection" || !Array.isArray(collection.features)) {
    return { rows: [], issues: [{ where: "Filen", message: "måste vara en GeoJSON FeatureCollection" }] };
  }

  const rows: ImportRow[] = [];
  const issues: ImportIssue[] = [];
  collection.features.forEach((feature: unknown, index) => {
    const where = `Objekt ${index + 1}`;
    const f = feature as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown };
    if (f?.type !== "Feature") {
      issues.push({ where, message: "är inte ett GeoJSON Feature" });
      return;
    }
    const coords = f.geometry?.coordinates;
    const isPoint = f.geometry?.type === "Point" && Array.isArray(coords) && coords.length >= 2 && coords.every((n) => typeof n === "number");
    if (!isPoint) {
      issues.push({ where, field: "geometry", message: "måste vara en punkt (Point) med koordinaterna [lng, lat]" });
      return;
    }
    const props = (f.properties && typeof f.properties === "object" ? f.properties : {}) as Record<string, unknown>;
    const raw: RawValues = { lng: (coords as number[])[0], lat: (coords as number[])[1] };
    const present: Column[] = ["lat", "lng"];
    const wrongType = new Set<Column>();
    for (const column of PROPERTY_COLUMNS) {
      if (!(column in props)) continue;
      const value = props[column];
      const ok =
        value === null ||
        typeof value === "string" ||
        (column === "tags" ? Array.isArray(value) && value.every((t) => typeof t === "string") : typeof value === "number");
      if (!ok) {
        wrongType.add(column);
        issues.push({ where, field: column, message: column === "tags" ? "måste vara en lista med text" : "måste vara text eller ett tal" });
        continue;
      }
      raw[column] = value as RawValue;
      present.push(column);
    }
    const result = validateAreaValues(raw, where, present);
    issues.push(...result.issues.filter((i) => !wrongType.has(i.field as Column)));
    if (result.row && !wrongType.size) rows.push(result.row);
  });
  return finish(rows, issues, "filen innehåller inga områden");
}

export function parseAreasFile(format: FileFormat, text: string): ParsedImport {
  return format === "csv" ? parseAreasCsv(text) : parseAreasGeoJson(text);
}
