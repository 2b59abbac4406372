/**
 * The tour a user works on (issue 13, point 1). Every page that shows one tour asks here:
 * the URL's `?turne=` first (and then it is remembered for the user), then the user's remembered
 * choice, then the current season. A tour leader who opens the 2028 tour and then goes to
 * Inbjudningar, Bemanning or Kalender stays on 2028 without carrying the parameter by hand.
 */
import { and, eq, isNull, or, ne, sql } from "drizzle-orm";
import { tours, users } from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { todayInStockholm } from "~/utils/dates";
import { currentTourId } from "./tours.server";

export const TOUR_PARAM = "turne";

export type ChosenTour = { id: string; name: string };

function activeTour(db: Db, tourId: string | null | undefined): ChosenTour | null {
  if (!tourId) return null;
  return (
    db
      .select({ id: tours.id, name: tours.name })
      .from(tours)
      .where(and(eq(tours.id, tourId), isNull(tours.archivedAt)))
      .get() ?? null
  );
}

/** Remembers the user's choice; a no-op when it is already the remembered one. */
export function rememberTour(db: Db, userId: string, tourId: string): void {
  db.update(users)
    .set({ chosenTourId: tourId, updatedAt: sql`${users.updatedAt}` })
    .where(and(eq(users.id, userId), or(isNull(users.chosenTourId), ne(users.chosenTourId, tourId))))
    .run();
}

/**
 * The tour to show: `?turne=<id>` when it names an active tour (remembered from now on), else the
 * remembered tour, else the season's. Values such as "alla" or an unknown id fall through, so a
 * page's own handling of them (the map's "alla turnéer") keeps working.
 */
export function chosenTour(db: Db, user: { id: string }, params?: URLSearchParams, now = new Date()): ChosenTour | null {
  const asked = activeTour(db, params?.get(TOUR_PARAM));
  if (asked) {
    rememberTour(db, user.id, asked.id);
    return asked;
  }
  // Asked on every page (the header and the page itself), and it changes only with the tours, the
  // user's choice or the day: kept until one of them changes.
  const today = todayInStockholm(now);
  return cachedUntilChange(
    db,
    `chosen-tour:${user.id}`,
    () => {
      const remembered = db.select({ id: users.chosenTourId }).from(users).where(eq(users.id, user.id)).get()?.id;
      return activeTour(db, remembered) ?? activeTour(db, currentTourId(db, today)) ?? latestTour(db);
    },
    { reads: ["tours", "people"], alsoUntil: today },
  );
}

export function chosenTourId(db: Db, user: { id: string }, params?: URLSearchParams, now = new Date()): string | null {
  return chosenTour(db, user, params, now)?.id ?? null;
}

/**
 * The tour a URL is about: its ?turne=, or the id in /turneer/<id>, so that opening a tour makes it
 * the chosen one.
 */
export function tourParamsOf(url: URL): URLSearchParams {
  const params = new URLSearchParams();
  const fromPath = /^\/turneer\/([^/]+)/.exec(url.pathname)?.[1];
  const asked = url.searchParams.get(TOUR_PARAM) ?? (fromPath && fromPath !== "ny" ? safeDecode(fromPath) : null);
  if (asked) params.set(TOUR_PARAM, asked);
  return params;
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function latestTour(db: Db): ChosenTour | null {
  return (
    db
      .select({ id: tours.id, name: tours.name })
      .from(tours)
      .where(isNull(tours.archivedAt))
      .orderBy(sql`${tours.startsOn} desc`)
      .get() ?? null
  );
}
