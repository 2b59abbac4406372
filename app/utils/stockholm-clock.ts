/**
 * Swedish time without date-fns: the Stockholm date and wall-clock time of an instant from one
 * cached Intl formatter, strict ISO dates and instants, and the app's date format for browser code
 * (ADR 030). Re-exported by dates.ts, which adds what needs date-fns; the field page imports this
 * module directly, so its JavaScript carries no date-fns or Swedish locale.
 */
export const TIME_ZONE = "Europe/Stockholm";

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
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

// date-fns' Swedish names (sv locale: "EEE" abbreviated weekdays, "MMMM" wide months), Sunday first.
const SV_WEEKDAYS = ["sön", "mån", "tis", "ons", "tors", "fre", "lör"] as const;
const SV_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"] as const;

/** "tors 11 mars 2027" for a YYYY-MM-DD date, with the names above. */
export function dayText(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${SV_WEEKDAYS[weekday]} ${d} ${SV_MONTHS[m - 1]} ${y}`;
}

/**
 * "tors 11 mars 2027 14:05" in Stockholm, without date-fns: the app's date format (issue 13), for
 * the server's pages, where tables format hundreds of dates, and for browser code that formats at
 * runtime (the field page's "Senast skickat"). The Stockholm date and time come from the one Intl
 * wall clock above (sv-SE, Europe/Stockholm); the names from the table above, equal to date-fns'
 * sv locale, rather than from Intl's own Swedish names, which are the browser's data and could
 * differ between browsers. tests/unit/dates-intl.test.ts proves the strings equal date-fns' (sv
 * locale, TZDate) every 15 minutes around every daylight-saving change 2016–2040.
 */
export function formatDayTimeIntl(instant: Date | number | string): string {
  const wall = stockholmWallClock(instant);
  return `${dayText(wall.slice(0, 10))} ${wall.slice(11, 16)}`;
}

/** "lör 3 juni 2027 10:00–14:00", or with both dates when the period spans days ("… 22:00 – sön 4 juni 2027 02:00"). */
export function formatPeriodIntl(start: Date | number | string, end: Date | number | string): string {
  const s = stockholmWallClock(start);
  const e = stockholmWallClock(end);
  const day = dayText(s.slice(0, 10));
  return s.slice(0, 10) === e.slice(0, 10)
    ? `${day} ${s.slice(11, 16)}–${e.slice(11, 16)}`
    : `${day} ${s.slice(11, 16)} – ${dayText(e.slice(0, 10))} ${e.slice(11, 16)}`;
}
