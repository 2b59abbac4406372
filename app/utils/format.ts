import { formatDayTimeIntl } from "~/utils/stockholm-clock";

export { TIME_ZONE } from "~/utils/stockholm-clock";

const numberFormat = new Intl.NumberFormat("sv-SE");

/** 109869 → "109 869" (with a non-breaking space, as Swedish writes it). */
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** A UTC instant shown in Swedish time: "lör 21 november 2026 14:05" (the app's one date format). */
export function formatDateTime(date: Date | number | string): string {
  return formatDayTimeIntl(date);
}
