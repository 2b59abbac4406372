import { addDaysIso, isoWeek } from "~/utils/dates";

/** Monday = 1 … Sunday = 7 for a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isMonth(value: string | null): value is string {
  return value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

export type MonthWeek = { week: number; days: { date: string; inMonth: boolean }[] };

/** The weeks (Monday to Sunday, ISO week numbers) that cover a month, as Swedish calendars show it. */
export function monthGrid(month: string): MonthWeek[] {
  const first = `${month}-01`;
  const last = `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
  let day = addDaysIso(first, 1 - isoWeekday(first));
  const end = addDaysIso(last, 7 - isoWeekday(last));
  const weeks: MonthWeek[] = [];
  while (day <= end) {
    const days = Array.from({ length: 7 }, (_, i) => {
      const date = addDaysIso(day, i);
      return { date, inMonth: date.startsWith(month) };
    });
    weeks.push({ week: isoWeek(days[0]!.date), days });
    day = addDaysIso(day, 7);
  }
  return weeks;
}

/**
 * A stop's staffing marker in the calendar, in words: "saknar 2", "konflikt", "saknar 1 · 2 konflikter",
 * "överbemannat". Over-staffing is named as such, never counted as a conflict (issue 13, point 5e).
 */
export function staffingMarkerText(marker: { missing: number; conflicts: number; overStaffed?: boolean }): string {
  const parts: string[] = [];
  if (marker.missing > 0) parts.push(`saknar ${marker.missing}`);
  if (marker.overStaffed) parts.push("överbemannat");
  if (marker.conflicts > 0) parts.push(marker.conflicts === 1 ? "konflikt" : `${marker.conflicts} konflikter`);
  return parts.join(" · ");
}

/**
 * The month the calendar opens on when the address names none (issue 13, point 6c): the month of
 * the tour's next stop, else of its first stop (all are past), else today's month (no stops).
 * Dates are Stockholm calendar dates, "YYYY-MM-DD".
 */
export function openingMonth(tourStops: { next: string | null; first: string | null }, today: string): string {
  return (tourStops.next ?? tourStops.first ?? today).slice(0, 7);
}
