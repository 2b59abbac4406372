/**
 * What the field page (/falt) needs to show its form: today's stops (the user's booked ones
 * first) and the choices of the form. Read-only; the write is recordFieldQuestion.
 */
import { and, asc, eq, gte, inArray, isNull } from "drizzle-orm";
import type { StopStatus } from "#db/enums";
import { advisorFunctions, answerGroups, areas, municipalitySettings, stopAssignments, stops } from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { haversineKm } from "~/domain/priorities/scoring";
import { getEnv } from "~/env.server";
import { contactRetentionDays } from "~/domain/cases/retention.server";
import { getMunicipalityName } from "~/domain/settings/settings.server";
import { runsDuring } from "~/domain/stops/stops.server";
import { stopStatusIs } from "~/domain/stops/status-filter.server";
import { listDepartments, listTopics } from "./lists.server";
import { addDaysIso, startOfStockholmDay, todayInStockholm } from "~/utils/dates";

export type FieldStop = {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  areaId: string | null;
  areaName: string | null;
  booked: boolean;
};

export type FieldCategory = { value: string; label: string; kind: "group" | "function" | "other" };

const stopColumns = {
  id: stops.id,
  lat: stops.lat,
  lng: stops.lng,
  title: stops.title,
  startsAt: stops.startsAt,
  endsAt: stops.endsAt,
  areaId: stops.areaId,
  areaName: areas.name,
};

/**
 * The stops questions can be logged on: the ones that are on the schedule. "planned" and
 * "confirmed" have a real date (a market or fair is often never "confirmed" by anyone); "held" is
 * one already marked as done, where staff may still be logging the day's last questions. Never
 * "proposed" (a suggestion, possibly on a date nobody chose) nor "cancelled" (issue 13).
 */
export const FIELD_STOP_STATUSES = ["planned", "confirmed", "held"] as const satisfies readonly StopStatus[];

/**
 * Stops running today (Stockholm date) that are happening (FIELD_STOP_STATUSES), the user's booked
 * ones first, and which one to preselect: the one running now (booked first), else the first.
 * With none today, the next upcoming ones (upcoming = true) so the page still works.
 */
export function fieldStops(db: Db, userId: string, now = new Date()) {
  // Kept per person until stops, bookings or areas change, or the minute turns (which stop runs now).
  const minute = Math.floor(now.getTime() / 60_000);
  return cachedUntilChange(db, `field.stops:${userId}`, () => readFieldStops(db, userId, now), { reads: ["tours", "places"], alsoUntil: minute });
}

function readFieldStops(db: Db, userId: string, now: Date) {
  const today = todayInStockholm(now);
  const from = startOfStockholmDay(today);
  const to = startOfStockholmDay(addDaysIso(today, 1));
  let rows = db
    .select(stopColumns)
    .from(stops)
    .leftJoin(areas, eq(areas.id, stops.areaId))
    .where(and(runsDuring(from, to), stopStatusIs(FIELD_STOP_STATUSES)))
    .orderBy(asc(stops.startsAt))
    .limit(200)
    .all();
  let upcoming = false;
  if (!rows.length) {
    upcoming = true;
    rows = db
      .select(stopColumns)
      .from(stops)
      .leftJoin(areas, eq(areas.id, stops.areaId))
      .where(and(gte(stops.startsAt, to), stopStatusIs(FIELD_STOP_STATUSES)))
      .orderBy(asc(stops.startsAt))
      .limit(5)
      .all();
  }
  const ids = rows.map((r) => r.id);
  const booked = new Set(
    ids.length
      ? db
          .select({ stopId: stopAssignments.stopId })
          .from(stopAssignments)
          .where(and(inArray(stopAssignments.stopId, ids), eq(stopAssignments.userId, userId)))
          .all()
          .map((r) => r.stopId)
      : [],
  );
  const list: FieldStop[] = rows
    .map((r) => ({
      id: r.id,
      title: r.title,
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      areaId: r.areaId,
      areaName: r.areaName,
      booked: booked.has(r.id),
    }))
    // Stable: booked first, each part in time order.
    .sort((a, b) => Number(b.booked) - Number(a.booked));
  const t = now.getTime();
  const running = list.find((s) => Date.parse(s.startsAt) <= t && t < Date.parse(s.endsAt));
  return {
    today,
    stops: list,
    upcoming,
    selectedStopId: (running ?? list[0])?.id ?? null,
    /** Where the listed stops are, for the areas offered in the form. */
    points: rows.map((r) => ({ lat: r.lat, lng: r.lng, areaId: r.areaId })),
  };
}

/** The category radios: the three answer groups, the seven advisor functions, and "Övrigt". */
export function fieldCategories(db: Db): FieldCategory[] {
  // Only what can be chosen now: a deactivated group or function stays on old questions only.
  const groups = db.select().from(answerGroups).where(eq(answerGroups.active, true)).orderBy(asc(answerGroups.sortOrder)).all();
  const functions = db.select().from(advisorFunctions).where(eq(advisorFunctions.active, true)).orderBy(asc(advisorFunctions.sortOrder)).all();
  return [
    ...groups.map((g) => ({ value: `g:${g.code}`, label: `${g.name} – ${g.description}`, kind: "group" as const })),
    ...functions.map((f) => ({ value: `f:${f.code}`, label: f.name, kind: "function" as const })),
    { value: "other", label: "Övrigt", kind: "other" as const },
  ];
}

/** How many areas the form offers: those nearest to the day's stops. Anything else is a point on the map. */
export const FIELD_AREA_CHOICES = 40;

/**
 * The areas offered for "the area the question concerns": the stops' own areas and the nearest
 * others, in name order. A municipality may have hundreds of areas; a tablet form needs the few
 * around the stop, and the map point covers the rest.
 */
export function fieldAreaOptions(db: Db, near: { lat: number; lng: number; areaId: string | null }[]) {
  const all = cachedUntilChange(
    db,
    "field.areas",
    () =>
      db
        .select({ value: areas.id, label: areas.name, lat: areas.lat, lng: areas.lng })
        .from(areas)
        .where(isNull(areas.archivedAt))
        .orderBy(asc(areas.name))
        .all(),
    { reads: ["places"] },
  );
  if (all.length <= FIELD_AREA_CHOICES || !near.length) {
    return all.slice(0, near.length ? all.length : FIELD_AREA_CHOICES).map(({ value, label }) => ({ value, label }));
  }
  const own = new Set(near.map((p) => p.areaId).filter(Boolean));
  const distance = (a: { lat: number; lng: number }) => Math.min(...near.map((p) => haversineKm(p, a)));
  const chosen = new Set(
    all
      .map((a) => ({ a, d: own.has(a.value) ? -1 : distance(a) }))
      .sort((x, y) => x.d - y.d)
      .slice(0, FIELD_AREA_CHOICES)
      .map((x) => x.a.value),
  );
  return all.filter((a) => chosen.has(a.value)).map(({ value, label }) => ({ value, label }));
}

export function fieldFormOptions(db: Db, near: { lat: number; lng: number; areaId: string | null }[]) {
  return {
    // The municipality's lists and settings, the same on every save of every question: kept until they change.
    ...cachedUntilChange(
      db,
      "field.lists",
      () => ({
        categories: fieldCategories(db),
        topics: listTopics(db).map((t) => ({ value: t.code, label: t.name })),
        departments: listDepartments(db).map((d) => ({ value: d.code, label: d.name })),
        municipalityName: getMunicipalityName(db),
        contactRetentionDays: contactRetentionDays(db),
        map: fieldMapView(db),
      }),
      { reads: ["lists"] },
    ),
    areas: fieldAreaOptions(db, near),
  };
}

/** The map for picking the point a question concerns: the municipality's view, without the (large) boundary. */
function fieldMapView(db: Db) {
  const view = db
    .select({ lat: municipalitySettings.mapCenterLat, lng: municipalitySettings.mapCenterLng, zoom: municipalitySettings.mapZoom })
    .from(municipalitySettings)
    .where(eq(municipalitySettings.id, "default"))
    .get();
  const env = getEnv();
  return {
    center: [view?.lat ?? 56.05, view?.lng ?? 12.7] as [number, number],
    zoom: view?.zoom ?? 11,
    tileUrl: env.MAP_TILE_URL,
    tileAttribution: env.MAP_TILE_ATTRIBUTION,
  };
}
