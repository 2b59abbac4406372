import type { StopKind } from "#db/enums";
import { and, asc, eq, gte, ne } from "drizzle-orm";
import { areas, organizations, stops, tours, type StopStatus } from "#db/schema";
import type { Db } from "~/db.server";
import { NotFound } from "~/domain/errors";
import { listPublicSchedule, type PublicStop } from "~/domain/schedule/public-schedule.server";
import { formatPlace } from "~/domain/schedule/format";
import { ASSIGNMENT_STATUS_LABELS } from "~/domain/staffing/labels";
import { listMyFeedBookings, type MyBooking } from "~/domain/staffing/my-schedule.server";
import { neededByStop } from "~/domain/staffing/needs-list.server";
import { STOP_STATUS_LABELS } from "~/domain/stops/labels";
import { DEFAULT_KIND_NAMES, type KindNames } from "~/domain/kinds/names";
import { kindNames } from "~/domain/kinds/names.server";
import type { FeedKeyOwner } from "./feed-keys.server";
import { buildIcs, type FeedEvent } from "./ics.server";
import { staffInviteSequences, staffInviteUid } from "./invites.server";

/** The two sources of the one builder in ics.server.ts: the public schedule, and all stops for staff. */

export const PUBLIC_FEED_NAME = "KC rullar ut – här finns vi";

export function publicFeedEvent(stop: PublicStop, origin: string): FeedEvent {
  // ?stopp= opens the page of the list that holds the stop, wherever it has moved as earlier stops passed.
  const url = `${origin}/har-finns-vi?stopp=${stop.id}#stopp-${stop.id}`;
  const description = [stop.description?.trim() || null, stop.advisors.length ? `På plats: ${stop.advisors.join(", ")}` : null, `Mer information: ${url}`]
    .filter(Boolean)
    .join("\n\n");
  return {
    uid: `${stop.id}@rullarut`,
    summary: stop.title,
    startsAt: stop.startsAt,
    endsAt: stop.endsAt,
    location: formatPlace(stop) || null,
    description,
    url,
    updatedAt: stop.updatedAt,
  };
}

/** /har-finns-vi.ics: the public schedule, the same stops as the page. */
export function buildPublicFeed(db: Db, origin: string, now = new Date()): string {
  return buildIcs({
    name: PUBLIC_FEED_NAME,
    description: "Kontaktcentrets kommande besök ute i kommunen.",
    events: listPublicSchedule(db, { now }).map((s) => publicFeedEvent(s, origin)),
  });
}

/** How far back the "all stops" feed reaches. */
export const STAFF_FEED_DAYS_BACK = 60;
/** A ceiling so a feed never grows without bound; far above a few years of tours. */
export const STAFF_FEED_LIMIT = 2000;

export type StaffFeedStop = {
  id: string;
  title: string;
  kind: StopKind;
  status: StopStatus;
  startsAt: Date;
  endsAt: Date;
  tourName: string;
  areaName: string | null;
  organizationName: string | null;
  venueName: string | null;
  venueAddress: string | null;
  publicDescription: string | null;
  internalNotes: string | null;
  expectedVisitors: number | null;
  needs: string[];
  updatedAt: Date;
};

/**
 * Stops for a staff member's calendar: every tour's stops from 60 days back, or one tour's stops
 * (all of them), never cancelled ones. Staff see internal fields in the app, so the feed has them too.
 */
export function listStaffFeedStops(db: Db, _owner: FeedKeyOwner, options: { tourId?: string; now?: Date } = {}): StaffFeedStop[] {
  const now = options.now ?? new Date();
  if (options.tourId && !db.select({ id: tours.id }).from(tours).where(eq(tours.id, options.tourId)).get()) {
    throw new NotFound("Turnén finns inte.");
  }
  const since = new Date(now.getTime() - STAFF_FEED_DAYS_BACK * 24 * 60 * 60 * 1000);
  const rows = db
    .select({
      id: stops.id,
      title: stops.title,
      kind: stops.kind,
      status: stops.status,
      startsAt: stops.startsAt,
      endsAt: stops.endsAt,
      tourName: tours.name,
      areaName: areas.name,
      organizationName: organizations.name,
      venueName: stops.venueName,
      venueAddress: stops.venueAddress,
      publicDescription: stops.publicDescription,
      internalNotes: stops.internalNotes,
      expectedVisitors: stops.expectedVisitors,
      updatedAt: stops.updatedAt,
    })
    .from(stops)
    .innerJoin(tours, eq(tours.id, stops.tourId))
    .leftJoin(areas, eq(areas.id, stops.areaId))
    .leftJoin(organizations, eq(organizations.id, stops.organizationId))
    .where(and(ne(stops.status, "cancelled"), options.tourId ? eq(stops.tourId, options.tourId) : gte(stops.startsAt, since)))
    .orderBy(asc(stops.startsAt), asc(stops.id))
    .limit(STAFF_FEED_LIMIT)
    .all();
  const needs = staffNeeds(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, needs: needs.get(r.id) ?? [] }));
}

/** stopId → "2 kommunvägledare (BBMT)", "konsumentrådgivare" … */
function staffNeeds(db: Db, stopIds: string[]): Map<string, string[]> {
  return neededByStop(db, stopIds, (n) => {
    const what = n.groupName !== null ? `kommunvägledare (${n.groupName})` : n.advisorTitle;
    return what && (n.count > 1 ? `${n.count} ${what}` : what);
  });
}

export function staffFeedEvent(stop: StaffFeedStop, origin: string, kinds: KindNames["stop"] = DEFAULT_KIND_NAMES.stop): FeedEvent {
  const url = `${origin}/stopp/${stop.id}`;
  const status = STOP_STATUS_LABELS[stop.status];
  const description = [
    [
      `Status: ${status}`,
      `Typ: ${kinds[stop.kind]}`,
      `Turné: ${stop.tourName}`,
      stop.organizationName ? `Organisation: ${stop.organizationName}` : null,
      stop.needs.length ? `Behov: ${stop.needs.join(", ")}` : null,
      stop.expectedVisitors !== null ? `Förväntat antal besökare: ${stop.expectedVisitors}` : null,
    ]
      .filter(Boolean)
      .join("\n"),
    stop.publicDescription?.trim() ? `Publik beskrivning:\n${stop.publicDescription.trim()}` : null,
    stop.internalNotes?.trim() ? `Interna anteckningar:\n${stop.internalNotes.trim()}` : null,
    url,
  ]
    .filter(Boolean)
    .join("\n\n");
  return {
    // Not the public feed's UID: someone subscribed to both sees two calendars' events, not one merged.
    uid: `${stop.id}.intern@rullarut`,
    // Confirmed is the normal case; anything else says so first.
    summary: stop.status === "confirmed" ? stop.title : `[${status}] ${stop.title}`,
    startsAt: stop.startsAt,
    endsAt: stop.endsAt,
    location: formatPlace(stop) || null,
    description,
    url,
    updatedAt: stop.updatedAt,
    tentative: stop.status === "proposed" || stop.status === "planned",
  };
}

/** /flode/<key>/alla.ics and /flode/<key>/turne/<tourId>.ics. Throws NotFound for an unknown tour. */
export function buildStaffFeed(db: Db, owner: FeedKeyOwner, origin: string, options: { tourId?: string; now?: Date } = {}): string {
  const list = listStaffFeedStops(db, owner, options);
  const tourName = options.tourId ? db.select({ name: tours.name }).from(tours).where(eq(tours.id, options.tourId)).get()?.name : undefined;
  return buildIcs({
    name: tourName ? `KC rullar ut – ${tourName} (intern)` : "KC rullar ut – alla stopp (intern)",
    description: "Turnéns stopp med interna uppgifter. Adressen är personlig: dela den inte.",
    events: list.map((s) => staffFeedEvent(s, origin, kindNames(db).stop)),
  });
}

export const MY_SCHEDULE_FEED_NAME = "KC rullar ut – mitt schema";

/** One booking in the personal feed: the stop, with the person's role and booking status first in the description. */
export function myScheduleFeedEvent(
  b: MyBooking,
  origin: string,
  kinds: KindNames["stop"] = DEFAULT_KIND_NAMES.stop,
  invite: { userId: string; sequence?: number },
): FeedEvent {
  const url = `${origin}/stopp/${b.stopId}`;
  const cancelled = b.stopStatus === "cancelled";
  const description = [
    [
      `Din roll: ${b.roleLabel}`,
      `Bokning: ${ASSIGNMENT_STATUS_LABELS[b.status]}`,
      `Stoppets status: ${STOP_STATUS_LABELS[b.stopStatus]}`,
      `Typ: ${kinds[b.kind]}`,
      `Turné: ${b.tourName}`,
    ].join("\n"),
    `Mitt schema: ${origin}/mitt-schema`,
    url,
  ].join("\n\n");
  return {
    // The meeting request's UID and SEQUENCE (issue 16): someone who subscribes and also got the
    // invitation has one event for the booking. The "all stops" feed's event is another calendar's.
    uid: staffInviteUid(b.stopId, invite.userId),
    // Before any request went out (a sign-up not yet confirmed), 0: the request's first SEQUENCE.
    sequence: invite.sequence ?? 0,
    summary: cancelled ? `[Inställt] ${b.title}` : b.status === "requested" ? `[Anmäld] ${b.title}` : b.title,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    location: formatPlace(b) || null,
    description,
    url,
    updatedAt: b.updatedAt,
    tentative: !cancelled && (b.status === "requested" || b.stopStatus === "proposed" || b.stopStatus === "planned"),
    cancelled,
  };
}

/** /flode/<key>/mitt-schema.ics: the stops the key's owner is booked on, from 60 days back; cancelled ones marked so. */
export function buildMyScheduleFeed(db: Db, owner: FeedKeyOwner, origin: string, options: { now?: Date } = {}): string {
  const sequences = staffInviteSequences(db, owner.id);
  const kinds = kindNames(db).stop;
  return buildIcs({
    name: MY_SCHEDULE_FEED_NAME,
    description: "Stoppen du är bokad på, med din roll. Adressen är personlig: dela den inte.",
    events: listMyFeedBookings(db, owner.id, options.now).map((b) =>
      myScheduleFeedEvent(b, origin, kinds, { userId: owner.id, sequence: sequences.get(b.stopId) }),
    ),
  });
}
