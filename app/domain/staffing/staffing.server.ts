/**
 * Staffing a stop: its needs per advisor function and answer group, who is on it, sign-up and
 * withdrawal by staff, assignment and confirmation by the tour leader, and the conflicts to show.
 * The rules themselves are in ./rules.ts (pure); this module reads and writes the database.
 */
import { and, asc, eq, gt, inArray, lt, ne } from "drizzle-orm";
import {
  advisorFunctions,
  answerGroups,
  municipalitySettings,
  staffAbsences,
  stopAssignments,
  stopNeeds,
  stops,
  userAdvisorFunctions,
  userAnswerGroups,
  users,
  type Stop,
} from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, NotFound } from "~/domain/errors";
import { MAX_STOP_SPAN_MS } from "~/domain/stops/schemas";
import { byUser, changerAudit, type StopChanger } from "~/domain/stops/stops.server";
import { requirePlanner } from "~/domain/tours/tours.server";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { refusalMessage } from "./labels";
import { notifyTourLeadersOfSignUp, notifyTourLeadersOfWithdrawal, queueStaffNotice } from "./notifications.server";
import { syncStopInvites } from "~/domain/calendar/invites.server";
import {
  absenceCovers,
  bookingsClash,
  decideSignUp,
  gapMinutes,
  mayWithdraw,
  overStaffing,
  parseRoleKey,
  qualifiedFor,
  roleKey,
  type OverStaffed,
  type Qualifications,
  type Refusal,
  type RoleKey,
  type RoleRef,
  type StaffConflict,
} from "./rules";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Reader = Pick<Db, "select">;

/** A sign-up the rules refuse. A Conflict, so forms show the message; `refusal` says which rule. */
export class SignUpRefused extends Conflict {
  constructor(public readonly refusal: Refusal) {
    super(refusalMessage(refusal));
  }
}

export type StaffingSettings = { travelBufferMinutes: number; staffingCutoffHours: number };

export function staffingSettings(db: Reader): StaffingSettings {
  return (
    db
      .select({ travelBufferMinutes: municipalitySettings.travelBufferMinutes, staffingCutoffHours: municipalitySettings.staffingCutoffHours })
      .from(municipalitySettings)
      .where(eq(municipalitySettings.id, "default"))
      .get() ?? { travelBufferMinutes: 30, staffingCutoffHours: 48 }
  );
}

/** Role keys → Swedish labels: "konsumentrådgivare", "kommunvägledare BSU". */
export function roleLabels(db: Reader): Map<RoleKey, string> {
  const labels = new Map<RoleKey, string>();
  for (const f of db
    .select({ code: advisorFunctions.code, title: advisorFunctions.advisorTitle })
    .from(advisorFunctions)
    .orderBy(asc(advisorFunctions.sortOrder))
    .all()) {
    labels.set(`f:${f.code}`, f.title);
  }
  for (const g of db.select({ code: answerGroups.code, name: answerGroups.name }).from(answerGroups).orderBy(asc(answerGroups.sortOrder)).all()) {
    labels.set(`g:${g.code}`, `kommunvägledare ${g.name}`);
  }
  return labels;
}

/** The roles that can be chosen now: those of active answer groups and advisor functions. */
export function activeRoleKeys(db: Reader): Set<RoleKey> {
  const keys = new Set<RoleKey>();
  for (const f of db.select({ code: advisorFunctions.code }).from(advisorFunctions).where(eq(advisorFunctions.active, true)).all()) keys.add(`f:${f.code}`);
  for (const g of db.select({ code: answerGroups.code }).from(answerGroups).where(eq(answerGroups.active, true)).all()) keys.add(`g:${g.code}`);
  return keys;
}

export function qualificationsOf(db: Reader, userId: string): Qualifications {
  return {
    advisorFunctions: db
      .select({ c: userAdvisorFunctions.functionCode })
      .from(userAdvisorFunctions)
      .where(eq(userAdvisorFunctions.userId, userId))
      .all()
      .map((r) => r.c),
    answerGroups: db
      .select({ c: userAnswerGroups.groupCode })
      .from(userAnswerGroups)
      .where(eq(userAnswerGroups.userId, userId))
      .all()
      .map((r) => r.c),
  };
}

type StopTimes = Pick<Stop, "id" | "title" | "startsAt" | "endsAt" | "status" | "tourId">;

function loadStop(db: Reader, stopId: string): StopTimes {
  const stop = db
    .select({ id: stops.id, title: stops.title, startsAt: stops.startsAt, endsAt: stops.endsAt, status: stops.status, tourId: stops.tourId })
    .from(stops)
    .where(eq(stops.id, stopId))
    .get();
  if (!stop) throw new NotFound("Stoppet finns inte.");
  return stop;
}

export type NeedWithFill = RoleRef & { key: RoleKey; count: number; filled: number; confirmed: number };

/** The stop's needs with how many are booked in each role (requested or confirmed). */
export function needsWithFill(db: Reader, stopId: string): NeedWithFill[] {
  const needs = db
    .select({ functionCode: stopNeeds.functionCode, groupCode: stopNeeds.groupCode, count: stopNeeds.count })
    .from(stopNeeds)
    .where(eq(stopNeeds.stopId, stopId))
    .all();
  const booked = db
    .select({ functionCode: stopAssignments.functionCode, groupCode: stopAssignments.groupCode, status: stopAssignments.status })
    .from(stopAssignments)
    .where(eq(stopAssignments.stopId, stopId))
    .all();
  return needs.map((n) => {
    const key = roleKey(n);
    const mine = booked.filter((b) => roleKey(b) === key);
    return { ...n, key, filled: mine.length, confirmed: mine.filter((b) => b.status === "confirmed").length };
  });
}

/**
 * A person's other bookings (not cancelled) near a time: everything within the travel buffer of
 * [startsAt, endsAt). No stop spans more than MAX_STOP_SPAN_MS, which bounds the search.
 */
export function bookingsNear(db: Reader, userId: string, span: { startsAt: Date; endsAt: Date }, bufferMinutes: number, excludeStopId?: string) {
  const buffer = bufferMinutes * 60_000;
  const from = new Date(span.startsAt.getTime() - buffer);
  const to = new Date(span.endsAt.getTime() + buffer);
  return db
    .select({ stopId: stops.id, title: stops.title, startsAt: stops.startsAt, endsAt: stops.endsAt, status: stops.status })
    .from(stopAssignments)
    .innerJoin(stops, eq(stops.id, stopAssignments.stopId))
    .where(
      and(
        eq(stopAssignments.userId, userId),
        ne(stops.status, "cancelled"),
        excludeStopId ? ne(stops.id, excludeStopId) : undefined,
        lt(stops.startsAt, to),
        gt(stops.startsAt, new Date(from.getTime() - MAX_STOP_SPAN_MS)),
        gt(stops.endsAt, from),
      ),
    )
    .orderBy(asc(stops.startsAt))
    .all()
    .filter((b) => bookingsClash(b, span, bufferMinutes));
}

/** A person's absences that touch a time span. */
export function absencesDuring(db: Reader, userId: string, span: { startsAt: Date; endsAt: Date }) {
  return db
    .select({ startsOn: staffAbsences.startsOn, endsOn: staffAbsences.endsOn, kind: staffAbsences.kind })
    .from(staffAbsences)
    .where(eq(staffAbsences.userId, userId))
    .all()
    .filter((a) => absenceCovers(a, span));
}

export type StaffingAssignment = {
  id: string;
  userId: string;
  name: string;
  hourly: boolean;
  role: RoleKey;
  status: "requested" | "confirmed";
  createdByUserId: string | null;
};

export type StopStaffing = {
  stop: StopTimes;
  needs: NeedWithFill[];
  assignments: StaffingAssignment[];
  /** Clashes of the people on this stop: double bookings and absences. */
  conflicts: StaffConflict[];
  /** Roles with more people than needed: not a clash (issue 13, point 5e). */
  overStaffed: OverStaffed[];
  /** Places still open over all needs. */
  missing: number;
};

/** Conflicts of the people booked on one stop: double bookings (with the travel buffer) and absences. */
function personConflicts(db: Reader, stop: StopTimes, people: { userId: string }[], settings: StaffingSettings): StaffConflict[] {
  if (stop.status === "cancelled") return [];
  const out: StaffConflict[] = [];
  for (const p of people) {
    for (const b of bookingsNear(db, p.userId, stop, settings.travelBufferMinutes, stop.id)) {
      out.push({ kind: "double_booking", userId: p.userId, stopId: stop.id, otherStopId: b.stopId, otherTitle: b.title, gapMinutes: gapMinutes(b, stop) });
    }
    for (const a of absencesDuring(db, p.userId, stop)) {
      out.push({ kind: "absence", userId: p.userId, stopId: stop.id, startsOn: a.startsOn, endsOn: a.endsOn });
    }
  }
  return out;
}

export function getStopStaffing(db: Db, stopId: string): StopStaffing {
  const stop = loadStop(db, stopId);
  const settings = staffingSettings(db);
  const needs = needsWithFill(db, stopId);
  const assignments = db
    .select({
      id: stopAssignments.id,
      userId: stopAssignments.userId,
      name: users.name,
      hourly: users.hourly,
      functionCode: stopAssignments.functionCode,
      groupCode: stopAssignments.groupCode,
      status: stopAssignments.status,
      createdByUserId: stopAssignments.createdByUserId,
    })
    .from(stopAssignments)
    .innerJoin(users, eq(users.id, stopAssignments.userId))
    .where(eq(stopAssignments.stopId, stopId))
    .orderBy(asc(users.name))
    .all()
    .map(({ functionCode, groupCode, ...a }) => ({ ...a, role: roleKey({ functionCode, groupCode }) }));
  return {
    stop,
    needs,
    assignments,
    conflicts: personConflicts(db, stop, assignments, settings),
    overStaffed: overStaffing(
      stopId,
      needs,
      assignments.map((a) => parseRoleKey(a.role)!),
    ),
    missing: needs.reduce((sum, n) => sum + Math.max(0, n.count - n.filled), 0),
  };
}

/** What one staff member may do on a stop now: sign up (and in which role), or why not; withdraw. */
export function signUpOptions(db: Db, user: Actor, stopId: string, now = new Date()) {
  const stop = loadStop(db, stopId);
  const settings = staffingSettings(db);
  const mine = db
    .select({ id: stopAssignments.id, functionCode: stopAssignments.functionCode, groupCode: stopAssignments.groupCode, status: stopAssignments.status })
    .from(stopAssignments)
    .where(and(eq(stopAssignments.stopId, stopId), eq(stopAssignments.userId, user.id)))
    .get();
  const decision = decideSignUp(signUpContext(db, user.id, stop, settings, now, Boolean(mine)));
  return {
    assignment: mine ? { id: mine.id, role: roleKey(mine), status: mine.status } : null,
    canWithdraw: Boolean(mine) && mayWithdraw(now, stop, settings.staffingCutoffHours),
    signUp: decision.ok
      ? { ok: true as const, role: roleKey(decision.role) }
      : { ok: false as const, refusal: decision.refusal, message: refusalMessage(decision.refusal) },
    cutoffHours: settings.staffingCutoffHours,
  };
}

function signUpContext(db: Reader, userId: string, stop: StopTimes, settings: StaffingSettings, now: Date, alreadyOnStop: boolean) {
  return {
    now,
    stop,
    cutoffHours: settings.staffingCutoffHours,
    travelBufferMinutes: settings.travelBufferMinutes,
    person: { ...qualificationsOf(db, userId), alreadyOnStop },
    needs: needsWithFill(db, stop.id),
    absences: absencesDuring(db, userId, stop),
    otherBookings: bookingsNear(db, userId, stop, settings.travelBufferMinutes, stop.id),
  };
}

/**
 * A staff member signs up for the first open need they are qualified for. The check and the insert
 * run in one IMMEDIATE transaction, which takes SQLite's write lock before reading: of any number of
 * simultaneous sign-ups for the last place, on any number of connections, exactly one gets it.
 */
export function signUp(db: Db, actor: Actor, stopId: string, now = new Date()): { assignmentId: string; role: RoleKey } {
  return db.transaction(
    (tx) => {
      const stop = loadStop(tx, stopId);
      const settings = staffingSettings(tx);
      const already = tx
        .select({ id: stopAssignments.id })
        .from(stopAssignments)
        .where(and(eq(stopAssignments.stopId, stopId), eq(stopAssignments.userId, actor.id)))
        .get();
      const decision = decideSignUp(signUpContext(tx, actor.id, stop, settings, now, Boolean(already)));
      if (!decision.ok) throw new SignUpRefused(decision.refusal);
      const row = tx
        .insert(stopAssignments)
        .values({ stopId, userId: actor.id, ...decision.role, status: "requested", createdByUserId: actor.id })
        .returning({ id: stopAssignments.id })
        .get();
      const role = roleKey(decision.role);
      recordAudit(tx, { actorUserId: actor.id, action: "staffing.sign_up", entityType: "stop", entityId: stopId, details: { userId: actor.id, role } });
      notifyTourLeadersOfSignUp(tx, { stopId, userId: actor.id, role });
      return { assignmentId: row.id, role };
    },
    { behavior: "immediate" },
  );
}

/** A staff member takes themself off a stop, before the cutoff. */
export function withdraw(db: Db, actor: Actor, stopId: string, now = new Date(), options: { origin?: string } = {}): void {
  db.transaction(
    (tx) => {
      const stop = loadStop(tx, stopId);
      const mine = tx
        .select({ id: stopAssignments.id, functionCode: stopAssignments.functionCode, groupCode: stopAssignments.groupCode })
        .from(stopAssignments)
        .where(and(eq(stopAssignments.stopId, stopId), eq(stopAssignments.userId, actor.id)))
        .get();
      if (!mine) throw new Conflict("Du är inte anmäld till det här stoppet.");
      const { staffingCutoffHours } = staffingSettings(tx);
      if (!mayWithdraw(now, stop, staffingCutoffHours)) {
        throw new Conflict(`Det är för sent att avanmäla sig: det går fram till ${staffingCutoffHours} timmar före start. Kontakta turnéledaren.`);
      }
      tx.delete(stopAssignments).where(eq(stopAssignments.id, mine.id)).run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "staffing.withdraw",
        entityType: "stop",
        entityId: stopId,
        details: { userId: actor.id, role: roleKey(mine) },
      });
      if (worthTelling(stop)) notifyTourLeadersOfWithdrawal(tx, { stopId, userId: actor.id, role: roleKey(mine), origin: options.origin });
      syncStopInvites(tx, stopId, { origin: options.origin, now });
    },
    { behavior: "immediate" },
  );
}

/**
 * Whether a booking change on this stop is news to the person. Not on a cancelled stop (they had
 * the cancellation), nor on a held one, where the tour leader only corrects who was there.
 */
function worthTelling(stop: Pick<StopTimes, "status">): boolean {
  return stop.status !== "cancelled" && stop.status !== "held";
}

export type AssignInput = { stopId: string; userId: string; role: string };

/**
 * The tour leader books a person in a role. Clashes and over-staffing never block the tour leader:
 * they are returned (and shown), and the person gets an e-mail through the outbox.
 */
export function assignStaff(
  db: Db,
  actor: Actor,
  input: AssignInput,
  options: { origin?: string } = {},
): { assignmentId: string; conflicts: StaffConflict[]; overStaffed: OverStaffed[] } {
  requirePlanner(actor);
  const role = parseRoleKey(input.role);
  if (!role) throw new Conflict("Välj en roll.", "role");
  return db.transaction(
    (tx) => {
      const stop = loadStop(tx, input.stopId);
      if (stop.status === "cancelled") throw new Conflict("Stoppet är inställt.");
      const person = tx
        .select({ id: users.id, name: users.name, email: users.email, active: users.active })
        .from(users)
        .where(eq(users.id, input.userId))
        .get();
      if (!person || !person.active) throw new Conflict("Välj en aktiv person.", "userId");
      if (!qualifiedFor(qualificationsOf(tx, person.id), role)) throw new Conflict(`${person.name} har inte den funktionen eller svarsgruppen.`, "role");
      const existing = tx
        .select({ id: stopAssignments.id })
        .from(stopAssignments)
        .where(and(eq(stopAssignments.stopId, stop.id), eq(stopAssignments.userId, person.id)))
        .get();
      if (existing) throw new Conflict(`${person.name} är redan bokad på stoppet.`, "userId");
      const row = tx
        .insert(stopAssignments)
        .values({ stopId: stop.id, userId: person.id, ...role, status: "confirmed", createdByUserId: actor.id, confirmedAt: new Date() })
        .returning({ id: stopAssignments.id })
        .get();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "staffing.assign",
        entityType: "stop",
        entityId: stop.id,
        details: { userId: person.id, role: input.role },
      });
      if (worthTelling(stop))
        queueStaffNotice(tx, { kind: "assigned", stopId: stop.id, userId: person.id, role: input.role as RoleKey, origin: options.origin });
      syncStopInvites(tx, stop.id, { origin: options.origin });
      const settings = staffingSettings(tx);
      const booked = tx
        .select({ functionCode: stopAssignments.functionCode, groupCode: stopAssignments.groupCode })
        .from(stopAssignments)
        .where(eq(stopAssignments.stopId, stop.id))
        .all();
      return {
        assignmentId: row.id,
        conflicts: personConflicts(tx, stop, [{ userId: person.id }], settings),
        // Only the role just booked: another role's over-staffing is not this booking's doing.
        overStaffed: overStaffing(stop.id, needsWithFill(tx, stop.id), booked).filter((o) => o.role === input.role),
      };
    },
    { behavior: "immediate" },
  );
}

function loadAssignment(tx: Reader, assignmentId: string, stopId: string) {
  const row = tx
    .select({
      id: stopAssignments.id,
      userId: stopAssignments.userId,
      status: stopAssignments.status,
      functionCode: stopAssignments.functionCode,
      groupCode: stopAssignments.groupCode,
    })
    .from(stopAssignments)
    .where(and(eq(stopAssignments.id, assignmentId), eq(stopAssignments.stopId, stopId)))
    .get();
  if (!row) throw new NotFound("Bokningen finns inte.");
  return row;
}

/** The tour leader takes a person off a stop (at any time); the person is told by e-mail. */
export function unassignStaff(db: Db, actor: Actor, stopId: string, assignmentId: string, options: { origin?: string } = {}): void {
  requirePlanner(actor);
  db.transaction((tx) => {
    const row = loadAssignment(tx, assignmentId, stopId);
    const stop = loadStop(tx, stopId);
    tx.delete(stopAssignments).where(eq(stopAssignments.id, row.id)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "staffing.unassign",
      entityType: "stop",
      entityId: stopId,
      details: { userId: row.userId, role: roleKey(row) },
    });
    if (worthTelling(stop)) queueStaffNotice(tx, { kind: "unassigned", stopId, userId: row.userId, role: roleKey(row), origin: options.origin });
    syncStopInvites(tx, stopId, { origin: options.origin });
  });
}

/** The tour leader confirms a sign-up; the person is told by e-mail. */
export function confirmAssignment(db: Db, actor: Actor, stopId: string, assignmentId: string, options: { origin?: string } = {}): void {
  requirePlanner(actor);
  db.transaction((tx) => {
    const row = loadAssignment(tx, assignmentId, stopId);
    if (row.status === "confirmed") return;
    const stop = loadStop(tx, stopId);
    if (stop.status === "cancelled") throw new Conflict("Stoppet är inställt.");
    tx.update(stopAssignments).set({ status: "confirmed", confirmedAt: new Date() }).where(eq(stopAssignments.id, row.id)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "staffing.confirm",
      entityType: "stop",
      entityId: stopId,
      details: { userId: row.userId, role: roleKey(row) },
    });
    if (worthTelling(stop)) queueStaffNotice(tx, { kind: "confirmed", stopId, userId: row.userId, role: roleKey(row), origin: options.origin });
    syncStopInvites(tx, stopId, { origin: options.origin });
  });
}

export const MAX_NEED_COUNT = 20;

/** Replaces the stop's needs: { "f:consumer": 1, "g:BSU": 2 }. Zero removes a need. People already booked stay. */
export function setStopNeeds(db: Db, actor: Actor, stopId: string, counts: Record<string, number>): void {
  requirePlanner(actor);
  db.transaction((tx) => {
    replaceStopNeeds(tx, byUser(actor), stopId, counts);
  });
}

/**
 * Replaces the stop's needs inside the caller's transaction, checks the counts and records the
 * history. Every write of a stop's needs goes through here (the needs page, a byalag's answer);
 * the caller has checked who may do it. With `onlyIfChanged`, equal needs write nothing (a
 * byalag re-answering with the same advisors adds no empty history entry). Returns whether they changed.
 */
export function replaceStopNeeds(tx: Tx, by: StopChanger, stopId: string, counts: Record<string, number>, options: { onlyIfChanged?: boolean } = {}): boolean {
  loadStop(tx, stopId);
  const labels = roleLabels(tx);
  const rows: { stopId: string; functionCode: string | null; groupCode: string | null; count: number }[] = [];
  for (const [key, count] of Object.entries(counts)) {
    const role = parseRoleKey(key);
    if (!role || !labels.has(key as RoleKey)) throw new Conflict("Okänd funktion eller svarsgrupp.");
    if (!Number.isInteger(count) || count < 0 || count > MAX_NEED_COUNT) throw new Conflict(`Ange ett antal mellan 0 och ${MAX_NEED_COUNT}.`, key);
    if (count > 0) rows.push({ stopId, ...role, count });
  }
  const before = tx
    .select({ functionCode: stopNeeds.functionCode, groupCode: stopNeeds.groupCode, count: stopNeeds.count })
    .from(stopNeeds)
    .where(eq(stopNeeds.stopId, stopId))
    .all();
  const beforeCounts = Object.fromEntries(before.map((n) => [roleKey(n), n.count]));
  const afterCounts = Object.fromEntries(rows.map((n) => [roleKey(n), n.count]));
  const changed = Object.keys(beforeCounts).length !== Object.keys(afterCounts).length || Object.entries(afterCounts).some(([k, n]) => beforeCounts[k] !== n);
  if (!changed && options.onlyIfChanged) return false;
  tx.delete(stopNeeds).where(eq(stopNeeds.stopId, stopId)).run();
  if (rows.length) tx.insert(stopNeeds).values(rows).run();
  const { actorUserId, via } = changerAudit(by);
  recordAudit(tx, {
    actorUserId,
    action: "staffing.needs",
    entityType: "stop",
    entityId: stopId,
    details: { ...via, before: beforeCounts, after: afterCounts },
  });
  return changed;
}

/** Who may see a stop's staffing: everyone logged in. Who may change others': planners only. */
export function mayManageStaffing(actor: Actor): boolean {
  return can.planTour(actor.role);
}

/** Active staff qualified for a role, for the tour leader's "assign" list. */
export function qualifiedStaff(db: Reader, role: RoleRef): { id: string; name: string; hourly: boolean }[] {
  const base = db.select({ id: users.id, name: users.name, hourly: users.hourly }).from(users);
  const rows = role.functionCode
    ? base
        .innerJoin(userAdvisorFunctions, and(eq(userAdvisorFunctions.userId, users.id), eq(userAdvisorFunctions.functionCode, role.functionCode)))
        .where(eq(users.active, true))
        .orderBy(asc(users.name))
        .all()
    : base
        .innerJoin(userAnswerGroups, and(eq(userAnswerGroups.userId, users.id), eq(userAnswerGroups.groupCode, role.groupCode!)))
        .where(eq(users.active, true))
        .orderBy(asc(users.name))
        .all();
  return rows;
}

/** Everyone booked on a set of stops, for notifications when the stops change. */
export function bookedOn(db: Reader, stopIds: string[]): { stopId: string; userId: string }[] {
  if (!stopIds.length) return [];
  return db
    .select({ stopId: stopAssignments.stopId, userId: stopAssignments.userId })
    .from(stopAssignments)
    .where(inArray(stopAssignments.stopId, stopIds))
    .all();
}
