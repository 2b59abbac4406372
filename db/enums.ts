/** Value lists shared by the schema and the UI. Pure: safe to import in browser code. */
export const AREA_KINDS = ["tatort", "smaort", "stadsdel", "other"] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export const ORGANIZATION_KINDS = ["byalag", "byaforening", "hembygdsforening", "forening", "other"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ROLES = ["admin", "tour_leader", "staff"] as const;
export type Role = (typeof ROLES)[number];
