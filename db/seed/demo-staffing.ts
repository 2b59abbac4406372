import { count, eq } from "drizzle-orm";
import type { Db } from "~/db.server";
import { absenceCovers, bookingsClash, qualifiedFor, type RoleRef } from "~/domain/staffing/rules";
import { addDaysIso, stockholmDate } from "~/utils/dates";
import { municipalitySettings, staffAbsences, stopAssignments, stopNeeds, stops, tours, userAdvisorFunctions, userAnswerGroups, users } from "../schema";
import { DEMO_TOUR_LEADER_EMAIL } from "./demo-tours";

/**
 * Staffing for the demo tours: who worked the held stops of 2016, 2017 and the current season, and
 * who is booked on its coming ones. Most bookings are confirmed by the tour leader; a few are
 * sign-ups still waiting ("requested"). Some places on coming stops are left open, proposed stops
 * have nobody yet, and one conflict is there on purpose: Lars Öberg has leave on the day of the
 * Rydebäck visit he is booked on (he asked for it after being booked), so the tour leader sees an
 * absence conflict on that stop. Elin Berg has a vacation that the bookings respect.
 */

/** The stop whose booking the deliberate absence conflict concerns, and who. */
export const DEMO_CONFLICT = {
  stopTitle: "Byabesök hos Rydebäcks Byalag",
  email: "lars.oberg@rullarut.example",
} as const;
/** Elin Berg's vacation: a week around the Kattarp visit, which she therefore does not work. */
export const DEMO_VACATION = {
  stopTitle: "KC besöker Kattarp",
  email: "elin.berg@rullarut.example",
} as const;
/** Coming stops where places are deliberately left open: title → role keys not filled (one place each). */
export const DEMO_OPEN_PLACES: Record<string, string[]> = {
  "KC besöker Hasslarp": ["f:energy_climate"],
  "Informationskväll för byalagen": ["g:BBMT", "f:volunteer_center"],
};
/** Coming stops where the bookings are sign-ups the tour leader has not confirmed yet. */
export const DEMO_REQUESTED: Record<string, string[]> = {
  "KC besöker Hasslarp": ["g:BBMT"],
  "Informationskväll för byalagen": ["g:BSU", "f:eu_information"],
  "KC besöker Kattarp": ["f:senior"],
};

const DAY_MS = 86_400_000;

export type DemoStaffingReport = {
  assignments: number;
  requested: number;
  absences: number;
};

export function seedDemoStaffing(db: Db, now: Date = new Date()): DemoStaffingReport | null {
  return db.transaction((tx) => {
    if ((tx.select({ n: count() }).from(stopAssignments).get()?.n ?? 0) > 0) return null;
    const people = tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.active, true)).all();
    const byEmail = new Map(people.map((p) => [p.email, p.id]));
    const leaderId = byEmail.get(DEMO_TOUR_LEADER_EMAIL) ?? null;
    const groups = tx.select().from(userAnswerGroups).all();
    const functions = tx.select().from(userAdvisorFunctions).all();
    const staff = people
      .map((p) => ({
        id: p.id,
        email: p.email,
        answerGroups: groups.filter((g) => g.userId === p.id).map((g) => g.groupCode),
        advisorFunctions: functions.filter((f) => f.userId === p.id).map((f) => f.functionCode),
      }))
      .filter((p) => p.answerGroups.length || p.advisorFunctions.length)
      .sort((a, b) => a.email.localeCompare(b.email));
    if (staff.length === 0) return null;

    const buffer =
      tx.select({ b: municipalitySettings.travelBufferMinutes }).from(municipalitySettings).where(eq(municipalitySettings.id, "default")).get()?.b ?? 30;
    const stopRows = tx
      .select({
        id: stops.id,
        title: stops.title,
        status: stops.status,
        startsAt: stops.startsAt,
        endsAt: stops.endsAt,
        tourEndsOn: tours.endsOn,
      })
      .from(stops)
      .innerJoin(tours, eq(tours.id, stops.tourId))
      .orderBy(stops.startsAt, stops.id)
      .all();
    const needRows = tx.select().from(stopNeeds).all();
    const today = stockholmDate(now);
    const current = (s: { tourEndsOn: string }) => s.tourEndsOn >= today;

    // The absences first: the bookings below respect the vacation (but not the leave, see above).
    const absences: (typeof staffAbsences.$inferInsert)[] = [];
    const vacationStop = stopRows.find((s) => s.title === DEMO_VACATION.stopTitle && current(s));
    const elin = byEmail.get(DEMO_VACATION.email);
    if (vacationStop && elin) {
      const day = stockholmDate(vacationStop.startsAt);
      absences.push({
        userId: elin,
        kind: "vacation",
        startsOn: addDaysIso(day, -3),
        endsOn: addDaysIso(day, 4),
        note: null,
      });
    }
    const conflictStop = stopRows.find((s) => s.title === DEMO_CONFLICT.stopTitle && current(s));
    const lars = byEmail.get(DEMO_CONFLICT.email);
    const leave =
      conflictStop && lars
        ? {
            userId: lars,
            kind: "leave" as const,
            startsOn: stockholmDate(conflictStop.startsAt),
            endsOn: stockholmDate(conflictStop.startsAt),
            note: "Hela dagen",
          }
        : null;

    const bookings = new Map<string, { startsAt: Date; endsAt: Date }[]>();
    const load = new Map<string, number>();
    const rows: (typeof stopAssignments.$inferInsert)[] = [];
    let requested = 0;
    for (const stop of stopRows) {
      const future = stop.startsAt.getTime() > now.getTime();
      // Proposed stops are not staffed yet. A cancelled future stop keeps its one early booking,
      // so Mitt schema and the personal feed show a cancellation.
      if (stop.status === "proposed") continue;
      const cancelledFuture = stop.status === "cancelled" && future;
      if (stop.status === "cancelled" && !future) continue;
      const open = new Map<string, number>();
      for (const key of (future && current(stop) ? DEMO_OPEN_PLACES[stop.title] : undefined) ?? []) open.set(key, (open.get(key) ?? 0) + 1);
      const requestedRoles = new Set(future && current(stop) ? (DEMO_REQUESTED[stop.title] ?? []) : []);
      const onStop = new Set<string>();
      const needs = needRows.filter((n) => n.stopId === stop.id);
      for (const need of cancelledFuture ? needs.slice(0, 1) : needs) {
        const role: RoleRef = {
          functionCode: need.functionCode,
          groupCode: need.groupCode,
        };
        const key = need.functionCode ? `f:${need.functionCode}` : `g:${need.groupCode}`;
        const places = cancelledFuture ? 1 : need.count - (open.get(key) ?? 0);
        for (let i = 0; i < places; i++) {
          const candidates = staff.filter(
            (p) =>
              !onStop.has(p.id) &&
              qualifiedFor(p, role) &&
              !absences.some((a) => a.userId === p.id && absenceCovers(a, stop)) &&
              !(bookings.get(p.id) ?? []).some((b) => bookingsClash(b, stop, buffer)),
          );
          // The least booked first: the work is shared out.
          candidates.sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0));
          const person = candidates[0];
          if (!person) break;
          onStop.add(person.id);
          bookings.set(person.id, [...(bookings.get(person.id) ?? []), stop]);
          load.set(person.id, (load.get(person.id) ?? 0) + 1);
          const isRequest = requestedRoles.has(key) && i === 0;
          if (isRequest) requested++;
          const createdAt = new Date(Math.min(stop.startsAt.getTime() - 21 * DAY_MS, now.getTime() - 2 * 3_600_000));
          rows.push({
            stopId: stop.id,
            userId: person.id,
            ...role,
            status: isRequest ? "requested" : "confirmed",
            createdByUserId: isRequest ? person.id : leaderId,
            createdAt,
            confirmedAt: isRequest ? null : new Date(Math.min(createdAt.getTime() + DAY_MS, now.getTime() - 3_600_000)),
          });
        }
      }
    }
    if (leave) absences.push(leave);
    // Ensure the deliberate conflict: Lars is on the Rydebäck visit (he is the only energy advisor, so he normally is).
    if (conflictStop && lars && !rows.some((r) => r.stopId === conflictStop.id && r.userId === lars)) {
      const need = needRows.find((n) => n.stopId === conflictStop.id && n.functionCode === "energy_climate");
      if (need) {
        rows.push({
          stopId: conflictStop.id,
          userId: lars,
          functionCode: "energy_climate",
          groupCode: null,
          status: "confirmed",
          createdByUserId: leaderId,
          confirmedAt: now,
        });
      }
    }
    for (let i = 0; i < rows.length; i += 200)
      tx.insert(stopAssignments)
        .values(rows.slice(i, i + 200))
        .run();
    if (absences.length) tx.insert(staffAbsences).values(absences).run();
    return { assignments: rows.length, requested, absences: absences.length };
  });
}
