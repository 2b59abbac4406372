import type { OrganizationKind } from "#db/enums";

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  byalag: "Byalag",
  byaforening: "Byaförening",
  hembygdsforening: "Hembygdsförening",
  forening: "Förening",
  other: "Annan organisation",
};
