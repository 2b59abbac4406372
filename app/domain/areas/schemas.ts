import { z } from "zod";
import { AREA_KINDS } from "#db/enums";

/**
 * The limits an area's values must keep, shared by the form (Zod, below) and the import
 * (transfer.ts), so a file is held to exactly the rules a person typing is held to.
 */
export const AREA_LIMITS = {
  name: 120,
  lat: [55, 69.1],
  lng: [10.9, 24.2],
  population: 10_000_000,
  populationYear: [1800, 2100],
  tag: 60,
  tags: 20,
  notes: 4000,
  statCode: 20,
  geometry: 200_000,
} as const;

export const AREAS_PAGE_SIZE = 50;

/** The columns of the CSV file (and properties of the GeoJSON file): stable English names. */
export const CSV_COLUMNS = ["name", "kind", "lat", "lng", "population", "population_year", "tags", "notes", "stat_code"] as const;

/** 69.1 → "69,1": numbers in Swedish messages. */
export const svNumber = (n: number) => String(n).replace(".", ",").replace("-", "−");

/**
 * "56,05", "56.05", " -12,5 " → the number; anything else → NaN. A Swedish decimal comma is
 * accepted everywhere a person or a spreadsheet writes coordinates; a typographic minus too.
 */
export function parseDecimal(text: string): number {
  const t = text.trim().replace(/^[−–]/, "-");
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(t)) return Number.NaN;
  return Number(t.replace(",", "."));
}

/** "6 429", "6429" → 6429; spaces (also non-breaking, as Swedish writes thousands) are ignored. */
export function parseInteger(text: string): number {
  const t = text.replace(/[\s\u00a0\u202f]/g, "");
  return /^[+-]?\d+$/.test(t) ? Number(t) : Number.NaN;
}

/**
 * "Socioekonomiskt fokus, landsbygd" → ["socioekonomiskt fokus", "landsbygd"]: trimmed, lower case
 * (so they match a tour's target tags), unique. Commas and semicolons both separate, so a tag can
 * never contain the separator of the CSV tags cell.
 */
export function normaliseTags(input: string | readonly string[] | null | undefined): string[] {
  const parts = typeof input === "string" ? input.split(/[,;]/) : (input ?? []).flatMap((t) => String(t).split(/[,;]/));
  return Array.from(new Set(parts.map((t) => t.replace(/\s+/g, " ").trim().toLocaleLowerCase("sv")).filter(Boolean)));
}

/** Case-insensitive, Swedish-aware key for matching names ("ödåkra" = "Ödåkra"). */
export function nameKey(name: string): string {
  return name.replace(/\s+/g, " ").trim().toLocaleLowerCase("sv");
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** An empty field is "not given" (Conform does not strip it inside z.preprocess). */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const decimal = (label: string, [min, max]: readonly [number, number], example: string) =>
  z.preprocess(
    (v) => (typeof blankToUndefined(v) === "string" ? parseDecimal(v as string) : blankToUndefined(v)),
    z
      .number({ required_error: `Ange ${label}`, invalid_type_error: `Ange ${label} som ett tal, t.ex. ${example}` })
      .min(min, `${capital(label)} måste vara mellan ${svNumber(min)} och ${svNumber(max)}`)
      .max(max, `${capital(label)} måste vara mellan ${svNumber(min)} och ${svNumber(max)}`),
  );

const optionalInteger = (label: string, min: number, max: number, rangeMessage: string) =>
  z.preprocess(
    (v) => (typeof blankToUndefined(v) === "string" ? parseInteger(v as string) : blankToUndefined(v)),
    z
      .number({ invalid_type_error: `Ange ${label} som ett heltal` })
      .int(`Ange ${label} som ett heltal`)
      .min(min, rangeMessage)
      .max(max, rangeMessage)
      .optional(),
  );

const GEOMETRY_MESSAGE = "Geometrin måste vara GeoJSON av typen Polygon eller MultiPolygon, t.ex. kopierad från geojson.io";

function isPosition(p: unknown): boolean {
  return Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === "number" && Number.isFinite(n));
}
function isRing(r: unknown): boolean {
  return Array.isArray(r) && r.length >= 4 && r.every(isPosition);
}
function isPolygonCoords(c: unknown): boolean {
  return Array.isArray(c) && c.length >= 1 && c.every(isRing);
}

/**
 * A pasted GeoJSON Polygon or MultiPolygon (a Feature, or a FeatureCollection of one feature,
 * holding one is unwrapped), as compact JSON text. Returns null if it is not one.
 */
export function normaliseGeometry(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const obj = value as { type?: unknown; geometry?: unknown; features?: unknown; coordinates?: unknown };
  if (obj?.type === "FeatureCollection" && Array.isArray(obj.features) && obj.features.length === 1) {
    return normaliseGeometry(JSON.stringify(obj.features[0]));
  }
  if (obj?.type === "Feature") return obj.geometry ? normaliseGeometry(JSON.stringify(obj.geometry)) : null;
  if (obj?.type === "Polygon" && isPolygonCoords(obj.coordinates)) return JSON.stringify({ type: "Polygon", coordinates: obj.coordinates });
  if (obj?.type === "MultiPolygon" && Array.isArray(obj.coordinates) && obj.coordinates.length > 0 && obj.coordinates.every(isPolygonCoords)) {
    return JSON.stringify({ type: "MultiPolygon", coordinates: obj.coordinates });
  }
  return null;
}

const areaFields = {
  name: z
    .string({ required_error: "Ange områdets namn" })
    .trim()
    .min(2, "Namnet måste ha minst 2 tecken")
    .max(AREA_LIMITS.name, `Namnet får ha högst ${AREA_LIMITS.name} tecken`),
  kind: z.enum(AREA_KINDS, { errorMap: () => ({ message: "Välj typ av område" }) }),
  lat: decimal("latitud", AREA_LIMITS.lat, "56,0474"),
  lng: decimal("longitud", AREA_LIMITS.lng, "12,6959"),
  population: optionalInteger("invånarantalet", 0, AREA_LIMITS.population, "Invånarantalet kan inte vara negativt eller orimligt stort"),
  populationYear: optionalInteger(
    "året",
    AREA_LIMITS.populationYear[0],
    AREA_LIMITS.populationYear[1],
    `Året måste vara mellan ${AREA_LIMITS.populationYear[0]} och ${AREA_LIMITS.populationYear[1]}`,
  ),
  tags: z
    .string()
    .max(1000, "Högst 1000 tecken")
    .optional()
    .transform(normaliseTags)
    .refine((tags) => tags.length <= AREA_LIMITS.tags, `Högst ${AREA_LIMITS.tags} taggar`)
    .refine((tags) => tags.every((t) => t.length <= AREA_LIMITS.tag), `En tagg får ha högst ${AREA_LIMITS.tag} tecken`),
  notes: z.string().trim().max(AREA_LIMITS.notes, `Högst ${AREA_LIMITS.notes} tecken`).optional(),
  geometry: z
    .string()
    .trim()
    .max(AREA_LIMITS.geometry, "Geometrin är för stor (högst 200 000 tecken)")
    .optional()
    .transform((text, ctx) => {
      if (!text) return null;
      const geometry = normaliseGeometry(text);
      if (!geometry) {
        ctx.addIssue({ code: "custom", message: GEOMETRY_MESSAGE });
        return z.NEVER;
      }
      return geometry;
    }),
};

type FieldValues = { population?: number; populationYear?: number };
function yearNeedsPopulation(v: FieldValues, ctx: z.RefinementCtx) {
  if (v.populationYear !== undefined && v.population === undefined) {
    ctx.addIssue({ code: "custom", path: ["population"], message: "Ange invånarantalet, eller lämna året tomt" });
  }
}

/** The "Nytt område" form. */
export const newAreaSchema = z.object(areaFields).superRefine(yearNeedsPopulation);

/** The area page: save the fields, or archive / unarchive (the `intent` of the pressed button). */
export const editAreaSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("save"), ...areaFields }),
    z.object({ intent: z.literal("archive") }),
    z.object({ intent: z.literal("unarchive") }),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === "save") yearNeedsPopulation(v, ctx);
  });

export type AreaInput = z.infer<typeof newAreaSchema>;

/** The list's GET parameters. A bad value is ignored rather than answered with an error. */
export const areaSearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  typ: z.enum(AREA_KINDS).optional().catch(undefined),
  tagg: z.string().trim().max(AREA_LIMITS.tag).optional().catch(undefined),
  sida: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  arkiverade: z
    .literal("1")
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
});

export type AreaSearchParams = z.infer<typeof areaSearchSchema>;

export const IMPORT_MODES = ["upsert", "add_only"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** The import form: a CSV or GeoJSON file and what to do with names that already exist. */
export const importAreasSchema = z.object({
  file: z
    .instanceof(File, { message: "Välj en CSV- eller GeoJSON-fil" })
    .refine((f) => f.size > 0, "Filen är tom")
    .refine((f) => f.size <= IMPORT_MAX_BYTES, "Filen är för stor. Den får vara högst 2 MB."),
  mode: z.enum(IMPORT_MODES, { errorMap: () => ({ message: "Välj hur befintliga områden ska hanteras" }) }),
});
