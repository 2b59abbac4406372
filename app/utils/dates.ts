import { TZDate } from "@date-fns/tz";
import { format, getISOWeek } from "date-fns";
import { sv } from "date-fns/locale";
import { isIsoDate, stockholmDate, stockholmTime, TIME_ZONE } from "./stockholm-clock";

/**
 * Times are stored as UTC instants and entered and shown in Swedish time.
 * Everything that turns a wall-clock time into an instant, or back, is here. What needs no
 * date-fns is in stockholm-clock.ts and re-exported, so browser code that must stay small (the
 * field page, ADR 030) can import it from there without date-fns.
 */
export { formatDayTimeIntl, isIsoDate, parseIsoInstant, stockholmDate, stockholmTime, TIME_ZONE } from "./stockholm-clock";

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTime(value: string): boolean {
  return TIME_RE.test(value);
}

/** "2027-03-28" + "10:00" in Stockholm → the UTC instant. A time in the spring-forward gap moves forward an hour. */
export function stockholmToUtc(date: string, time: string): Date {
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const [h, mi] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(y, mo - 1, d, h, mi, TIME_ZONE).getTime());
}

function inStockholm(instant: Date | number | string): TZDate {
  return new TZDate(new Date(instant).getTime(), TIME_ZONE);
}

/**
 * The one way a person reads a date in the app (issue 13): "tors 11 mars 2027", short weekday,
 * day, full month, year. Every formatter below builds on it, so pages, e-mails and exports agree.
 */
export const DAY_FORMAT = "EEE d MMMM yyyy";

/** "tors 11 mars 2027" for an instant, in Stockholm. */
export function formatLongDate(instant: Date | number | string): string {
  return format(inStockholm(instant), DAY_FORMAT, { locale: sv });
}

/** "tors 11 mars 2027" for a YYYY-MM-DD date. */
export function formatIsoDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return format(new Date(y, m - 1, d), DAY_FORMAT, { locale: sv });
}

/** "tors 11 mars 2027 14:05" for an instant, in Stockholm. */
export function formatDayTime(instant: Date | number | string): string {
  return `${formatLongDate(instant)} ${stockholmTime(instant)}`;
}

/** "lör 3 juni 2027 10:00–14:00", or with both dates when the stop spans days. */
export function formatPeriod(start: Date | number | string, end: Date | number | string): string {
  const s = inStockholm(start);
  const e = inStockholm(end);
  const sameDay = stockholmDate(start) === stockholmDate(end);
  const day = format(s, DAY_FORMAT, { locale: sv });
  return sameDay
    ? `${day} ${format(s, "HH:mm")}–${format(e, "HH:mm")}`
    : `${day} ${format(s, "HH:mm")} – ${format(e, DAY_FORMAT, { locale: sv })} ${format(e, "HH:mm")}`;
}

/** The UTC instant at which a Stockholm calendar date begins. */
export function startOfStockholmDay(date: string): Date {
  return stockholmToUtc(date, "00:00");
}

/** The ISO week number of a Stockholm calendar date (weeks start on Monday). */
export function isoWeek(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return getISOWeek(new Date(y, m - 1, d));
}

/** Today's date in Stockholm. */
export function todayInStockholm(now = new Date()): string {
  return stockholmDate(now);
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function addDaysIso(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}
