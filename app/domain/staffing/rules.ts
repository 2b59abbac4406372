/**
 * The staffing rules, pure (no database, safe in the browser): when two bookings clash, when an absence
 * covers a stop, and why a sign-up is refused. Times are UTC instants; Stockholm calendar dates are
 * turned into instants with the time zone's rules, so midnight and the daylight-saving changes hold.
 */
import { addDaysIso, stockholmDate, stockholmTime, stockholmToUtc } from "~/utils/dates";

export type Span = { startsAt: Date | number; endsAt: Date | number };

const ms = (d: Date | number) => (typeof d === "number" ? d : d.getTime());
const DAY_MS = 86_400_000;

/**
 * Two bookings clash when one person cannot be at both: they overlap, or the gap between them is
 * shorter than the travel buffer. Adjacent stops (one ends when the next starts) clash only if the
 * buffer is above zero.
 */
export function bookingsClash(a: Span, b: Span, travelBufferMinutes: number): boolean {
  const buffer = Math.max(0, travelBufferMinutes) * 60_000;
  return ms(a.startsAt) < ms(b.endsAt) + buffer && ms(b.startsAt) < ms(a.endsAt) + buffer;
}

/** The minutes between two bookings that do not overlap (negative when they do). */
export function gapMinutes(a: Span, b: Span): number {
  const gap = ms(a.startsAt) >= ms(b.endsAt) ? ms(a.startsAt) - ms(b.endsAt) : ms(b.startsAt) - ms(a.endsAt);
  return Math.round(gap / 60_000);
}

/** An absence from the start of its first Stockholm day to the end of its last (both inclusive). */
export function absenceSpan(startsOn: string, endsOn: string): { startsAt: Date; endsAt: Date } {
  return { startsAt: stockholmToUtc(startsOn, "00:00"), endsAt: stockholmToUtc(addDaysIso(endsOn, 1), "00:00") };
}

/** Does the absence (Stockholm dates, inclusive) touch the stop's time? */
export function absenceCovers(absence: { startsOn: string; endsOn: string }, stop: Span): boolean {
  return bookingsClash(absenceSpan(absence.startsOn, absence.endsOn), stop, 0);
}

/** A role on a stop: an advisor function ("f:consumer") or an answer group ("g:BSU"). */
export type RoleRef = { functionCode: string | null; groupCode: string | null };
export type RoleKey = `f:${string}` | `g:${string}`;

export function roleKey(role: RoleRef): RoleKey {
  if (role.functionCode) return `f:${role.functionCode}`;
  if (role.groupCode) return `g:${role.groupCode}`;
  throw new Error("A role needs a function or a group.");
}

export function parseRoleKey(key: string): RoleRef | null {
  const m = /^([fg]):([A-Za-z0-9_]{1,40})$/.exec(key);
  if (!m) return null;
  return m[1] === "f" ? { functionCode: m[2]!, groupCode: null } : { functionCode: null, groupCode: m[2]! };
}

export type Qualifications = { advisorFunctions: readonly string[]; answerGroups: readonly string[] };

export function qualifiedFor(person: Qualifications, role: RoleRef): boolean {
  return role.functionCode ? person.advisorFunctions.includes(role.functionCode) : person.answerGroups.includes(role.groupCode!);
}

/** Why someone may not sign up. Each reason has one Swedish message (see REFUSAL_MESSAGES). */
export type Refusal =
  | { reason: "closed" }
  | { reason: "too_late"; cutoffHours: number }
  | { reason: "already" }
  | { reason: "not_needed" }
  | { reason: "full" }
  | { reason: "absent"; startsOn: string; endsOn: string }
  | { reason: "booked_elsewhere"; stopId: string; title: string; startsAt: Date | number; endsAt: Date | number };

export type SignUpContext = {
  now: Date | number;
  stop: Span & { status: string };
  cutoffHours: number;
  travelBufferMinutes: number;
  person: Qualifications & { alreadyOnStop: boolean };
  /** The stop's needs, with how many places each has taken. */
  needs: (RoleRef & { count: number; filled: number })[];
  absences: { startsOn: string; endsOn: string }[];
  /** The person's other bookings (not cancelled). */
  otherBookings: (Span & { stopId: string; title: string })[];
};

/** The role a sign-up would take (the first open need the person is qualified for), or why it is refused. */
export function decideSignUp(ctx: SignUpContext): { ok: true; role: RoleRef } | { ok: false; refusal: Refusal } {
  if (ctx.stop.status === "cancelled" || ctx.stop.status === "held") return { ok: false, refusal: { reason: "closed" } };
  if (ms(ctx.now) > ms(ctx.stop.startsAt) - ctx.cutoffHours * 3_600_000) {
    return { ok: false, refusal: { reason: "too_late", cutoffHours: ctx.cutoffHours } };
  }
  if (ctx.person.alreadyOnStop) return { ok: false, refusal: { reason: "already" } };
  const mine = ctx.needs.filter((n) => qualifiedFor(ctx.person, n));
  if (!mine.length) return { ok: false, refusal: { reason: "not_needed" } };
  const open = mine.find((n) => n.filled < n.count);
  if (!open) return { ok: false, refusal: { reason: "full" } };
  const absence = ctx.absences.find((a) => absenceCovers(a, ctx.stop));
  if (absence) return { ok: false, refusal: { reason: "absent", startsOn: absence.startsOn, endsOn: absence.endsOn } };
  const clash = ctx.otherBookings.find((b) => bookingsClash(b, ctx.stop, ctx.travelBufferMinutes));
  if (clash) {
    return {
      ok: false,
      refusal: { reason: "booked_elsewhere", stopId: clash.stopId, title: clash.title, startsAt: clash.startsAt, endsAt: clash.endsAt },
    };
  }
  return { ok: true, role: { functionCode: open.functionCode, groupCode: open.groupCode } };
}

/** Can the person withdraw now? Only before the cutoff; later, the tour leader removes them. */
export function mayWithdraw(now: Date | number, stop: Span & { status: string }, cutoffHours: number): boolean {
  if (stop.status === "held") return false;
  return ms(now) <= ms(stop.startsAt) - cutoffHours * 3_600_000;
}

/**
 * A clash ("krock") in a person's bookings that the tour leader should see: the person cannot be
 * at both stops, or is away. Never a block.
 */
export type StaffConflict =
  | { kind: "double_booking"; userId: string; stopId: string; otherStopId: string; otherTitle: string; gapMinutes: number }
  | { kind: "absence"; userId: string; stopId: string; startsOn: string; endsOn: string };

/**
 * More people in a role than the stop needs ("överbemannat"). Worth a look, but not a clash: no
 * person has a problem, so it is kept apart from StaffConflict and never counted or called one
 * (issue 13, point 5e).
 */
export type OverStaffed = { kind: "over_staffed"; stopId: string; role: RoleKey; count: number; assigned: number };

/** More people in a role than the stop needs (a role the stop does not need at all counts as need 0). */
export function overStaffing(stopId: string, needs: (RoleRef & { count: number })[], assignments: RoleRef[]): OverStaffed[] {
  const assigned = new Map<RoleKey, number>();
  for (const a of assignments) assigned.set(roleKey(a), (assigned.get(roleKey(a)) ?? 0) + 1);
  const needed = new Map<RoleKey, number>(needs.map((n) => [roleKey(n), n.count]));
  const out: OverStaffed[] = [];
  for (const [role, n] of assigned) {
    const count = needed.get(role) ?? 0;
    if (n > count) out.push({ kind: "over_staffed", stopId, role, count, assigned: n });
  }
  return out;
}

/**
 * The working minutes of a stop, for staff hours. A stop shorter than a day counts from start to
 * end (also across midnight, like a New Year's Eve stop 22:00–02:00). A stop over several days,
 * like a fair 10:00 on the first day to 16:00 on the third, is open those hours each day, so it
 * counts 3 × 6 h rather than the 54 h between start and end. Each day is measured in Swedish
 * time, so a daylight-saving night in between changes nothing. A multi-day stop that closes
 * earlier in the day than it opens has no daily hours to repeat and counts from start to end.
 */
export function workingMinutes(startsAt: Date | number, endsAt: Date | number): number {
  const span = ms(endsAt) - ms(startsAt);
  if (span < DAY_MS) return Math.round(span / 60_000);
  const opens = stockholmTime(startsAt);
  const closes = stockholmTime(endsAt);
  if (closes <= opens) return Math.round(span / 60_000);
  const lastDay = stockholmDate(endsAt);
  let total = 0;
  for (let day = stockholmDate(startsAt); day <= lastDay; day = addDaysIso(day, 1)) {
    total += stockholmToUtc(day, closes).getTime() - stockholmToUtc(day, opens).getTime();
  }
  return Math.round(total / 60_000);
}
