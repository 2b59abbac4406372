import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { areas, organizations, type AreaKind } from "#db/schema";
import { cachedUntilChange, databaseVersion, type Db } from "~/db.server";
import { Conflict, NotFound } from "~/domain/errors";
import { getSettings } from "~/domain/settings/settings.server";
import { lastHeldByArea } from "~/domain/stops/stops.server";
import { currentTourId, getTour, requirePlanner, tourOptions } from "~/domain/tours/tours.server";
import type { Actor } from "~/domain/users/users.server";
import { todayInStockholm } from "~/utils/dates";
import { DEFAULT_LIMIT, MAX_LIMIT } from "./schemas";
import { normaliseTag, scoreAreas, type ScoringArea, type Weights } from "./scoring";

export type PriorityRow = {
  rank: number;
  areaId: string;
  name: string;
  kind: AreaKind;
  score: number;
  explanation: string;
};

export type Priorities = {
  tours: { id: string; name: string }[];
  /** The tour the ranking is for (its target tags are the default tags); null when there are no tours. */
  tour: { id: string; name: string; targetTags: string[] } | null;
  /** The tour asked for did not exist (or is archived); the default tour is shown instead. */
  tourNotFound: boolean;
  /** Every tag in use on an area or as a tour's target, for the tag chooser. */
  availableTags: string[];
  chosenTags: string[];
  weights: Weights;
  /** The top `limit` rows only: the page never receives more than it shows. */
  rows: PriorityRow[];
  /** How many areas were ranked. */
  total: number;
  limit: number;
};

export type PrioritiesInput = {
  weights: Weights;
  tourId?: string | null;
  /** null or missing: the tour's target tags. */
  tags?: string[] | null;
  limit?: number;
  now?: Date;
};

const collator = new Intl.Collator("sv");

/** Non-archived areas with what the scoring needs. */
function scoringAreas(db: Db): ScoringArea[] {
  return db
    .select({
      id: areas.id,
      name: areas.name,
      kind: areas.kind,
      lat: areas.lat,
      lng: areas.lng,
      population: areas.population,
      tags: areas.tags,
    })
    .from(areas)
    .where(isNull(areas.archivedAt))
    .all();
}

const MAX_CACHED_RANKINGS = 32;
/** Per connection: two databases can report the same version string. */
const rankingCaches = new WeakMap<object, Map<string, ReturnType<typeof scoreAreas>>>();

/** The ranking for the priorities page ("Var ska vi åka?"). Planners only. */
export function loadPriorities(db: Db, actor: Actor, input: PrioritiesInput): Priorities {
  requirePlanner(actor);
  const now = input.now ?? new Date();
  const limit = Math.min(Math.max(1, Math.trunc(input.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);

  const tours = tourOptions(db);
  const asked = input.tourId ? tours.find((t) => t.id === input.tourId) : undefined;
  const tourId = asked?.id ?? currentTourId(db, todayInStockholm(now)) ?? tours[0]?.id ?? null;
  const tourRow = tourId ? getTour(db, tourId) : null;
  const tour = tourRow ? { id: tourRow.id, name: tourRow.name, targetTags: tourRow.targetTags } : null;

  // The same 500 rows for every weighting: read once per database change.
  const areaRows = cachedUntilChange(db, "priorities.scoringAreas", () => scoringAreas(db));
  const chosenTags = Array.from(new Set((input.tags ?? tour?.targetTags ?? []).map(normaliseTag).filter(Boolean)));
  const availableTags = Array.from(
    new Set([...areaRows.flatMap((a) => a.tags), ...(tour?.targetTags ?? []), ...chosenTags].map(normaliseTag).filter(Boolean)),
  ).sort(collator.compare);

  // The same weights and tags give the same ranking until the data change or the day turns:
  // planners flip between a few settings, so a handful of rankings are kept.
  const rankingKey = JSON.stringify([databaseVersion(db), todayInStockholm(now), input.weights, chosenTags]);
  let recentRankings = rankingCaches.get(db.$client);
  if (!recentRankings) rankingCaches.set(db.$client, (recentRankings = new Map()));
  let ranked = recentRankings.get(rankingKey);
  if (!ranked) {
    const office = getSettings(db);
    ranked = scoreAreas({
      areas: areaRows,
      lastHeld: lastHeldByArea(db),
      office: { lat: office.officeLat, lng: office.officeLng },
      targetTags: chosenTags,
      weights: input.weights,
      now,
    });
    recentRankings.set(rankingKey, ranked);
    if (recentRankings.size > MAX_CACHED_RANKINGS) recentRankings.delete(recentRankings.keys().next().value!);
  }

  return {
    tours,
    tour,
    tourNotFound: Boolean(input.tourId) && !asked,
    availableTags,
    chosenTags,
    weights: input.weights,
    rows: ranked.slice(0, limit).map((r) => ({
      rank: r.rank,
      areaId: r.area.id,
      name: r.area.name,
      kind: r.area.kind,
      score: r.score,
      explanation: r.explanation,
    })),
    total: ranked.length,
    limit,
  };
}

/** Organizations whose visit is a byalag visit (byalagsbesök). */
const VILLAGE_ORGANIZATION_KINDS = ["byalag", "byaforening"] as const;

/** What "Föreslå stopp" fills in on the stop form. */
export type StopProposal = {
  areaName: string;
  defaults: {
    tourId: string;
    areaId: string;
    organizationId: string;
    title: string;
    kind: "village_visit" | "other";
    status: "proposed";
  };
};

/**
 * "Föreslå stopp" (issue 13, point 6a): what the stop form is filled in with for a visit to the
 * area, for the tour: "Besök i <område>", a byalag visit hosted by the area's byalag when it has
 * one, otherwise "annat", as a proposal. Nothing is written: the tour leader picks the date and
 * saves the form, which creates the stop through createStop like any other.
 */
export function stopProposal(db: Db, actor: Actor, input: { areaId: string; tourId: string }): StopProposal {
  requirePlanner(actor);
  const area = db.select({ id: areas.id, name: areas.name, archivedAt: areas.archivedAt }).from(areas).where(eq(areas.id, input.areaId)).get();
  if (!area) throw new NotFound("Området finns inte.");
  if (area.archivedAt) throw new Conflict(`${area.name} är arkiverat och kan inte få nya stopp.`);
  const tour = getTour(db, input.tourId);
  if (tour.archivedAt) throw new Conflict(`Turnén ${tour.name} är arkiverad och kan inte få nya stopp.`);

  const host = db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.areaId, area.id), isNull(organizations.archivedAt), inArray(organizations.kind, [...VILLAGE_ORGANIZATION_KINDS])))
    .orderBy(asc(organizations.name))
    .get();

  return {
    areaName: area.name,
    defaults: {
      tourId: tour.id,
      areaId: area.id,
      organizationId: host?.id ?? "",
      title: `Besök i ${area.name}`,
      kind: host ? "village_visit" : "other",
      status: "proposed",
    },
  };
}
