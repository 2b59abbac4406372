// National reference data: the 290 Swedish municipalities (2017 set) with simplified boundaries, and their localities.
// Built by scripts/build-sweden-data.mjs into <SEED_DATA_DIR>/sweden/; see SOURCES.md there for sources and licences.
// The files are read on first use and kept for the life of the process.
import fs from "node:fs";
import path from "node:path";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon } from "geojson";

export type MunicipalityBoundary = Polygon | MultiPolygon;

export type Municipality = {
  /** The 4-digit kommunkod, e.g. "1283". */
  code: string;
  /** e.g. "Helsingborg" (not "Helsingborgs kommun"). */
  name: string;
  /** The län, e.g. "Skåne län". */
  county?: string;
  /** WGS84 [lng, lat], simplified (see SOURCES.md): fine for display and rough checks, not for near-border cases. */
  boundary: MunicipalityBoundary;
};

export type MunicipalitySummary = Pick<Municipality, "code" | "name" | "county">;

/** A locality (mostly an SCB tätort); its point lies inside its municipality's shipped boundary. */
export type ReferencePlace = {
  name: string;
  lat: number;
  lng: number;
  population: number | null;
  populationYear: number | null;
};

/** Same default and resolution as SEED_DATA_DIR in db/seed/reference.ts. */
function swedenDataDir(): string {
  return path.join(path.resolve(process.env.SEED_DATA_DIR ?? "db/seed/data"), "sweden");
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(swedenDataDir(), file), "utf8")) as T;
}

type MunicipalityIndex = { byCode: Map<string, Municipality>; sortedByName: MunicipalitySummary[] };

let municipalityIndex: MunicipalityIndex | null = null;
let placesByCode: Record<string, ReferencePlace[]> | null = null;

const collator = new Intl.Collator("sv");

function municipalities(): MunicipalityIndex {
  if (!municipalityIndex) {
    const list = readJson<Municipality[]>("municipalities.json");
    if (!Array.isArray(list)) throw new Error("sweden/municipalities.json is not an array");
    municipalityIndex = {
      byCode: new Map(list.map((m) => [m.code, m])),
      sortedByName: list.map(summary).sort((a, b) => collator.compare(a.name, b.name)),
    };
  }
  return municipalityIndex;
}

function places(): Record<string, ReferencePlace[]> {
  placesByCode ??= readJson<Record<string, ReferencePlace[]>>("places.json");
  return placesByCode;
}

function summary(m: Municipality): MunicipalitySummary {
  return m.county === undefined ? { code: m.code, name: m.name } : { code: m.code, name: m.name, county: m.county };
}

/** All municipalities, sorted by name in Swedish order (Å, Ä, Ö last). */
export function listMunicipalities(): MunicipalitySummary[] {
  return municipalities().sortedByName.map((m) => ({ ...m }));
}

/** One municipality with its boundary and places (sorted by name), or null for an unknown code. */
export function municipalityByCode(code: string): (Municipality & { places: ReferencePlace[] }) | null {
  const m = municipalities().byCode.get(code.trim());
  if (!m) return null;
  return { ...m, places: (places()[m.code] ?? []).map((p) => ({ ...p })) };
}

/**
 * The municipality a user or a setting names exactly: its code ("1781") or its name in any case ("kristinehamn"),
 * also as "Kristinehamns kommun". Null when nothing matches exactly (searchMunicipalities finds partial matches).
 */
export function municipalityByQuery(query: string): (Municipality & { places: ReferencePlace[] }) | null {
  const q = query.trim().toLocaleLowerCase("sv");
  if (/^\d{4}$/.test(q)) return municipalityByCode(q);
  const base = q.replace(/\s+kommun$/, "");
  // "Lunds kommun" is Lund, but "Borås kommun" is Borås: try the name as given first.
  const candidates = base !== q && base.endsWith("s") ? [base, base.slice(0, -1)] : [base];
  for (const candidate of candidates) {
    const match = municipalities().sortedByName.find((m) => m.name.toLocaleLowerCase("sv") === candidate);
    if (match) return municipalityByCode(match.code);
  }
  return null;
}

/**
 * Municipalities whose name contains the query (case-insensitive) or whose code starts with it; names that start
 * with the query come first. An empty query gives them all.
 */
export function searchMunicipalities(query: string): MunicipalitySummary[] {
  const q = query.trim().toLocaleLowerCase("sv");
  const all = listMunicipalities();
  if (q === "") return all;
  const prefix: MunicipalitySummary[] = [];
  const rest: MunicipalitySummary[] = [];
  for (const m of all) {
    const name = m.name.toLocaleLowerCase("sv");
    if (name.startsWith(q) || m.code.startsWith(q)) prefix.push(m);
    else if (name.includes(q)) rest.push(m);
  }
  return [...prefix, ...rest];
}

/** Whether the point (WGS84) lies inside the polygon or multipolygon (holes excluded, edges included). */
export function pointInGeometry(lng: number, lat: number, geometry: MunicipalityBoundary): boolean {
  return booleanPointInPolygon([lng, lat], geometry);
}
