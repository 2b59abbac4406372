import type { StopKind, StopStatus } from "#db/enums";

export const STOP_KIND_LABELS: Record<StopKind, string> = {
  village_visit: "Byalagsbesök",
  info_evening: "Informationskväll",
  fair: "Mässa",
  market: "Marknad",
  city_festival: "Stadsfest",
  other: "Annat",
};

export const STOP_STATUS_LABELS: Record<StopStatus, string> = {
  proposed: "Förslag",
  planned: "Planerad",
  confirmed: "Bekräftad",
  held: "Genomförd",
  cancelled: "Inställd",
};
