import { and, asc, count, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { areas, invitationBatches, invitations, organizations, stops } from "#db/schema";
import { boardState } from "~/domain/invitations/labels";
import { cachedUntilChange, type Db } from "~/db.server";
import { lastHeldByArea, stopSummaries } from "~/domain/stops/stops.server";
import { startOfStockholmDay } from "~/utils/dates";
import type { AreaPoint, MapFilters, MapInvitationState, StopPoint } from "./filters";

function hasTag(column: typeof areas.tags, tag: string): SQL {
  return sql`exists (select 1 from json_each(${column}) where json_each.value = ${tag})`;
}

function stopConditions(f: MapFilters): SQL | undefined {
  return and(
    f.tourId ? eq(stops.tourId, f.tourId) : undefined,
    f.year ? gte(stops.startsAt, startOfStockholmDay(`${f.year}-01-01`)) : undefined,
    f.year ? lt(stops.startsAt, startOfStockholmDay(`${f.year + 1}-01-01`)) : undefined,
    f.kind ? eq(stops.kind, f.kind) : undefined,
    f.status ? eq(stops.status, f.status) : undefined,
    f.tag ? hasTag(areas.tags, f.tag) : undefined,
  );
}

/** The order in which one area's invitations decide its colour: an answer beats a pending one. */
const INVITATION_PRECEDENCE: MapInvitationState[] = ["accepted", "declined", "invited", "no_response", "bounced"];

/**
 * For one tour: each area's invitation state, from the invitations to its organizations.
 * "invited" covers sent and opened links still open for answers.
 */
export function invitationStateByArea(db: Db, tourId: string, now = new Date()): Map<string, MapInvitationState> {
  const rows = db
    .select({
      areaId: organizations.areaId,
      status: invitations.status,
      tokenExpiresAt: invitations.tokenExpiresAt,
      deadline: invitationBatches.deadline,
    })
    .from(invitations)
    .innerJoin(invitationBatches, eq(invitationBatches.id, invitations.batchId))
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(eq(invitationBatches.tourId, tourId))
    .all();
  const result = new Map<string, MapInvitationState>();
  for (const r of rows) {
    const board = boardState(r, r.deadline, now);
    const state: MapInvitationState | null =
      board === "accepted" || board === "declined" || board === "bounced" || board === "no_response"
        ? board
        : board === "sent" || board === "opened"
          ? "invited"
          : board === "expired"
            ? "no_response"
            : null;
    if (!state) continue;
    const current = result.get(r.areaId);
    if (!current || INVITATION_PRECEDENCE.indexOf(state) < INVITATION_PRECEDENCE.indexOf(current)) result.set(r.areaId, state);
  }
  return result;
}

/** Everything the map draws, as compact rows: all areas (or those with the tag) and the filtered stops. */
export function mapData(db: Db, f: MapFilters): { areas: AreaPoint[]; stops: StopPoint[] } {
  const lastHeld = lastHeldByArea(db);
  const invited = f.tourId ? invitationStateByArea(db, f.tourId) : new Map<string, MapInvitationState>();
  const areaRows = db
    .select({ id: areas.id, name: areas.name, lat: areas.lat, lng: areas.lng })
    .from(areas)
    .where(and(isNull(areas.archivedAt), f.tag ? hasTag(areas.tags, f.tag) : undefined))
    .all();
  const stopRows = db
    .select({
      id: stops.id,
      title: stops.title,
      kind: stops.kind,
      status: stops.status,
      startsAt: stops.startsAt,
      lat: stops.lat,
      lng: stops.lng,
    })
    .from(stops)
    .leftJoin(areas, eq(areas.id, stops.areaId))
    .where(stopConditions(f))
    .all();
  return {
    areas: areaRows.map((a) => [a.id, a.name, a.lat, a.lng, lastHeld.get(a.id)?.getUTCFullYear() ?? 0, invited.get(a.id) ?? ""]),
    stops: stopRows.map((s) => [s.id, s.title, s.kind, s.status, s.startsAt.getTime(), s.lat, s.lng]),
  };
}

/** One page of the filtered stops for the table beside the map. */
export function mapStopTable(db: Db, f: MapFilters, page: { offset: number; limit: number }) {
  const where = stopConditions(f);
  const total = db.select({ n: count() }).from(stops).leftJoin(areas, eq(areas.id, stops.areaId)).where(where).get()?.n ?? 0;
  const rows = stopSummaries(db).where(where).orderBy(asc(stops.startsAt)).limit(page.limit).offset(page.offset).all();
  return { total, rows };
}

/** The years that have stops, newest first. Read over every stop, so kept until the data change. */
export function stopYears(db: Db): number[] {
  return cachedUntilChange(
    db,
    "map.stopYears",
    () => db.all<{ y: string }>(sql`select distinct strftime('%Y', starts_at / 1000, 'unixepoch') as y from stops order by 1 desc`).map((r) => Number(r.y)),
    { reads: ["tours"] },
  );
}
