import { describe, expect, it } from "vitest";
import { isoWeekday, monthGrid, openingMonth, shiftMonth, staffingMarkerText } from "~/domain/calendar-view/month";
import { mayMarkHeld } from "~/domain/stops/rules";

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

describe("the month the calendar opens on (issue 13, point 6c)", () => {
  it("is the tour's next stop, else its first stop, else today's month", () => {
    expect(openingMonth({ next: "2037-09-12", first: "2020-03-14" }, "2026-12-06")).toBe("2037-09");
    expect(openingMonth({ next: null, first: "2020-02-08" }, "2026-12-06")).toBe("2020-02");
    expect(openingMonth({ next: null, first: null }, "2026-12-06")).toBe("2026-12");
  });
});

describe("the calendar's staffing marker", () => {
  it("names over-staffing as such and never counts it as a conflict (issue 13, point 5e)", () => {
    expect(staffingMarkerText({ missing: 0, conflicts: 0, overStaffed: true })).toBe("överbemannat");
    expect(staffingMarkerText({ missing: 2, conflicts: 1, overStaffed: false })).toBe("saknar 2 · konflikt");
    expect(staffingMarkerText({ missing: 1, conflicts: 2, overStaffed: true })).toBe("saknar 1 · överbemannat · 2 konflikter");
  });
});

describe("mayMarkHeld (issue 13, point 6b)", () => {
  it("allows marking a stop held from its start, not before", () => {
    const stop = { startsAt: new Date("2027-05-15T08:00:00Z") };
    expect(mayMarkHeld(stop, new Date("2027-05-15T07:59:59Z"))).toBe(false);
    expect(mayMarkHeld(stop, new Date("2027-05-15T08:00:00Z"))).toBe(true);
    expect(mayMarkHeld(stop, new Date("2027-06-01T00:00:00Z"))).toBe(true);
  });
});
