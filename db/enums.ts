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
