import type { OrganizationKind } from "#db/enums";

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  byalag: "Byalag",
  byaforening: "Byaförening",
  hembygdsforening: "Hembygdsförening",
  forening: "Förening",
  other: "Annan organisation",
};

/** The columns of the organizations' CSV import (domain/organizations/import.ts), in the template's order. */
export const ORGANIZATION_CSV_COLUMNS = ["namn", "typ", "ort", "webbplats", "kontaktperson", "roll", "e-post", "telefon"] as const;
