/**
 * Checks an uploaded municipality boundary (GeoJSON): a Polygon or MultiPolygon in WGS84
 * (longitude, latitude), given as a geometry, a Feature or a FeatureCollection of polygon
 * features (merged into one MultiPolygon). Every problem gets a Swedish message that says what to
 * fix. Pure: safe to import in browser code.
 */
import type { MultiPolygon, Polygon, Position } from "geojson";

export const BOUNDARY_MAX_BYTES = 5 * 1024 * 1024;

export type BoundaryCheck = { ok: true; geometry: Polygon | MultiPolygon; vertices: number } | { ok: false; message: string };

/** Sweden with a margin: a boundary outside it is in the wrong coordinate system or the wrong country. */
const SWEDEN = { west: 10, east: 25, south: 55, north: 70 };

function fail(message: string): BoundaryCheck {
  return { ok: false, message };
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((n) => typeof n === "number" && Number.isFinite(n));
}

function checkRing(ring: unknown, where: string): string | null {
  if (!Array.isArray(ring) || !ring.every(isPosition)) return `${where} innehåller något som inte är koordinater (longitud, latitud).`;
  if (ring.length < 4) return `${where} har färre än fyra punkter: en yta behöver minst tre hörn och samma första och sista punkt.`;
  const [first, last] = [ring[0]!, ring[ring.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1]) return `${where} är inte sluten: första och sista punkten måste vara samma.`;
  for (const [lng, lat] of ring as Position[]) {
    if (Math.abs(lng!) > 180 || Math.abs(lat!) > 90) {
      return "Koordinaterna är inte i WGS84 (longitud, latitud i grader). Filen ser ut att vara i ett projicerat system som SWEREF 99 TM: exportera den i WGS84 (EPSG:4326) och försök igen.";
    }
    if (lng! < SWEDEN.west || lng! > SWEDEN.east || lat! < SWEDEN.south || lat! > SWEDEN.north) {
      return lng! >= SWEDEN.south && lng! <= SWEDEN.north && lat! >= SWEDEN.west && lat! <= SWEDEN.east
        ? "Koordinaterna ligger i omvänd ordning: GeoJSON skriver longitud först, sedan latitud."
        : "Gränsen ligger utanför Sverige. Kontrollera att filen är kommunens gräns i WGS84 (longitud, latitud).";
    }
  }
  return null;
}

function checkPolygon(coordinates: unknown, where: string): string | null {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return `${where} saknar koordinater.`;
  for (let i = 0; i < coordinates.length; i++) {
    const problem = checkRing(coordinates[i], i === 0 ? where : `${where}, hål ${i}`);
    if (problem) return problem;
  }
  return null;
}

function geometriesOf(value: Record<string, unknown>): unknown[] | string {
  switch (value.type) {
    case "Polygon":
    case "MultiPolygon":
      return [value];
    case "Feature":
      return value.geometry ? [value.geometry] : "Objektet (Feature) saknar geometri.";
    case "FeatureCollection": {
      const features = Array.isArray(value.features) ? (value.features as Record<string, unknown>[]) : [];
      if (!features.length) return "Samlingen (FeatureCollection) är tom.";
      return features.map((f) => (f && typeof f === "object" ? f.geometry : null));
    }
    case "GeometryCollection":
      return Array.isArray(value.geometries) ? (value.geometries as unknown[]) : "Samlingen av geometrier är tom.";
    default:
      return "Filen är inte GeoJSON: den saknar typ (Polygon, MultiPolygon, Feature eller FeatureCollection).";
  }
}

export function checkBoundary(text: string): BoundaryCheck {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return fail("Filen är inte giltig JSON. Välj en GeoJSON-fil (.geojson eller .json).");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return fail("Filen är inte GeoJSON.");
  const geometries = geometriesOf(value as Record<string, unknown>);
  if (typeof geometries === "string") return fail(geometries);
  const polygons: Position[][][] = [];
  for (let i = 0; i < geometries.length; i++) {
    const g = geometries[i] as Record<string, unknown> | null;
    const where = geometries.length > 1 ? `Objekt ${i + 1}` : "Gränsen";
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) {
      return fail(
        `${where} är ${g?.type ? `en ${String(g.type)}` : "utan geometri"}: kommungränsen måste vara en yta (Polygon eller MultiPolygon), inte punkter eller linjer.`,
      );
    }
    const parts = g.type === "Polygon" ? [g.coordinates] : Array.isArray(g.coordinates) ? g.coordinates : [];
    if (!parts.length) return fail(`${where} saknar koordinater.`);
    for (let j = 0; j < parts.length; j++) {
      const problem = checkPolygon(parts[j], parts.length > 1 ? `${where}, del ${j + 1}` : where);
      if (problem) return fail(problem);
      polygons.push(parts[j] as Position[][]);
    }
  }
  const geometry: Polygon | MultiPolygon =
    polygons.length === 1 ? { type: "Polygon", coordinates: polygons[0]! } : { type: "MultiPolygon", coordinates: polygons };
  const vertices = polygons.reduce((n, p) => n + p.reduce((m, ring) => m + ring.length, 0), 0);
  return { ok: true, geometry, vertices };
}
