import type { AreaKind } from "#db/enums";
import { stockholmDate } from "~/utils/dates";
import { formatNumber } from "~/utils/format";

/**
 * "Var ska vi åka?": ranks areas for the next tour (issue 3). Pure: no database, no clock
 * of its own (the caller passes `now`), so every rule here is unit-tested.
 *
 * Four parts, each normalised to 0..1 and multiplied by a weight 0–10:
 * - time since the last held stop, capped at RECENCY_CAP_YEARS (never visited = 1),
 * - great-circle distance from the contact center's office, relative to the farthest area,
 * - population on a square-root scale relative to the largest, so the central town does not
 *   drown everything else (unknown population = 0, and the explanation says so),
 * - the share of the chosen target tags the area has.
 */
export const WEIGHT_KEYS = ["recency", "distance", "population", "tags"] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];
export type Weights = Record<WeightKey, number>;

export const DEFAULT_WEIGHTS: Weights = { recency: 4, distance: 3, population: 2, tags: 3 };
export const MIN_WEIGHT = 0;
export const MAX_WEIGHT = 10;

/** An area whose last visit is this long ago counts as much as one never visited. */
export const RECENCY_CAP_YEARS = 5;

const MS_PER_YEAR = 365.2425 * 24 * 60 * 60 * 1000;
/** Mean Earth radius (IUGG), km. */
const EARTH_RADIUS_KM = 6371.0088;

export type Point = { lat: number; lng: number };

/** Great-circle distance in km (haversine formula on a sphere of the mean Earth radius). */
export function haversineKm(a: Point, b: Point): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type ScoringArea = {
  id: string;
  name: string;
  kind: AreaKind;
  lat: number;
  lng: number;
  population: number | null;
  tags: readonly string[];
};

export type ScoringInput = {
  areas: readonly ScoringArea[];
  /** areaId → start of the area's last held stop. */
  lastHeld: ReadonlyMap<string, Date>;
  office: Point;
  /** The chosen target tags; an empty list switches the tag part off. */
  targetTags: readonly string[];
  weights: Weights;
  now: Date;
};

export type ScorePart = {
  key: WeightKey;
  /** The normalised value, 0..1. */
  value: number;
  /** value × weight: what the part adds to the score. */
  points: number;
  /** The part in plain Swedish, with its contribution: "Aldrig besökt (+4,0)". */
  text: string;
};

export type ScoredArea = {
  rank: number;
  area: ScoringArea;
  score: number;
  distanceKm: number;
  lastHeldAt: Date | null;
  parts: ScorePart[];
  /** The parts joined: "Aldrig besökt (+4,0) · 21 km från kontaktcentret (+2,4) · …" */
  explanation: string;
};

const oneDecimal = new Intl.NumberFormat("sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 7.25 → "7,3" (Swedish decimal comma). */
export function formatScore(n: number): string {
  return oneDecimal.format(n);
}

/** 0.6 → "0,6 km", 19.4 → "19 km": a decimal only where it says something. */
export function formatKm(km: number): string {
  return km < 10 ? `${oneDecimal.format(km)} km` : `${formatNumber(Math.round(km))} km`;
}

/** Tags compare trimmed and in lower case, as tours store them ("Landsbygd " = "landsbygd"). */
export const normaliseTag = (tag: string) => tag.trim().toLocaleLowerCase("sv");

/** ”a”, ”a” och ”b”, ”a”, ”b” och ”c” */
function quotedList(items: readonly string[]): string {
  const quoted = items.map((t) => `”${t}”`);
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} och ${quoted.at(-1)}`;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

const byName = new Intl.Collator("sv");

/** Scores every area and ranks them: highest score first, ties by name (Swedish order). */
export function scoreAreas(input: ScoringInput): ScoredArea[] {
  const { weights, office, now } = input;
  const targets = Array.from(new Set(input.targetTags.map(normaliseTag).filter(Boolean)));

  const distances = new Map(input.areas.map((a) => [a.id, haversineKm(office, a)]));
  const farthest = Math.max(0, ...distances.values());
  const largestRoot = Math.sqrt(Math.max(0, ...input.areas.map((a) => a.population ?? 0)));

  const scored = input.areas.map((area) => {
    const parts: ScorePart[] = [];
    // The words are built only when read: the page shows the top rows, not all areas.
    const add = (key: WeightKey, value: number, describe: () => string) => {
      const weight = weights[key];
      // A part weighted 0 does not count, so it is not explained either.
      if (weight <= 0) return;
      const points = clamp01(value) * weight;
      parts.push({
        key,
        value: clamp01(value),
        points,
        get text() {
          return `${describe()} (+${formatScore(points)})`;
        },
      });
    };

    const lastHeldAt = input.lastHeld.get(area.id) ?? null;
    if (lastHeldAt === null) {
      add("recency", 1, () => "Aldrig besökt");
    } else {
      const years = (now.getTime() - lastHeldAt.getTime()) / MS_PER_YEAR;
      add("recency", years / RECENCY_CAP_YEARS, () => {
        const year = stockholmDate(lastHeldAt).slice(0, 4);
        const longAgo = years >= RECENCY_CAP_YEARS ? `, för mer än ${RECENCY_CAP_YEARS} år sedan` : "";
        return `Senast besökt ${year}${longAgo}`;
      });
    }

    const distanceKm = distances.get(area.id) ?? 0;
    add("distance", farthest > 0 ? distanceKm / farthest : 0, () => `${formatKm(distanceKm)} från kontaktcentret`);

    if (area.population === null) {
      add("population", 0, () => "folkmängd okänd");
    } else {
      add("population", largestRoot > 0 ? Math.sqrt(Math.max(0, area.population)) / largestRoot : 0, () => `${formatNumber(area.population!)} invånare`);
    }

    if (targets.length > 0) {
      const own = new Set(area.tags.map(normaliseTag));
      const matching = targets.filter((t) => own.has(t));
      const describe = () =>
        matching.length === 0
          ? targets.length === 1
            ? `saknar taggen ${quotedList(targets)}`
            : "har ingen av de valda taggarna"
          : matching.length < targets.length
            ? `har ${matching.length} av ${targets.length} valda taggar: ${quotedList(matching)}`
            : `har ${matching.length === 1 ? "taggen" : "taggarna"} ${quotedList(matching)}`;
      add("tags", matching.length / targets.length, describe);
    }

    const score = parts.reduce((sum, p) => sum + p.points, 0);
    return {
      area,
      score,
      distanceKm,
      lastHeldAt,
      parts,
      get explanation() {
        return parts.map((p) => p.text).join(" · ");
      },
    };
  });

  // Scores are sums of floats: treat differences below 1e-9 as ties so the name decides.
  scored.sort((a, b) => (Math.abs(b.score - a.score) > 1e-9 ? b.score - a.score : byName.compare(a.area.name, b.area.name)));
  // Object.assign keeps the lazy getters (a spread would evaluate them for every area).
  return scored.map((s, i) => Object.assign(s, { rank: i + 1 }));
}
