import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import { stops, tours, type Tour } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Forbidden, NotFound } from "~/domain/errors";
import { can, requirePlanner } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import type { TourInput } from "./schemas";

export { requirePlanner };

export type TourListItem = Pick<Tour, "id" | "name" | "focus" | "startsOn" | "endsOn" | "targetTags"> & {
  stopCount: number;
  heldCount: number;
};

/** All tours that are not archived, newest first, with their number of stops. */
export function listTours(db: Db): TourListItem[] {
  return db
    .select({
      id: tours.id,
      name: tours.name,
      focus: tours.focus,
      startsOn: tours.startsOn,
      endsOn: tours.endsOn,
      targetTags: tours.targetTags,
      stopCount: count(stops.id),
      heldCount: sql<number>`coalesce(sum(${stops.status} = 'held'), 0)`,
    })
    .from(tours)
    .leftJoin(stops, eq(stops.tourId, tours.id))
    .where(isNull(tours.archivedAt))
    .groupBy(tours.id)
    .orderBy(desc(tours.startsOn), asc(tours.name))
    .all();
}

/** For select boxes: id and name, newest first. */
export function tourOptions(db: Db): { id: string; name: string }[] {
  return db.select({ id: tours.id, name: tours.name }).from(tours).where(isNull(tours.archivedAt)).orderBy(desc(tours.startsOn)).all();
}

export function getTour(db: Db, tourId: string): Tour {
  const tour = db.select().from(tours).where(eq(tours.id, tourId)).get();
  if (!tour) throw new NotFound("Turnén finns inte.");
  return tour;
}

export function createTour(db: Db, actor: Actor, input: TourInput): string {
  requirePlanner(actor);
  return db.transaction((tx) => {
    const row = tx.insert(tours).values(input).returning({ id: tours.id }).get();
    recordAudit(tx, { actorUserId: actor.id, action: "tour.create", entityType: "tour", entityId: row.id, details: { ...input } });
    return row.id;
  });
}

export function updateTour(db: Db, actor: Actor, tourId: string, input: TourInput): void {
  requirePlanner(actor);
  getTour(db, tourId);
  db.transaction((tx) => {
    tx.update(tours).set(input).where(eq(tours.id, tourId)).run();
    recordAudit(tx, { actorUserId: actor.id, action: "tour.update", entityType: "tour", entityId: tourId, details: { ...input } });
  });
}

/** The tour whose period contains the date, else the latest one that started before it. */
export function currentTourId(db: Db, today: string): string | null {
  const containing = db
    .select({ id: tours.id })
    .from(tours)
    .where(and(isNull(tours.archivedAt), sql`${tours.startsOn} <= ${today}`, sql`${tours.endsOn} >= ${today}`))
    .orderBy(desc(tours.startsOn))
    .get();
  if (containing) return containing.id;
  return (
    db
      .select({ id: tours.id })
      .from(tours)
      .where(and(isNull(tours.archivedAt), sql`${tours.startsOn} <= ${today}`))
      .orderBy(desc(tours.startsOn))
      .get()?.id ?? null
  );
}
