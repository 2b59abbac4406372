import { TZDate } from "@date-fns/tz";
import { getISOWeek } from "date-fns";
import { dayText, formatDayTimeIntl, formatPeriodIntl, stockholmDate, TIME_ZONE } from "./stockholm-clock";

/**
 * Times are stored as UTC instants and entered and shown in Swedish time.
 * Everything that turns a wall-clock time into an instant, or back, is here. What needs no
 * date-fns is in stockholm-clock.ts and re-exported, so browser code that must stay small (the
 * field page, ADR 030) can import it from there without date-fns.
 */
export { formatDayTimeIntl, formatPeriodIntl, isIsoDate, parseIsoInstant, stockholmDate, stockholmTime, TIME_ZONE } from "./stockholm-clock";

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

/**
 * The one way a person reads a date in the app (issue 13): "tors 11 mars 2027", short weekday,
 * day, full month, year. Every formatter below builds on it, so pages, e-mails and exports agree.
 */
export const DAY_FORMAT = "EEE d MMMM yyyy";

/**
 * The formatters below give date-fns' strings for DAY_FORMAT in the sv locale and Stockholm time,
 * from one cached Intl call per instant (stockholm-clock.ts) instead of date-fns' several: the
 * staffing board, the calendar and Mitt schema format hundreds of dates per page, and date-fns'
 * time-zone formatting was a twentieth of their server time. tests/unit/dates-intl.test.ts checks
 * every one of them against date-fns itself, around every daylight-saving change 2016–2040.
 */

/** "tors 11 mars 2027" for an instant, in Stockholm. */
export function formatLongDate(instant: Date | number | string): string {
  return dayText(stockholmDate(instant));
}

/** "tors 11 mars 2027" for a YYYY-MM-DD date. */
export function formatIsoDate(date: string): string {
  return dayText(date);
}

/** "tors 11 mars 2027 14:05" for an instant, in Stockholm. */
export function formatDayTime(instant: Date | number | string): string {
  return formatDayTimeIntl(instant);
}

/** "lör 3 juni 2027 10:00–14:00", or with both dates when the stop spans days. */
export function formatPeriod(start: Date | number | string, end: Date | number | string): string {
  return formatPeriodIntl(start, end);
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
