/**
 * "Mitt schema": the stops a person is booked on, for the page /mitt-schema and the personal
 * calendar feed /flode/<key>/mitt-schema.ics. One query reads the bookings with everything the
 * page shows (stop, place, tour, role label); conflicts are worked out in memory with the pure
 * rules, so the page costs the same few queries however long the list is.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, notExists, or, sql } from "drizzle-orm";
import { advisorFunctions, answerGroups, areas, staffAbsences, stopAssignments, stopNeeds, stops, tours, type StopStatus } from "#db/schema";
import type { StopKind } from "#db/enums";
import { cachedUntilChange, type Db } from "~/db.server";
import { startOfStockholmDay, todayInStockholm } from "~/utils/dates";
import { absenceCovers, bookingsClash, decideSignUp, gapMinutes, roleKey, type RoleKey, type StaffConflict } from "./rules";
import { qualificationsOf, roleLabels, staffingSettings } from "./staffing.server";
import { stopStatusIs } from "~/domain/stops/status-filter.server";

type Reader = Pick<Db, "select">;

export type MyBooking = {
  assignmentId: string;
  stopId: string;
  title: string;
  kind: StopKind;
  stopStatus: StopStatus;
  startsAt: Date;
  endsAt: Date;
  tourId: string;
  tourName: string;
  venueName: string | null;
  venueAddress: string | null;
  areaName: string | null;
  lat: number;
  lng: number;
  role: RoleKey;
  /** "konsumentrådgivare", "kommunvägledare BSU". */
  roleLabel: string;
  status: "requested" | "confirmed";
  updatedAt: Date;
};

/** The bookings of one person, with stop, place, tour and role label, in one query. */
function bookingsQuery(db: Reader, userId: string) {
  return db
    .select({
      assignmentId: stopAssignments.id,
      stopId: stops.id,
      title: stops.title,
      kind: stops.kind,
      stopStatus: stops.status,
      startsAt: stops.startsAt,
      endsAt: stops.endsAt,
      tourId: stops.tourId,
      tourName: tours.name,
      venueName: stops.venueName,
      venueAddress: stops.venueAddress,
      areaName: areas.name,
      lat: stops.lat,
      lng: stops.lng,
      functionCode: stopAssignments.functionCode,
      groupCode: stopAssignments.groupCode,
      advisorTitle: advisorFunctions.advisorTitle,
      groupName: answerGroups.name,
      status: stopAssignments.status,
      // A change to the booking (confirmed) is a change to the calendar event too.
      updatedAt: sql<number>`max(${stops.updatedAt}, coalesce(${stopAssignments.confirmedAt}, 0), ${stopAssignments.createdAt})`,
    })
    .from(stopAssignments)
    .innerJoin(stops, eq(stops.id, stopAssignments.stopId))
    .innerJoin(tours, eq(tours.id, stops.tourId))
    .leftJoin(areas, eq(areas.id, stops.areaId))
    .leftJoin(advisorFunctions, eq(advisorFunctions.code, stopAssignments.functionCode))
    .leftJoin(answerGroups, eq(answerGroups.code, stopAssignments.groupCode))
    .$dynamic();
}

type BookingRow = Awaited<ReturnType<ReturnType<typeof bookingsQuery>["all"]>>[number];

function toBooking(r: BookingRow): MyBooking {
  const { functionCode, groupCode, advisorTitle, groupName, updatedAt, ...rest } = r;
  const role = roleKey({ functionCode, groupCode });
  const roleLabel = functionCode ? (advisorTitle ?? functionCode) : `kommunvägledare ${groupName ?? groupCode}`;
  // max() over timestamp columns gives back the stored number: UTC milliseconds.
  return { ...rest, role, roleLabel, updatedAt: new Date(Number(updatedAt)) };
}

/** How many upcoming bookings one page of /mitt-schema shows. */
export const MY_SCHEDULE_PAGE_SIZE = 20;
/** A ceiling on what one person's schedule reads; far above a real person's bookings. */
const MY_SCHEDULE_LIMIT = 1000;
/** How many of this tour's past bookings the page lists. */
export const MY_PAST_LIMIT = 10;

export type MySchedule = {
  today: string;
  /** Upcoming bookings on stops that will happen (not cancelled), paged. */
  upcoming: MyBooking[];
  upcomingTotal: number;
  /** Upcoming bookings on cancelled stops: shown apart, never as booked (issue 13, point 5c). */
  cancelled: MyBooking[];
  page: number;
  pageCount: number;
  /** Past bookings in the tours that are still running, latest first. */
  past: MyBooking[];
  /** Conflicts among all upcoming bookings (not only this page's), per stop. */
  conflicts: StaffConflict[];
  /** The titles of the stops with conflicts (which may be on other pages). */
  conflictTitles: Record<string, string>;
};

/**
 * The person's own conflicts among their upcoming bookings: two bookings closer than the travel
 * buffer (each pair once, on the later stop), and bookings during an absence. Cancelled stops
 * take no part.
 */
export function ownConflicts(
  userId: string,
  bookings: Pick<MyBooking, "stopId" | "title" | "startsAt" | "endsAt" | "stopStatus">[],
  absences: { startsOn: string; endsOn: string }[],
  travelBufferMinutes: number,
): StaffConflict[] {
  const live = bookings.filter((b) => b.stopStatus !== "cancelled").sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const out: StaffConflict[] = [];
  for (let i = 0; i < live.length; i++) {
    const b = live[i]!;
    // Sorted by start: only earlier bookings that may still reach into this one's buffer matter.
    for (let j = i - 1; j >= 0; j--) {
      const a = live[j]!;
      if (bookingsClash(a, b, travelBufferMinutes)) {
        out.push({
          kind: "double_booking",
          userId,
          stopId: b.stopId,
          otherStopId: a.stopId,
          otherTitle: a.title,
          gapMinutes: gapMinutes(a, b),
        });
      }
    }
    for (const absence of absences) {
      if (absenceCovers(absence, b))
        out.push({
          kind: "absence",
          userId,
          stopId: b.stopId,
          startsOn: absence.startsOn,
          endsOn: absence.endsOn,
        });
    }
  }
  return out;
}

/** What Mitt schema and its open places read: bookings and stops, the person's qualifications, the settings. */
const SCHEDULE_READS = ["tours", "people", "lists"] as const;

/** /mitt-schema: upcoming bookings from today (Stockholm), paged, with cancelled stops apart; this tour's past ones; own conflicts. */
export function getMySchedule(db: Db, userId: string, options: { page?: number; now?: Date } = {}): MySchedule {
  // Read on every visit to Mitt schema, changed by bookings and stops: kept until they or the day change.
  const today = todayInStockholm(options.now ?? new Date());
  return cachedUntilChange(db, `my-schedule:${userId}:${options.page ?? 1}`, () => readMySchedule(db, userId, today, options.page), {
    reads: SCHEDULE_READS,
    alsoUntil: today,
  });
}

function readMySchedule(db: Db, userId: string, today: string, requestedPage: number | undefined): MySchedule {
  const dayStart = startOfStockholmDay(today);
  const bookings = bookingsQuery(db, userId)
    .where(and(eq(stopAssignments.userId, userId), gte(stops.endsAt, dayStart)))
    .orderBy(asc(stops.startsAt), asc(stops.id))
    .limit(MY_SCHEDULE_LIMIT)
    .all()
    .map(toBooking);
  const upcomingAll = bookings.filter((b) => b.stopStatus !== "cancelled");
  const past = bookingsQuery(db, userId)
    .where(and(eq(stopAssignments.userId, userId), lt(stops.endsAt, dayStart), gte(tours.endsOn, today), ne(stops.status, "cancelled")))
    .orderBy(desc(stops.startsAt))
    .limit(MY_PAST_LIMIT)
    .all()
    .map(toBooking);
  const absences = db
    .select({ startsOn: staffAbsences.startsOn, endsOn: staffAbsences.endsOn })
    .from(staffAbsences)
    .where(and(eq(staffAbsences.userId, userId), gte(staffAbsences.endsOn, today)))
    .all();
  const conflicts = upcomingAll.length ? ownConflicts(userId, upcomingAll, absences, staffingSettings(db).travelBufferMinutes) : [];
  const pageCount = Math.max(1, Math.ceil(upcomingAll.length / MY_SCHEDULE_PAGE_SIZE));
  const page = Math.min(Math.max(1, requestedPage ?? 1), pageCount);
  return {
    today,
    upcoming: upcomingAll.slice((page - 1) * MY_SCHEDULE_PAGE_SIZE, page * MY_SCHEDULE_PAGE_SIZE),
    upcomingTotal: upcomingAll.length,
    cancelled: bookings.filter((b) => b.stopStatus === "cancelled"),
    page,
    pageCount,
    past,
    conflicts,
    conflictTitles: Object.fromEntries(upcomingAll.filter((b) => conflicts.some((c) => c.stopId === b.stopId)).map((b) => [b.stopId, b.title])),
  };
}

/** How many open places Mitt schema offers, nearest first. */
export const MY_OPEN_PLACES_LIMIT = 10;

export type OpenPlace = {
  stopId: string;
  title: string;
  tourName: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string | null;
  venueAddress: string | null;
  areaName: string | null;
  /** The role a sign-up would take, and its label. */
  role: RoleKey;
  roleLabel: string;
  /** Open places in that role. */
  missing: number;
};

/**
 * "Lediga platser för dig" on Mitt schema (issue 13, point 5a): upcoming stops of running tours
 * with an open place in one of the person's advisor functions or answer groups, which the person
 * could sign up for now. One query reads the candidates; each is then put to decideSignUp, the
 * rule signUp itself applies, with the person's absences and other bookings read once, so what is
 * offered is what the "Anmäl mig" button will get. Nearest first, at most `limit`.
 */
export function openPlacesFor(db: Db, userId: string, options: { now?: Date; limit?: number } = {}): OpenPlace[] {
  // Kept until bookings, stops, qualifications or settings change, and at most a minute: a place
  // whose sign-up closes meanwhile may be offered for that minute, and signUp refuses it then.
  const now = options.now ?? new Date();
  return cachedUntilChange(db, `open-places:${userId}:${options.limit ?? ""}`, () => readOpenPlaces(db, userId, now, options.limit), {
    reads: SCHEDULE_READS,
    alsoUntil: Math.floor(now.getTime() / 60_000),
  });
}

function readOpenPlaces(db: Db, userId: string, now: Date, requestedLimit: number | undefined): OpenPlace[] {
  const person = qualificationsOf(db, userId);
  if (!person.advisorFunctions.length && !person.answerGroups.length) return [];
  const settings = staffingSettings(db);
  const limit = requestedLimit ?? MY_OPEN_PLACES_LIMIT;
  const filled = sql<number>`(select count(*) from ${stopAssignments} a where a.stop_id = ${stopNeeds.stopId}
    and a.function_code is ${stopNeeds.functionCode} and a.group_code is ${stopNeeds.groupCode})`;
  const qualifies = or(
    person.advisorFunctions.length ? inArray(stopNeeds.functionCode, [...person.advisorFunctions]) : undefined,
    person.answerGroups.length ? inArray(stopNeeds.groupCode, [...person.answerGroups]) : undefined,
  );
  const rows = db
    .select({
      stopId: stops.id,
      title: stops.title,
      status: stops.status,
      tourName: tours.name,
      startsAt: stops.startsAt,
      endsAt: stops.endsAt,
      venueName: stops.venueName,
      venueAddress: stops.venueAddress,
      areaName: areas.name,
      functionCode: stopNeeds.functionCode,
      groupCode: stopNeeds.groupCode,
      count: stopNeeds.count,
      filled,
    })
    .from(stopNeeds)
    .innerJoin(stops, eq(stops.id, stopNeeds.stopId))
    .innerJoin(tours, eq(tours.id, stops.tourId))
    .leftJoin(areas, eq(areas.id, stops.areaId))
    .where(
      and(
        isNull(tours.archivedAt),
        stopStatusIs(["proposed", "planned", "confirmed"]),
        // Sign-up closes cutoffHours before the start: later stops only.
        gt(stops.startsAt, new Date(now.getTime() + settings.staffingCutoffHours * 3_600_000)),
        qualifies,
        sql`${stopNeeds.count} > ${filled}`,
        notExists(
          db
            .select({ one: sql`1` })
            .from(stopAssignments)
            .where(and(eq(stopAssignments.stopId, stops.id), eq(stopAssignments.userId, userId))),
        ),
      ),
    )
    // Needs in insertion order, as needsWithFill reads them for signUp: the same role is taken.
    .orderBy(asc(stops.startsAt), asc(stops.id), sql`${stopNeeds}.rowid`)
    // Several needs per stop, and some stops refused below: read a few more than shown.
    .limit(limit * 4)
    .all();
  if (!rows.length) return [];

  const absences = db
    .select({ startsOn: staffAbsences.startsOn, endsOn: staffAbsences.endsOn })
    .from(staffAbsences)
    .where(and(eq(staffAbsences.userId, userId), gte(staffAbsences.endsOn, todayInStockholm(now))))
    .all();
  const otherBookings = db
    .select({ stopId: stops.id, title: stops.title, startsAt: stops.startsAt, endsAt: stops.endsAt })
    .from(stopAssignments)
    .innerJoin(stops, eq(stops.id, stopAssignments.stopId))
    .where(and(eq(stopAssignments.userId, userId), ne(stops.status, "cancelled"), gt(stops.endsAt, now)))
    .limit(MY_SCHEDULE_LIMIT)
    .all();
  const labels = roleLabels(db);
  const byStop = new Map<string, typeof rows>();
  for (const r of rows) byStop.set(r.stopId, [...(byStop.get(r.stopId) ?? []), r]);
  const out: OpenPlace[] = [];
  for (const needs of byStop.values()) {
    const s = needs[0]!;
    const decision = decideSignUp({
      now,
      stop: s,
      cutoffHours: settings.staffingCutoffHours,
      travelBufferMinutes: settings.travelBufferMinutes,
      person: { ...person, alreadyOnStop: false },
      needs: needs.map((n) => ({ functionCode: n.functionCode, groupCode: n.groupCode, count: n.count, filled: Number(n.filled) })),
      absences,
      otherBookings,
    });
    if (!decision.ok) continue;
    const role = roleKey(decision.role);
    const need = needs.find((n) => roleKey(n) === role)!;
    out.push({
      stopId: s.stopId,
      title: s.title,
      tourName: s.tourName,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      venueName: s.venueName,
      venueAddress: s.venueAddress,
      areaName: s.areaName,
      role,
      roleLabel: labels.get(role) ?? role,
      missing: need.count - Number(need.filled),
    });
    if (out.length === limit) break;
  }
  return out;
}

/** The title of a stop, for the notice after withdrawing from it (the booking is gone by then). */
export function stopTitle(db: Reader, stopId: string): string | null {
  return db.select({ title: stops.title }).from(stops).where(eq(stops.id, stopId)).get()?.title ?? null;
}

/** How far back the personal feed reaches. */
export const MY_FEED_DAYS_BACK = 60;

/** The personal feed's bookings: from 60 days back, cancelled stops included (the feed marks them cancelled). */
export function listMyFeedBookings(db: Reader, userId: string, now = new Date()): MyBooking[] {
  const since = new Date(now.getTime() - MY_FEED_DAYS_BACK * 86_400_000);
  return bookingsQuery(db, userId)
    .where(and(eq(stopAssignments.userId, userId), gte(stops.endsAt, since)))
    .orderBy(asc(stops.startsAt), asc(stops.id))
    .limit(MY_SCHEDULE_LIMIT)
    .all()
    .map(toBooking);
}

/** "https://www.openstreetmap.org/?mlat=…&mlon=…#map=15/…/…": opens the place in a map app or the browser. */
export function osmLink(lat: number, lng: number): string {
  const la = lat.toFixed(5);
  const lo = lng.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=15/${la}/${lo}`;
}
