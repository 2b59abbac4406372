import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { sv } from "date-fns/locale";
import { describe, expect, it } from "vitest";
import { DAY_FORMAT, formatDayTime, formatDayTimeIntl, formatIsoDate, formatLongDate, formatPeriod, stockholmToUtc, TIME_ZONE } from "~/utils/dates";
import { formatDateTime } from "~/utils/format";

/** date-fns itself, the reference the app's formatters must equal: sv locale, Stockholm time. */
const dateFns = (instant: number, pattern: string) => format(new TZDate(instant, TIME_ZONE), pattern, { locale: sv });

/** Every formatter against date-fns at one instant, and a period from it to `end`. */
function expectDateFnsStrings(t: number, end = t + 4 * 3600_000) {
  const day = dateFns(t, DAY_FORMAT);
  const time = dateFns(t, "HH:mm");
  expect(formatDayTimeIntl(t)).toBe(`${day} ${time}`);
  expect(formatDayTime(t)).toBe(`${day} ${time}`);
  expect(formatDateTime(t)).toBe(`${day} ${time}`);
  expect(formatLongDate(t)).toBe(day);
  expect(formatIsoDate(dateFns(t, "yyyy-MM-dd"))).toBe(day);
  const endDay = dateFns(end, DAY_FORMAT);
  expect(formatPeriod(t, end)).toBe(endDay === day ? `${day} ${time}–${dateFns(end, "HH:mm")}` : `${day} ${time} – ${endDay} ${dateFns(end, "HH:mm")}`);
}

const HOUR = 3600_000;

/** The last Sunday of a month (the EU's daylight-saving changes: March and October). */
function lastSunday(year: number, month: number): Date {
  const last = new Date(Date.UTC(year, month, 0));
  return new Date(Date.UTC(year, month - 1, last.getUTCDate() - last.getUTCDay()));
}

describe("the app's date formats, from one Intl call, equal date-fns' (ADR 030)", () => {
  it("give date-fns' strings every 15 minutes around every daylight-saving change 2016–2040", () => {
    for (let year = 2016; year <= 2040; year++) {
      for (const month of [3, 10]) {
        const change = lastSunday(year, month).getTime() + HOUR; // 01:00 UTC, when Sweden changes
        for (let t = change - 30 * HOUR; t <= change + 30 * HOUR; t += 15 * 60_000) {
          expectDateFnsStrings(t);
        }
      }
    }
  });

  it("give date-fns' strings for every day of four years (all weekdays and months, a leap day)", () => {
    for (let t = Date.UTC(2026, 0, 1, 11, 7); t < Date.UTC(2030, 0, 1); t += 24 * HOUR) {
      expectDateFnsStrings(t, t + 54 * HOUR);
      // Late evening UTC: already the next day in Stockholm.
      expectDateFnsStrings(t + 11.5 * HOUR);
    }
  });

  it("takes the same inputs as formatDayTime and keeps Stockholm's wall clock", () => {
    const instant = stockholmToUtc("2027-03-11", "14:05");
    expect(formatDayTimeIntl(instant)).toBe("tors 11 mars 2027 14:05");
    expect(formatDayTimeIntl(instant.getTime())).toBe("tors 11 mars 2027 14:05");
    expect(formatDayTimeIntl(instant.toISOString())).toBe("tors 11 mars 2027 14:05");
    expect(formatDayTimeIntl("2027-06-30T22:30:00Z")).toBe("tors 1 juli 2027 00:30");
    expect(formatDayTimeIntl("2027-03-28T00:59:00Z")).toBe("sön 28 mars 2027 01:59");
    expect(formatDayTimeIntl("2027-03-28T01:00:00Z")).toBe("sön 28 mars 2027 03:00");
    expect(formatDayTimeIntl("2027-10-31T00:30:00Z")).toBe("sön 31 oktober 2027 02:30");
    expect(formatDayTimeIntl("2027-10-31T01:30:00Z")).toBe("sön 31 oktober 2027 02:30");
  });
});
