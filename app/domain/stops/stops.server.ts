import { and, asc, eq, gt, lt, ne, sql } from "drizzle-orm";
import { areas, invitations, municipalitySettings, organizations, stopNeeds, stops, tours, type Stop, type StopStatus } from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, NotFound } from "~/domain/errors";
import { notifyBookedStaff } from "~/domain/staffing/notifications.server";
import { syncStopInvites } from "~/domain/calendar/invites.server";
import { requirePlanner } from "~/domain/tours/tours.server";
import type { Actor } from "~/domain/users/users.server";
import { HELD_BEFORE_START_MESSAGE, mayMarkHeld } from "./rules";
import { MAX_STOP_SPAN_MS, type MarkHeldInput, type StopInput } from "./schemas";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type StopDetail = Stop & {
  tourName: string;
  areaName: string | null;
  organizationName: string | null;
};

export function getStop(db: Db, stopId: string): StopDetail {
  const row = db
    .select({ stop: stops, tourName: tours.name, areaName: areas.name, organizationName: organizations.name })
    .from(stops)
    .innerJoin(tours, eq(tours.id, stops.tourId))
    .leftJoin(areas, eq(areas.id, stops.areaId))
    .leftJoin(organizations, eq(organizations.id, stops.organizationId))
    .where(eq(stops.id, stopId))
    .get();
  if (!row) throw new NotFound("Stoppet finns inte.");
  return { ...row.stop, tourName: row.tourName, areaName: row.areaName, organizationName: row.organizationName };
}

/**
 * Did the stop come from an invitation (an info evening, or a visit a byalag said yes to)? Then its
 * needs were first set from the byalag's answer. Needs themselves are set only with setStopNeeds
 * (domain/staffing): the stop form never touches them, so saving a stop keeps their counts.
 */
export function stopHasInvitation(db: Db, stopId: string): boolean {
  return Boolean(db.select({ id: invitations.id }).from(invitations).where(eq(invitations.stopId, stopId)).limit(1).get());
}

/**
 * Area, organization and position as stored: the map point if set, else the area's (or the
 * organization's area's). An info evening is held at KC's own office, so it needs no area: without
 * one it stands at the office's position from the settings (issue 13, point 4).
 */
function resolvePlace(tx: Tx, input: StopInput): { areaId: string | null; organizationId: string | null; lat: number; lng: number } {
  let areaId = input.areaId || null;
  const organizationId = input.organizationId || null;
  if (organizationId) {
    const org = tx.select({ areaId: organizations.areaId }).from(organizations).where(eq(organizations.id, organizationId)).get();
    if (!org) throw new Conflict("Organisationen finns inte.", "organizationId");
    areaId ??= org.areaId;
  }
  let areaPoint: { lat: number; lng: number } | undefined;
  if (areaId) {
    areaPoint = tx.select({ lat: areas.lat, lng: areas.lng }).from(areas).where(eq(areas.id, areaId)).get();
    if (!areaPoint) throw new Conflict("Området finns inte.", "areaId");
  }
  const office =
    input.kind === "info_evening" && !areaPoint && input.lat === undefined
      ? tx.select({ lat: municipalitySettings.officeLat, lng: municipalitySettings.officeLng }).from(municipalitySettings).get()
      : undefined;
  const lat = input.lat ?? areaPoint?.lat ?? office?.lat;
  const lng = input.lng ?? areaPoint?.lng ?? office?.lng;
  if (lat === undefined || lng === undefined) {
    throw new Conflict("Välj ett område eller en organisation, eller klicka på kartan för att sätta platsen.", "areaId");
  }
  return { areaId, organizationId, lat, lng };
}

function assertTour(tx: Tx, tourId: string) {
  if (!tx.select({ id: tours.id }).from(tours).where(eq(tours.id, tourId)).get()) throw new Conflict("Turnén finns inte.", "tourId");
}

function stopValues(tx: Tx, input: StopInput) {
  assertTour(tx, input.tourId);
  const place = resolvePlace(tx, input);
  return {
    tourId: input.tourId,
    title: input.title,
    kind: input.kind,
    status: input.status,
    ...place,
    venueName: input.venueName || null,
    venueAddress: input.venueAddress || null,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    publicDescription: input.publicDescription || null,
    internalNotes: input.internalNotes || null,
    expectedVisitors: input.expectedVisitors ?? null,
    actualVisitors: input.actualVisitors ?? null,
    summary: input.summary || null,
  };
}

/** A stop's own fields: what the verbs below write. */
export type StopFields = Omit<typeof stops.$inferInsert, "id" | "createdAt" | "updatedAt">;

/**
 * Who changes a stop. Usually a signed-in user (the public verbs check that it is a planner);
 * a byalag contact answering its invitation has no account, so the history names the invitation
 * instead (issue 12, point 15). Either way the change goes through the same verbs below, so booked
 * staff are told and the history is written.
 */
export type StopChanger = { kind: "user"; userId: string } | { kind: "invitation_reply"; invitationId: string };

export const byUser = (actor: Actor): StopChanger => ({ kind: "user", userId: actor.id });

/** The audit log's actor and the details that say where a change came from. */
export function changerAudit(by: StopChanger): { actorUserId: string | null; via: Record<string, string> } {
  return by.kind === "user" ? { actorUserId: by.userId, via: {} } : { actorUserId: null, via: { via: "invitation_reply", invitationId: by.invitationId } };
}

/** What changed, for the history: { field: [before, after] }. Internal notes are recorded as changed, not quoted. */
function diff(before: Partial<StopFields>, after: Partial<StopFields>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as (keyof StopFields)[]) {
    const a = before[key] instanceof Date ? (before[key] as Date).toISOString() : before[key];
    const b = after[key] instanceof Date ? (after[key] as Date).toISOString() : after[key];
    if (a !== b) changes[key] = key === "internalNotes" ? ["…", "…"] : [a ?? null, b ?? null];
  }
  return changes;
}

export function createStop(db: Db, actor: Actor, input: StopInput): string {
  requirePlanner(actor);
  return db.transaction((tx) => addStop(tx, byUser(actor), input));
}

/**
 * createStop inside the caller's transaction, for a stop made together with something else (an
 * info evening created from the invitation form, with its invitations). The caller has checked
 * that the actor is a planner.
 */
export function addStop(tx: Tx, by: StopChanger, input: StopInput): string {
  return insertStop(tx, by, stopValues(tx, input));
}

/**
 * Inserts a stop and its history entry, inside the caller's transaction. The caller has checked
 * who may do it (createStop: a planner; submitReply: a valid reply link).
 */
export function insertStop(tx: Tx, by: StopChanger, values: StopFields): string {
  const row = tx.insert(stops).values(values).returning({ id: stops.id }).get();
  const { actorUserId, via } = changerAudit(by);
  recordAudit(tx, {
    actorUserId,
    action: "stop.create",
    entityType: "stop",
    entityId: row.id,
    details: { ...via, changes: diff({}, values) },
  });
  return row.id;
}

/** What booked staff are told has changed, by field. */
const NOTIFIED_CHANGES: Partial<Record<keyof StopFields, string>> = {
  startsAt: "tid",
  endsAt: "tid",
  venueName: "plats",
  venueAddress: "plats",
  areaId: "plats",
  lat: "plats",
  lng: "plats",
};

export function updateStop(db: Db, actor: Actor, stopId: string, input: StopInput, options: { origin?: string; now?: Date } = {}): void {
  requirePlanner(actor);
  db.transaction((tx) => {
    changeStop(tx, byUser(actor), stopId, stopValues(tx, input), { ...options, action: "stop.update" });
  });
}

/**
 * Changes a stop inside the caller's transaction: writes the fields given, records the history
 * (`action`, with what changed) and tells the booked staff when it is cancelled, un-cancelled or
 * gets a new time or place. Every change to an existing stop goes through here (CONVENTIONS 13);
 * the caller has checked who may make it. Returns what changed.
 */
export function changeStop(
  tx: Tx,
  by: StopChanger,
  stopId: string,
  fields: Partial<StopFields>,
  options: {
    origin?: string;
    now?: Date;
    action: "stop.update" | "stop.status";
    /** Lines added at the end of the internal notes (each once), keeping what is there. */
    appendNotes?: (string | null | undefined)[];
  },
): Record<string, [unknown, unknown]> {
  const before = tx.select().from(stops).where(eq(stops.id, stopId)).get();
  if (!before) throw new NotFound("Stoppet finns inte.");
  const patch = { ...fields };
  if (options.appendNotes?.length) {
    const notes = appendNotes(patch.internalNotes ?? before.internalNotes, options.appendNotes);
    if ("internalNotes" in fields || notes !== before.internalNotes) patch.internalNotes = notes;
  }
  // Nothing to write (e.g. a note that is there already): no change, no history entry.
  if (Object.keys(patch).length === 0) return {};
  // Held only once begun, whichever way the status is set (the status buttons, the stop form).
  if (patch.status === "held" && before.status !== "held" && !mayMarkHeld({ startsAt: patch.startsAt ?? before.startsAt }, options.now ?? new Date())) {
    throw new Conflict(HELD_BEFORE_START_MESSAGE, "status");
  }
  tx.update(stops).set(patch).where(eq(stops.id, stopId)).run();
  const changes = diff(before, patch);
  const { actorUserId, via } = changerAudit(by);
  recordAudit(tx, { actorUserId, action: options.action, entityType: "stop", entityId: stopId, details: { ...via, changes } });
  const status = patch.status ?? before.status;
  const notice = { origin: options.origin };
  if (status === "cancelled" && before.status !== "cancelled") {
    notifyBookedStaff(tx, stopId, "cancelled", notice);
  } else if (status !== "cancelled") {
    const what = [...new Set(Object.keys(changes).flatMap((k) => NOTIFIED_CHANGES[k as keyof StopFields] ?? []))];
    if (before.status === "cancelled") what.unshift("inte längre inställt");
    if (what.length) notifyBookedStaff(tx, stopId, "changed", { ...notice, changes: what });
  }
  // The meeting requests follow: an update for a new time or place, a cancellation for a cancelled stop (issue 16).
  syncStopInvites(tx, stopId, { origin: options.origin, now: options.now });
  return changes;
}

/**
 * Internal notes with lines added at the end, each only if the notes do not hold it already (a
 * byalag that sends the same answer twice adds its message once).
 */
export function appendNotes(notes: string | null | undefined, lines: (string | null | undefined)[]): string | null {
  let result = notes?.trimEnd() ?? "";
  for (const raw of lines) {
    const line = raw?.trim();
    if (!line || result.includes(line)) continue;
    result = result ? `${result}\n${line}` : line;
  }
  return result || null;
}

/** A copy of the stop as a new proposal, with the same time and place and no outcome. */
export function duplicateStop(db: Db, actor: Actor, stopId: string): string {
  requirePlanner(actor);
  return db.transaction((tx) => {
    const source = tx.select().from(stops).where(eq(stops.id, stopId)).get();
    if (!source) throw new NotFound("Stoppet finns inte.");
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = source;
    const row = tx
      .insert(stops)
      .values({ ...rest, title: `${source.title} (kopia)`, status: "proposed", actualVisitors: null, summary: null })
      .returning({ id: stops.id })
      .get();
    const needs = tx.select().from(stopNeeds).where(eq(stopNeeds.stopId, stopId)).all();
    if (needs.length) {
      tx.insert(stopNeeds)
        .values(needs.map((n) => ({ stopId: row.id, functionCode: n.functionCode, groupCode: n.groupCode, count: n.count })))
        .run();
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "stop.duplicate",
      entityType: "stop",
      entityId: row.id,
      details: { from: stopId },
    });
    return row.id;
  });
}

/** Records a stop's outcome and marks it held: only once it has begun (mayMarkHeld), never a cancelled one. */
export function markHeld(db: Db, actor: Actor, stopId: string, input: MarkHeldInput, now = new Date()): void {
  requirePlanner(actor);
  db.transaction((tx) => {
    const before = tx.select({ status: stops.status, startsAt: stops.startsAt }).from(stops).where(eq(stops.id, stopId)).get();
    if (!before) throw new NotFound("Stoppet finns inte.");
    if (before.status === "cancelled") throw new Conflict("Ett inställt stopp kan inte markeras som genomfört.");
    if (before.status !== "held" && !mayMarkHeld(before, now)) throw new Conflict(HELD_BEFORE_START_MESSAGE);
    tx.update(stops)
      .set({ status: "held", actualVisitors: input.actualVisitors, summary: input.summary || null })
      .where(eq(stops.id, stopId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "stop.held",
      entityType: "stop",
      entityId: stopId,
      details: { changes: { status: [before.status, "held"], actualVisitors: [null, input.actualVisitors] } },
    });
  });
}

export function setStopStatus(db: Db, actor: Actor, stopId: string, status: StopStatus, options: { origin?: string; now?: Date } = {}): void {
  requirePlanner(actor);
  db.transaction((tx) => {
    changeStop(tx, byUser(actor), stopId, { status }, { ...options, action: "stop.status" });
  });
}

export type StopSummary = Pick<Stop, "id" | "title" | "kind" | "status" | "startsAt" | "endsAt" | "tourId"> & {
  areaName: string | null;
};

/** The columns of a stop in lists, calendars and tables, with a left join on its area: see stopSummaries. */
export const STOP_SUMMARY_COLUMNS = {
  id: stops.id,
  title: stops.title,
  kind: stops.kind,
  status: stops.status,
  startsAt: stops.startsAt,
  endsAt: stops.endsAt,
  tourId: stops.tourId,
  areaName: areas.name,
};

/** Stops as StopSummary rows, ready for a where, an order and a limit. */
export function stopSummaries(db: Pick<Db, "select">) {
  return db.select(STOP_SUMMARY_COLUMNS).from(stops).leftJoin(areas, eq(areas.id, stops.areaId));
}

/**
 * Stops running at some time in [from, to). No stop spans more than MAX_STOP_SPAN_MS, so the
 * lower bound on starts_at lets the index skip all older stops.
 */
export function runsDuring(from: Date, to: Date) {
  return and(lt(stops.startsAt, to), gt(stops.startsAt, new Date(from.getTime() - MAX_STOP_SPAN_MS)), gt(stops.endsAt, from));
}

/** Other stops, not cancelled, whose time overlaps [startsAt, endsAt). The planner warns; it never blocks. */
export function findOverlaps(db: Db, period: { startsAt: Date; endsAt: Date; excludeId?: string }): StopSummary[] {
  return stopSummaries(db)
    .where(and(runsDuring(period.startsAt, period.endsAt), ne(stops.status, "cancelled"), period.excludeId ? ne(stops.id, period.excludeId) : undefined))
    .orderBy(asc(stops.startsAt))
    .limit(20)
    .all();
}

/** Stops that start in [from, to), for calendars: only what a calendar shows. */
export function listStopsBetween(db: Db, range: { from: Date; to: Date; tourId?: string | null }): StopSummary[] {
  return stopSummaries(db)
    .where(and(runsDuring(range.from, range.to), range.tourId ? eq(stops.tourId, range.tourId) : undefined))
    .orderBy(asc(stops.startsAt))
    .all();
}

const lastHeldStatements = new WeakMap<object, { raw: (...a: unknown[]) => unknown[] }>();

/**
 * When each area last had a held stop: areaId → instant. Read on every map and priorities
 * page over all stops, so it is a prepared statement returning plain arrays (no ORM mapping).
 */
export function lastHeldByArea(db: Db): Map<string, Date> {
  let statement = lastHeldStatements.get(db.$client);
  if (!statement) {
    const prepared = db.$client.prepare("select area_id, max(starts_at) from stops where status = 'held' and area_id is not null group by area_id").raw(true);
    statement = { raw: (...a: unknown[]) => prepared.all(...a) };
    lastHeldStatements.set(db.$client, statement);
  }
  const read = statement;
  return cachedUntilChange(
    db,
    "lastHeldByArea",
    () => {
      const rows = read.raw() as [string, number][];
      return new Map(rows.map(([areaId, last]) => [areaId, new Date(last)]));
    },
    // A field question or a login does not change when an area last had a held stop.
    { reads: ["tours"] },
  );
}

/** One page of a tour's stops in time order, and how many there are by status. */
export function listTourStops(db: Db, tourId: string, page: { offset: number; limit: number }) {
  const rows = stopSummaries(db).where(eq(stops.tourId, tourId)).orderBy(asc(stops.startsAt)).limit(page.limit).offset(page.offset).all();
  const byStatus = db
    .select({ status: stops.status, n: sql<number>`count(*)` })
    .from(stops)
    .where(eq(stops.tourId, tourId))
    .groupBy(stops.status)
    .all();
  return { rows, byStatus: Object.fromEntries(byStatus.map((s) => [s.status, s.n])) as Partial<Record<StopStatus, number>> };
}
