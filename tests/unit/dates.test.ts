import { describe, expect, it } from "vitest";
import { addDaysIso, isIsoDate, isTime, stockholmDate, stockholmTime, stockholmToUtc } from "~/utils/dates";

describe("Swedish wall-clock time and UTC", () => {
  it("stores 10:00 in winter as 09:00 UTC and in summer as 08:00 UTC", () => {
    expect(stockholmToUtc("2027-01-15", "10:00").toISOString()).toBe("2027-01-15T09:00:00.000Z");
    expect(stockholmToUtc("2027-07-15", "10:00").toISOString()).toBe("2027-07-15T08:00:00.000Z");
  });

  it("keeps 10:00 on both sides of the spring and autumn changes (28 March and 31 October 2027)", () => {
    for (const date of ["2027-03-27", "2027-03-28", "2027-03-29", "2027-10-30", "2027-10-31", "2027-11-01"]) {
      const instant = stockholmToUtc(date, "10:00");
      expect(stockholmTime(instant)).toBe("10:00");
      expect(stockholmDate(instant)).toBe(date);
    }
    expect(stockholmToUtc("2027-03-28", "10:00").getTime() - stockholmToUtc("2027-03-27", "10:00").getTime()).toBe(23 * 3600_000);
    expect(stockholmToUtc("2027-10-31", "10:00").getTime() - stockholmToUtc("2027-10-30", "10:00").getTime()).toBe(25 * 3600_000);
  });

  it("gives the Stockholm date of an instant late in the UTC evening", () => {
    expect(stockholmDate(new Date("2027-06-30T22:30:00Z"))).toBe("2027-07-01");
  });

  it("validates dates and times strictly", () => {
    expect(isIsoDate("2027-02-28")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("15/5 2027")).toBe(false);
    expect(isTime("09:05")).toBe(true);
    expect(isTime("24:00")).toBe(false);
    expect(isTime("9:05")).toBe(false);
    expect(addDaysIso("2027-12-31", 1)).toBe("2028-01-01");
  });
});
