import type { AreaKind } from "#db/enums";

export const AREA_KIND_LABELS: Record<AreaKind, string> = {
  tatort: "Tätort",
  smaort: "Småort",
  stadsdel: "Stadsdel",
  other: "Annat område",
};
