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

/** ny, besvarad på plats, vidarebefordrad, avslutad */
export const CASE_STATUSES = ["new", "answered", "forwarded", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Where cases go: nowhere else (the app's own case list is the case system), Open311 GeoReport v2, or a signed JSON webhook. */
export const CASE_ADAPTERS = ["none", "open311", "webhook", "email", "support_management"] as const;
export type CaseAdapter = (typeof CASE_ADAPTERS)[number];

/** väntar, skickas, levererad, leverans misslyckad */
export const CASE_DELIVERY_STATUSES = ["pending", "sending", "delivered", "failed"] as const;
export type CaseDeliveryStatus = (typeof CASE_DELIVERY_STATUSES)[number];

export const CASE_EVENT_KINDS = [
  "created",
  "status",
  "note",
  "delivered",
  "delivery_failed",
  "delivery_retry",
  "delivery_unknown",
  "external_status",
  "contact_erased",
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/**
 * What the tour leaders hear about (issue 13): a byalag's yes, no, own time or withdrawn yes;
 * a staff member's sign-up waiting for confirmation or withdrawal. Failed deliveries are a standing
 * count on the start page rather than events.
 */
export const PLANNER_NOTICE_KINDS = ["reply_yes", "reply_no", "reply_new_time", "reply_withdrawn", "staff_signup", "staff_withdrawn"] as const;
export type PlannerNoticeKind = (typeof PLANNER_NOTICE_KINDS)[number];

/** direkt, en sammanfattning per dag, ingen e-post (the notices stay on the start page) */
export const NOTICE_EMAIL_MODES = ["immediate", "daily", "none"] as const;
export type NoticeEmailMode = (typeof NOTICE_EMAIL_MODES)[number];
