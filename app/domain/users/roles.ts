import type { Role } from "#db/enums";
import { Forbidden } from "~/domain/errors";

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administratör",
  tour_leader: "Turnéledare",
  staff: "Personal",
};

/** What each role may do. Admins may do everything. */
export const can = {
  manageUsers: (role: Role) => role === "admin",
  manageSettings: (role: Role) => role === "admin",
  planTour: (role: Role) => role === "admin" || role === "tour_leader",
} as const;

/**
 * The roles that plan: tour leaders and admins. The one list, for requireRole and queries alike.
 * Written out (not ROLES.filter(can.planTour)) so the browser's bundle needs no list of roles;
 * roles.test.ts holds it to can.planTour.
 */
export const PLANNER_ROLES: readonly Role[] = ["admin", "tour_leader"];

/**
 * The one check that the actor plans tours (verbs call it first). `what` finishes the sentence
 * "Bara turnéledare och administratörer får …", so the refusal says what was refused.
 */
export function requirePlanner(actor: { role: Role }, what = "planera turnén"): void {
  if (!can.planTour(actor.role)) throw new Forbidden(`Bara turnéledare och administratörer får ${what}.`);
}
