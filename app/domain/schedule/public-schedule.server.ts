import { and, asc, count, eq, gt } from "drizzle-orm";
import { areas, municipalitySettings, stops } from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { neededByStop } from "~/domain/staffing/needs-list.server";

/**
 * The public schedule ("Här finns vi"): what residents may see of the tour, and nothing else.
 * Only confirmed stops, and of them only the fields listed in PublicStop. The queries select
 * those columns by name, so internal notes, visitor counts, organizations and contacts are never
 * even read. The same DTO feeds the page, its map and /har-finns-vi.ics.
 */
export type PublicStop = {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  areaName: string | null;
  venueName: string | null;
  venueAddress: string | null;
  lat: number;
  lng: number;
  description: string | null;
  /** Who will be there: "Kommunvägledare (BSU)", "Konsumentrådgivning" … */
  advisors: string[];
  /** For the calendar feed's SEQUENCE and LAST-MODIFIED. */
  updatedAt: Date;
};

/** The page and the feed show at most this many stops; more are never loaded. */
export const PUBLIC_SCHEDULE_LIMIT = 100;

/**
 * Confirmed stops that have not ended yet (a stop running right now counts), soonest first.
 * Cancelled, proposed, planned and held stops never appear.
 */
export function listPublicSchedule(db: Db, options: { now?: Date; limit?: number; offset?: number } = {}): PublicStop[] {
  const now = options.now ?? new Date();
  const limit = Math.max(1, Math.min(options.limit ?? PUBLIC_SCHEDULE_LIMIT, PUBLIC_SCHEDULE_LIMIT));
  const offset = Math.max(0, Math.min(options.offset ?? 0, PUBLIC_SCHEDULE_LIMIT - limit));
  const rows = db
    .select({
      id: stops.id,
      title: stops.title,
      startsAt: stops.startsAt,
      endsAt: stops.endsAt,
      areaName: areas.name,
      venueName: stops.venueName,
      venueAddress: stops.venueAddress,
      lat: stops.lat,
      lng: stops.lng,
      description: stops.publicDescription,
      updatedAt: stops.updatedAt,
    })
    .from(stops)
    .leftJoin(areas, eq(areas.id, stops.areaId))
    .where(and(eq(stops.status, "confirmed"), gt(stops.endsAt, now)))
    .orderBy(asc(stops.startsAt), asc(stops.id))
    .limit(limit)
    .offset(offset)
    .all();
  const advisors = publicAdvisors(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, advisors: advisors.get(r.id) ?? [] }));
}

/** Where a stop is in the public schedule (0-based), or null when it is not in it. */
export function publicScheduleIndex(db: Db, stopId: string, options: { now?: Date } = {}): number | null {
  const now = options.now ?? new Date();
  const ids = db
    .select({ id: stops.id })
    .from(stops)
    .where(and(eq(stops.status, "confirmed"), gt(stops.endsAt, now)))
    .orderBy(asc(stops.startsAt), asc(stops.id))
    .limit(PUBLIC_SCHEDULE_LIMIT)
    .all();
  const index = ids.findIndex((r) => r.id === stopId);
  return index < 0 ? null : index;
}

/** How many stops the public schedule has in all (at most PUBLIC_SCHEDULE_LIMIT, as the feed). */
export function countPublicSchedule(db: Db, options: { now?: Date } = {}): number {
  const now = options.now ?? new Date();
  const n = db
    .select({ n: count() })
    .from(stops)
    .where(and(eq(stops.status, "confirmed"), gt(stops.endsAt, now)))
    .get()?.n;
  return Math.min(n ?? 0, PUBLIC_SCHEDULE_LIMIT);
}

/** stopId → who will be there: the answer groups' municipal guides first, then the advisor functions, each in their usual order. */
function publicAdvisors(db: Db, stopIds: string[]): Map<string, string[]> {
  return neededByStop(db, stopIds, (n) => (n.groupName !== null ? `Kommunvägledare (${n.groupName})` : n.functionName));
}

/**
 * One page of the public schedule and how many stops it has in all, as "Här finns vi" shows them.
 * Kept until tours or lists change, or the minute turns: the page is public and may be cached a
 * minute anyway, so a stop that has just ended may show for as long as it would in any shared cache.
 * The feed reads listPublicSchedule directly.
 */
export function publicSchedulePage(db: Db, options: { now: Date; page: number; pageSize: number }): { total: number; stops: PublicStop[] } {
  const { now, page, pageSize } = options;
  const minute = Math.floor(now.getTime() / 60_000);
  return cachedUntilChange(
    db,
    `public-schedule:${pageSize}:${page}`,
    () => ({
      total: countPublicSchedule(db, { now }),
      stops: listPublicSchedule(db, { now, limit: pageSize, offset: (page - 1) * pageSize }),
    }),
    { reads: ["tours", "lists"], alsoUntil: minute },
  );
}

export type PublicScheduleIntro = {
  municipalityName: string;
  officeName: string;
  officeAddress: string;
  map: { center: [number, number]; zoom: number; boundary: GeoJSON.GeoJsonObject | null };
};

/** What the page says about the contact center, and where its map starts. Kept until the settings change. */
export function getPublicScheduleIntro(db: Db): PublicScheduleIntro {
  return cachedUntilChange(db, "public-schedule.intro", () => readPublicScheduleIntro(db), { reads: ["lists"] });
}

function readPublicScheduleIntro(db: Db): PublicScheduleIntro {
  const row = db
    .select({
      name: municipalitySettings.name,
      officeName: municipalitySettings.officeName,
      officeAddress: municipalitySettings.officeAddress,
      mapCenterLat: municipalitySettings.mapCenterLat,
      mapCenterLng: municipalitySettings.mapCenterLng,
      mapZoom: municipalitySettings.mapZoom,
      boundaryGeojson: municipalitySettings.boundaryGeojson,
    })
    .from(municipalitySettings)
    .where(eq(municipalitySettings.id, "default"))
    .get();
  return {
    municipalityName: row?.name ?? "Kommunen",
    officeName: row?.officeName ?? "Kontaktcentret",
    officeAddress: row?.officeAddress ?? "",
    map: {
      center: [row?.mapCenterLat ?? 62, row?.mapCenterLng ?? 15],
      zoom: row?.mapZoom ?? 5,
      boundary: row?.boundaryGeojson ? (JSON.parse(row.boundaryGeojson) as GeoJSON.GeoJsonObject) : null,
    },
  };
}
