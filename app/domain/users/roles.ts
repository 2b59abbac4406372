import type { Role } from "#db/enums";

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
