import { describe, expect, it } from "vitest";
import { isoWeekday, monthGrid, shiftMonth } from "~/domain/calendar-view/month";

describe("the month grid", () => {
  it("starts weeks on Monday and covers the month with whole weeks", () => {
    const weeks = monthGrid("2027-05");
    expect(weeks[0]!.days[0]!.date).toBe("2027-04-26"); // Monday before Saturday 1 May
    expect(weeks.at(-1)!.days[6]!.date).toBe("2027-06-06"); // Sunday after Monday 31 May
    expect(weeks.every((w) => w.days.length === 7 && isoWeekday(w.days[0]!.date) === 1)).toBe(true);
    expect(weeks.flatMap((w) => w.days).filter((d) => d.inMonth)).toHaveLength(31);
  });

  it("numbers weeks by ISO 8601, across the turn of the year", () => {
    expect(monthGrid("2027-05").map((w) => w.week)).toEqual([17, 18, 19, 20, 21, 22]);
    // 1 January 2027 is a Friday in ISO week 53 of 2026.
    const january = monthGrid("2027-01");
    expect(january[0]!.week).toBe(53);
    expect(january[1]!.week).toBe(1);
    // 2026-12-28 (Monday) begins week 53.
    expect(monthGrid("2026-12").at(-1)!.week).toBe(53);
  });

  it("handles a February that fits exactly four weeks", () => {
    const weeks = monthGrid("2027-02"); // 1 February 2027 is a Monday, 28 days
    expect(weeks).toHaveLength(4);
    expect(weeks.flatMap((w) => w.days).every((d) => d.inMonth)).toBe(true);
  });

  it("moves between months and years", () => {
    expect(shiftMonth("2027-01", -1)).toBe("2026-12");
    expect(shiftMonth("2027-12", 1)).toBe("2028-01");
  });
});
