/**
 * "Mitt schema": the stops a person is booked on, for the page /mitt-schema and the personal
 * calendar feed /flode/<key>/mitt-schema.ics. One query reads the bookings with everything the
 * page shows (stop, place, tour, role label); conflicts are worked out in memory with the pure
 * rules, so the page costs the same few queries however long the list is.
 */
import { and, asc, desc, eq, gte, lt, ne, sql } from "drizzle-orm";
import { advisorFunctions, answerGroups, areas, staffAbsences, stopAssignments, stops, tours, type StopStatus } from "#db/schema";
import type { StopKind } from "#db/enums";
import type { Db } from "~/db.server";
import { startOfStockholmDay, todayInStockholm } from "~/utils/dates";
import { absenceCovers, bookingsClash, gapMinutes, roleKey, type RoleKey, type StaffConflict } from "./rules";
import { staffingSettings } from "./staffing.server";

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
  const roleLabel = functionCode ? advisorTitle ?? functionCode : `kommunvägledare ${groupName ?? groupCode}`;
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
  upcoming: MyBooking[];
  upcomingTotal: number;
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

/** /mitt-schema: upcoming bookings from today (Stockholm), paged; this tour's past ones; own conflicts. */
export function getMySchedule(db: Reader, userId: string, options: { page?: number; now?: Date } = {}): MySchedule {
  const now = options.now ?? new Date();
  const today = todayInStockholm(now);
  const dayStart = startOfStockholmDay(today);
  const upcomingAll = bookingsQuery(db, userId)
    .where(and(eq(stopAssignments.userId, userId), gte(stops.endsAt, dayStart)))
    .orderBy(asc(stops.startsAt), asc(stops.id))
    .limit(MY_SCHEDULE_LIMIT)
    .all()
    .map(toBooking);
  const past = bookingsQuery(db, userId)
    .where(
      and(
        eq(stopAssignments.userId, userId),
        lt(stops.endsAt, dayStart),
        gte(tours.endsOn, today),
        ne(stops.status, "cancelled"),
      ),
    )
    .orderBy(desc(stops.startsAt))
    .limit(MY_PAST_LIMIT)
    .all()
    .map(toBooking);
  const absences = db
    .select({ startsOn: staffAbsences.startsOn, endsOn: staffAbsences.endsOn })
    .from(staffAbsences)
    .where(and(eq(staffAbsences.userId, userId), gte(staffAbsences.endsOn, today)))
    .all();
  const conflicts = upcomingAll.length
    ? ownConflicts(userId, upcomingAll, absences, staffingSettings(db).travelBufferMinutes)
    : [];
  const pageCount = Math.max(1, Math.ceil(upcomingAll.length / MY_SCHEDULE_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  return {
    today,
    upcoming: upcomingAll.slice((page - 1) * MY_SCHEDULE_PAGE_SIZE, page * MY_SCHEDULE_PAGE_SIZE),
    upcomingTotal: upcomingAll.length,
    page,
    pageCount,
    past,
    conflicts,
    conflictTitles: Object.fromEntries(
      upcomingAll.filter((b) => conflicts.some((c) => c.stopId === b.stopId)).map((b) => [b.stopId, b.title]),
    ),
  };
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
