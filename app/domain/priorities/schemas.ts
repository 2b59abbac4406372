import { z } from "zod";
import { DEFAULT_WEIGHTS, MAX_WEIGHT, MIN_WEIGHT, normaliseTag, WEIGHT_KEYS, type WeightKey, type Weights } from "./scoring";

/**
 * The priorities page is driven by GET parameters, so a ranking can be bookmarked and shared
 * and works without JavaScript. The parameter names are what the URL shows, hence Swedish.
 */
export const WEIGHT_PARAMS: Record<WeightKey, string> = {
  recency: "besok",
  distance: "avstand",
  population: "folkmangd",
  tags: "taggvikt",
};

export const WEIGHT_LABELS: Record<WeightKey, string> = {
  recency: "Tid sedan senaste besöket",
  distance: "Avstånd från kontaktcentret",
  population: "Folkmängd",
  tags: "Valda taggar",
};

export const TOUR_PARAM = "turne";
export const TAG_PARAM = "tagg";
/**
 * The tour the tag checkboxes were drawn for. When it differs from the chosen tour (or is
 * missing), the tags are that tour's target tags; when it matches, the ticked boxes count,
 * even none. So changing the tour resets the tags, with or without JavaScript.
 */
export const TAGS_FOR_PARAM = "taggturne";
export const LIMIT_PARAM = "antal";

export const DEFAULT_LIMIT = 25;
/** More tags than any tour needs; a longer list in a hand-made URL is cut here. */
const MAX_TAGS = 50;
export const MAX_LIMIT = 1000;

const WEIGHT_MESSAGE = `Ange ett heltal från ${MIN_WEIGHT} till ${MAX_WEIGHT}`;

/** One weight: an empty or missing field means the default; anything else must be 0–10. */
export const weightSchema = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v),
  z.coerce.number({ invalid_type_error: WEIGHT_MESSAGE }).int(WEIGHT_MESSAGE).min(MIN_WEIGHT, WEIGHT_MESSAGE).max(MAX_WEIGHT, WEIGHT_MESSAGE).optional(),
);

const LIMIT_MESSAGE = `Ange antal rader som ett heltal från 1 till ${MAX_LIMIT}`;
export const limitSchema = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v),
  z.coerce.number({ invalid_type_error: LIMIT_MESSAGE }).int(LIMIT_MESSAGE).min(1, LIMIT_MESSAGE).max(MAX_LIMIT, LIMIT_MESSAGE).optional(),
);

export type PrioritiesQuery = {
  /** The weights used for the ranking: the valid ones given, defaults for the rest. */
  weights: Weights;
  /** What was typed, to put back into the fields (also when invalid). */
  typed: Record<WeightKey, string>;
  /** Swedish messages for the fields that were invalid, keyed by weight. */
  errors: Partial<Record<WeightKey | "limit", string>>;
  tourId: string | null;
  /** null: use the chosen tour's target tags. */
  tags: string[] | null;
  limit: number;
};

/**
 * Reads the page's parameters. Never throws: a bad value gets a message for its field and
 * the default in its place, so the page always shows a ranking.
 */
export function readPrioritiesQuery(params: URLSearchParams): PrioritiesQuery {
  const weights = { ...DEFAULT_WEIGHTS };
  const typed = {} as Record<WeightKey, string>;
  const errors: PrioritiesQuery["errors"] = {};
  for (const key of WEIGHT_KEYS) {
    const raw = params.get(WEIGHT_PARAMS[key]);
    typed[key] = raw ?? String(DEFAULT_WEIGHTS[key]);
    const parsed = weightSchema.safeParse(raw ?? undefined);
    if (!parsed.success) errors[key] = parsed.error.issues[0]?.message ?? WEIGHT_MESSAGE;
    else if (parsed.data !== undefined) weights[key] = parsed.data;
  }

  const parsedLimit = limitSchema.safeParse(params.get(LIMIT_PARAM) ?? undefined);
  if (!parsedLimit.success) errors.limit = parsedLimit.error.issues[0]?.message ?? LIMIT_MESSAGE;
  const limit = parsedLimit.success ? (parsedLimit.data ?? DEFAULT_LIMIT) : DEFAULT_LIMIT;

  const tourId = params.get(TOUR_PARAM)?.trim() || null;
  const tagsFor = params.get(TAGS_FOR_PARAM);
  const tagsApply = tagsFor !== null && (tagsFor.trim() || null) === tourId;
  const tags = tagsApply
    ? Array.from(
        new Set(
          params
            .getAll(TAG_PARAM)
            .map(normaliseTag)
            .filter((t) => t.length > 0 && t.length <= 100),
        ),
      ).slice(0, MAX_TAGS)
    : null;

  return { weights, typed, errors, tourId, tags, limit };
}
