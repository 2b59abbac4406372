/** Value lists shared by the schema and the UI. Pure: safe to import in browser code. */
export const AREA_KINDS = ["tatort", "smaort", "stadsdel", "other"] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export const ORGANIZATION_KINDS = ["byalag", "byaforening", "hembygdsforening", "forening", "other"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ROLES = ["admin", "tour_leader", "staff"] as const;
export type Role = (typeof ROLES)[number];

/** byalagsbesök, informationskväll, mässa, marknad, stadsfest, annat */
export const STOP_KINDS = ["village_visit", "info_evening", "fair", "market", "city_festival", "other"] as const;
export type StopKind = (typeof STOP_KINDS)[number];

/** förslag, planerad, bekräftad, genomförd, inställd */
export const STOP_STATUSES = ["proposed", "planned", "confirmed", "held", "cancelled"] as const;
export type StopStatus = (typeof STOP_STATUSES)[number];

/** An invitation to an info evening (a stop), or an offer of a visit with proposed times. */
export const INVITATION_KINDS = ["info_evening", "visit_offer"] as const;
export type InvitationKind = (typeof INVITATION_KINDS)[number];

/** utkast, skickad, öppnad, tackat ja, tackat nej, (ingen respons and utgången are derived from dates), studsade, återkallad */
export const INVITATION_STATUSES = ["draft", "sent", "opened", "accepted", "declined", "bounced", "revoked"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "bounced"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** ledighet, semester, annat */
export const ABSENCE_KINDS = ["leave", "vacation", "other"] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** anmäld (waits for the tour leader), bekräftad */
export const ASSIGNMENT_STATUSES = ["requested", "confirmed"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
