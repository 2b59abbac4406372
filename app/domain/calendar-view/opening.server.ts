import { and, eq, min, ne, sql } from "drizzle-orm";
import { stops } from "#db/schema";
import type { Db } from "~/db.server";
import { stockholmDate } from "~/utils/dates";

/**
 * The Stockholm dates of a tour's next stop (one still running counts) and of its first stop, in
 * one read, for the calendar's opening month (see openingMonth). Cancelled stops are not where the
 * tour is going. Without a tour, all tours.
 */
export function tourStopDates(db: Pick<Db, "select">, tourId: string | null, now = new Date()): { next: string | null; first: string | null } {
  const row = db
    .select({
      next: sql<number | null>`min(case when ${stops.endsAt} > ${now.getTime()} then ${stops.startsAt} end)`,
      first: min(stops.startsAt),
    })
    .from(stops)
    .where(and(tourId ? eq(stops.tourId, tourId) : undefined, ne(stops.status, "cancelled")))
    .get();
  return {
    next: row?.next != null ? stockholmDate(Number(row.next)) : null,
    first: row?.first ? stockholmDate(row.first) : null,
  };
}
