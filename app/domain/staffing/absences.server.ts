/**
 * Staff absences (ledighet, semester, annan frånvaro): whole Stockholm days, both ends inclusive.
 * A staff member keeps their own; admins and tour leaders anyone's. An absence never blocks or
 * removes bookings: the stops it collides with are shown as a warning, and the tour leader sees
 * the conflict on the stop (staffing.server.ts).
 */
import { and, asc, desc, eq, gte } from "drizzle-orm";
import { staffAbsences, users } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { formatIsoDate, formatPeriod, isIsoDate, todayInStockholm } from "~/utils/dates";
import { MAX_ABSENCE_DAYS, ABSENCE_NOTE_MAX, type AbsenceInput } from "./absence-schemas";
import { ABSENCE_KIND_LABELS } from "./labels";
import { absenceSpan } from "./rules";
import { bookingsNear } from "./staffing.server";

type Reader = Pick<Db, "select">;

export type Absence = {
  id: string;
  kind: "leave" | "vacation" | "other";
  startsOn: string;
  endsOn: string;
  note: string | null;
};

/** A booking of the person that an absence touches. */
export type AbsenceCollision = {
  stopId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
};

/** Own absences, or anyone's for planners. */
export function mayManageAbsences(actor: Actor, userId: string): boolean {
  return actor.id === userId || can.planTour(actor.role);
}

function requireMayManage(actor: Actor, userId: string) {
  if (!mayManageAbsences(actor, userId)) throw new Forbidden("Du får bara hantera din egen frånvaro.");
}

function requireUserExists(db: Reader, userId: string) {
  if (!db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) throw new NotFound("Användaren finns inte.");
}

/** The columns of an Absence. */
const ABSENCE_COLUMNS = {
  id: staffAbsences.id,
  kind: staffAbsences.kind,
  startsOn: staffAbsences.startsOn,
  endsOn: staffAbsences.endsOn,
  note: staffAbsences.note,
};

/**
 * A person's absences, newest first. By default those that have not ended before `today`
 * (Stockholm); `{ all: true }` lists past ones too.
 */
export function listAbsences(db: Reader, userId: string, options: { all?: boolean; now?: Date } = {}): Absence[] {
  const today = todayInStockholm(options.now);
  return db
    .select(ABSENCE_COLUMNS)
    .from(staffAbsences)
    .where(and(eq(staffAbsences.userId, userId), options.all ? undefined : gte(staffAbsences.endsOn, today)))
    .orderBy(options.all ? desc(staffAbsences.startsOn) : asc(staffAbsences.startsOn))
    .all();
}

/** The person's bookings (stops not cancelled) during the days of an absence. */
export function absenceCollisions(db: Reader, userId: string, absence: { startsOn: string; endsOn: string }): AbsenceCollision[] {
  // Any overlap with the absent days, without a travel buffer.
  return bookingsNear(db, userId, absenceSpan(absence.startsOn, absence.endsOn), 0);
}

/** One absence with the bookings it collides with, for the notice after saving; null if it is gone. */
export function getAbsenceWithCollisions(db: Reader, actor: Actor, userId: string, absenceId: string) {
  requireMayManage(actor, userId);
  const absence = db
    .select(ABSENCE_COLUMNS)
    .from(staffAbsences)
    .where(and(eq(staffAbsences.id, absenceId), eq(staffAbsences.userId, userId)))
    .get();
  if (!absence) return null;
  return { absence, collisions: absenceCollisions(db, userId, absence) };
}

/**
 * Adds an absence. Returns its id and the person's bookings during it: a warning, never a block
 * (the tour leader decides who takes over).
 */
export function addAbsence(db: Db, actor: Actor, userId: string, input: AbsenceInput): { id: string; collisions: AbsenceCollision[] } {
  requireMayManage(actor, userId);
  // The form's schema checks all of this; a verb called from elsewhere must not store nonsense.
  if (!isIsoDate(input.startsOn)) throw new Conflict("Ange första dagen som ÅÅÅÅ-MM-DD.", "startsOn");
  if (!isIsoDate(input.endsOn)) throw new Conflict("Ange sista dagen som ÅÅÅÅ-MM-DD.", "endsOn");
  if (input.endsOn < input.startsOn) throw new Conflict("Sista dagen kan inte vara före första dagen.", "endsOn");
  const days = (Date.parse(input.endsOn) - Date.parse(input.startsOn)) / 86_400_000 + 1;
  if (days > MAX_ABSENCE_DAYS) throw new Conflict(`Frånvaron kan vara högst ${MAX_ABSENCE_DAYS} dagar.`, "endsOn");
  const note = input.note?.trim() || null;
  if (note && note.length > ABSENCE_NOTE_MAX) throw new Conflict(`Högst ${ABSENCE_NOTE_MAX} tecken.`, "note");
  return db.transaction((tx) => {
    requireUserExists(tx, userId);
    const row = tx
      .insert(staffAbsences)
      .values({
        userId,
        kind: input.kind,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        note,
      })
      .returning({ id: staffAbsences.id })
      .get();
    // The note stays out of the audit log: it is free text about a person.
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "absence.create",
      entityType: "user",
      entityId: userId,
      details: {
        absenceId: row.id,
        kind: input.kind,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
      },
    });
    return { id: row.id, collisions: absenceCollisions(tx, userId, input) };
  });
}

/** Removes one of a person's absences. */
export function removeAbsence(db: Db, actor: Actor, userId: string, absenceId: string): void {
  requireMayManage(actor, userId);
  db.transaction((tx) => {
    const row = tx
      .delete(staffAbsences)
      .where(and(eq(staffAbsences.id, absenceId), eq(staffAbsences.userId, userId)))
      .returning({
        kind: staffAbsences.kind,
        startsOn: staffAbsences.startsOn,
        endsOn: staffAbsences.endsOn,
      })
      .get();
    if (!row) throw new NotFound("Frånvaron finns inte.");
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "absence.delete",
      entityType: "user",
      entityId: userId,
      details: { absenceId, ...row },
    });
  });
}

/**
 * What the absence panel shows: the person's coming absences (each with how many bookings it
 * collides with) and, after saving (?franvaro=<id> in the URL), the saved one with its collisions.
 */
export function absencePanel(db: Reader, actor: Actor, userId: string, url: URL, now = new Date()) {
  requireMayManage(actor, userId);
  const period = (a: { startsOn: string; endsOn: string }) =>
    a.startsOn === a.endsOn ? formatIsoDate(a.startsOn) : `${formatIsoDate(a.startsOn)} – ${formatIsoDate(a.endsOn)}`;
  const savedId = url.searchParams.get("franvaro");
  const saved = savedId ? getAbsenceWithCollisions(db, actor, userId, savedId) : null;
  return {
    absences: listAbsences(db, userId, { now }).map((a) => ({
      id: a.id,
      kind: ABSENCE_KIND_LABELS[a.kind],
      period: period(a),
      note: a.note,
      collisions: absenceCollisions(db, userId, a).length,
    })),
    saved: saved
      ? {
          period: period(saved.absence),
          collisions: saved.collisions.map((c) => ({
            stopId: c.stopId,
            title: c.title,
            when: formatPeriod(c.startsAt, c.endsAt),
          })),
        }
      : null,
    removed: url.searchParams.has("franvaro-borttagen"),
    /** Changes with each save, so the page can start a fresh form after one. */
    formKey: savedId ?? "ny",
  };
}
