import { TZDate } from "@date-fns/tz";
import { format, getISOWeek } from "date-fns";
import { sv } from "date-fns/locale";

/**
 * Times are stored as UTC instants and entered and shown in Swedish time.
 * Everything that turns a wall-clock time into an instant, or back, is here.
 */
export const TIME_ZONE = "Europe/Stockholm";

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function isTime(value: string): boolean {
  return TIME_RE.test(value);
}

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A strict ISO 8601 instant with its offset ("2027-05-04T10:15:00Z", "…+02:00"), on a real
 * calendar date, or null. `new Date()` alone accepts "0", "-000001-…" and rolls 30 February
 * over into March; a stored time must be the one the device meant.
 */
export function parseIsoInstant(value: string): Date | null {
  const m = INSTANT_RE.exec(value);
  if (!m || !isIsoDate(m[1]!)) return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant;
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

// One cached formatter: Swedish style gives "2027-05-15 10:00", in a single Intl call per instant.
// (TZDate with date-fns' format costs several Intl calls; calendars and tables format hundreds.)
const wallClock = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "YYYY-MM-DD HH:mm" in Stockholm. */
function stockholmWallClock(instant: Date | number | string): string {
  return wallClock.format(new Date(instant));
}

/** The Stockholm calendar date of an instant, "YYYY-MM-DD". */
export function stockholmDate(instant: Date | number | string): string {
  return stockholmWallClock(instant).slice(0, 10);
}

/** The Stockholm wall-clock time of an instant, "HH:mm". */
export function stockholmTime(instant: Date | number | string): string {
  return stockholmWallClock(instant).slice(11, 16);
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
