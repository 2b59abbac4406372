/** The e2e database's side of field mode: a stop running now to log on, and the cases made at it. */
import { and, desc, eq, gte, isNull, lte } from "drizzle-orm";
import { cases, fieldQuestions, tours, type StopStatus } from "#db/schema";
import { withE2eDb } from "./e2e-db";
import { addAssignment, areaIdByName, createStop, userIdByEmail } from "./seed";

/**
 * A stop running now (from 30 minutes ago, for three hours) in the demo's current tour, confirmed
 * unless told otherwise, with the person booked on it unless `booked` is false. No tour of its own:
 * a new tour covering today would become the "current tour" that other specs' pages open by default.
 */
export function seedStopNow(email: string, title: string, options: { status?: StopStatus; booked?: boolean } = {}): string {
  return withE2eDb((db) => {
    const areaId = areaIdByName(db, "Mörarp");
    const now = Date.now();
    const today = new Date(now).toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });
    const tour = db
      .select({ id: tours.id })
      .from(tours)
      .where(and(isNull(tours.archivedAt), lte(tours.startsOn, today), gte(tours.endsOn, today)))
      .orderBy(desc(tours.startsOn))
      .get();
    if (!tour) throw new Error("The demo data have no tour running today.");
    return db.transaction((tx) => {
      const stopId = createStop(tx, {
        tourId: tour.id,
        title,
        kind: "market",
        areaId,
        venueName: "Torget",
        venueAddress: "Storgatan 1, Mörarp",
        lat: 56.0553,
        lng: 12.8562,
        startsAt: new Date(now - 30 * 60_000),
        endsAt: new Date(now + 3 * 3600_000),
        status: options.status ?? "confirmed",
      });
      if (options.booked ?? true) addAssignment(tx, { stopId, userId: userIdByEmail(tx, email), groupCode: "ASSF", status: "confirmed" });
      return stopId;
    });
  });
}

/** The cases made from the questions logged at a stop, in the order they were logged. */
export function casesAt(stopId: string) {
  return withE2eDb((db) =>
    db
      .select({ number: cases.number, status: cases.status, question: fieldQuestions.question })
      .from(cases)
      .innerJoin(fieldQuestions, eq(fieldQuestions.id, cases.questionId))
      .where(eq(cases.stopId, stopId))
      .orderBy(fieldQuestions.loggedAt)
      .all(),
  );
}
