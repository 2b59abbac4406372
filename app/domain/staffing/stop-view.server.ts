/**
 * The stop page's staffing, as the page shows it (issue 18, point 5: the view model lives in the
 * domain, the route only passes it on): needs, people and conflicts; the viewer's own sign-up; the
 * tour leader's booking form; the names the stop's history needs.
 */
import type { Db } from "~/db.server";
import { staffCalendarAnswers } from "~/domain/calendar/invites.server";
import { can } from "~/domain/users/roles";
import type { SessionUser } from "~/session.server";
import { ASSIGNMENT_STATUS_LABELS, calendarAnswerLabel, conflictMessage, overStaffedMessage } from "./labels";
import { parseRoleKey, type RoleKey } from "./rules";
import { getStopStaffing, qualifiedStaff, roleLabels, signUpOptions } from "./staffing.server";
import type { AssignView, PersonalStaffingView, StopStaffingView } from "./stop-view";

/** The stop's staffing as the page shows it: needs, people, conflicts; the viewer's own sign-up; the tour leader's booking form. */
export function stopStaffingView(db: Db, user: SessionUser, stopId: string, mayAssign: boolean) {
  const labels = roleLabels(db);
  const label = (key: string) => labels.get(key as RoleKey) ?? key;
  const capitalized = (key: string) => {
    const l = label(key);
    return l.charAt(0).toUpperCase() + l.slice(1);
  };
  const order = [...labels.keys()] as string[];
  const s = getStopStaffing(db, stopId);
  const names = new Map(s.assignments.map((a) => [a.userId, a.name]));
  const calendarAnswers = staffCalendarAnswers(db, stopId);
  const staffing: StopStaffingView = {
    stopId,
    // In the reference order: the advisor functions, then the answer groups.
    needs: s.needs
      .map((n) => ({ key: n.key, label: capitalized(n.key), count: n.count, filled: n.filled, confirmed: n.confirmed }))
      .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key)),
    missing: s.missing,
    assignments: s.assignments.map((a) => ({
      id: a.id,
      name: a.name,
      hourly: a.hourly,
      roleLabel: label(a.role),
      status: a.status,
      statusLabel: ASSIGNMENT_STATUS_LABELS[a.status],
      calendarAnswer: calendarAnswerLabel(calendarAnswers.get(a.userId) ?? null),
    })),
    // Clashes, then over-staffing: both worth a look, only the first a "krock" (issue 13, point 5e).
    conflicts: [...s.conflicts.map((c) => conflictMessage(c, names)), ...s.overStaffed.map((o) => overStaffedMessage(o, labels))],
  };
  const closed = s.stop.status === "cancelled" || s.stop.status === "held";
  // Staff always see their own part; planners only when they can work at stops themselves or are booked.
  const mine = s.assignments.some((a) => a.userId === user.id);
  let personal: PersonalStaffingView | null = null;
  if (!can.planTour(user.role) || mine || user.answerGroups.length || user.advisorFunctions.length) {
    const o = signUpOptions(db, user, stopId);
    personal = {
      assignment: o.assignment ? { roleLabel: label(o.assignment.role), statusLabel: ASSIGNMENT_STATUS_LABELS[o.assignment.status] } : null,
      canWithdraw: o.canWithdraw,
      signUp: o.signUp.ok
        ? { ok: true, roleLabel: label(o.signUp.role) }
        : {
            ok: false,
            message: o.signUp.message,
            otherStop: o.signUp.refusal.reason === "booked_elsewhere" ? { id: o.signUp.refusal.stopId, title: o.signUp.refusal.title } : null,
          },
      cutoffHours: o.cutoffHours,
      closed,
    };
  }
  let assign: AssignView | null = null;
  if (mayAssign) {
    const booked = new Set(s.assignments.map((a) => a.userId));
    const needs = new Map(s.needs.map((n) => [n.key as string, n]));
    // Roles the stop needs first, then the rest (booking outside the needs shows as over-staffing).
    const keys = [...labels.keys()].sort((a, b) => Number(needs.has(b)) - Number(needs.has(a)));
    assign = {
      roles: keys.map((key) => ({
        key,
        label: label(key),
        count: needs.get(key)?.count ?? 0,
        filled: needs.get(key)?.filled ?? 0,
        people: qualifiedStaff(db, parseRoleKey(key)!).filter((p) => !booked.has(p.id)),
      })),
    };
  }
  // Names for the history: the people on the stop and those the tour leader may book.
  const people: Record<string, string> = Object.fromEntries([
    ...(assign?.roles.flatMap((r) => r.people.map((p) => [p.id, p.name] as const)) ?? []),
    ...s.assignments.map((a) => [a.userId, a.name] as const),
  ]);
  return { staffing, personal, assign, historyNames: { roles: Object.fromEntries(labels), people } };
}
