import { describe, expect, it } from "vitest";
import { formatDayTime, formatIsoDate, formatLongDate, formatPeriod } from "~/utils/dates";
import { formatDateTime, formatNumber } from "~/utils/format";

describe("formatNumber", () => {
  it("groups thousands with a non-breaking space, as Swedish writes numbers", () => {
    expect(formatNumber(109869)).toBe("109\u00a0869");
    expect(formatNumber(1234567)).toBe("1\u00a0234\u00a0567");
  });

  it("writes small numbers without a separator and decimals with a comma", () => {
    expect(formatNumber(42)).toBe("42");
    expect(formatNumber(56.05)).toBe("56,05");
  });
});

describe("formatDateTime", () => {
  it("shows Swedish summer time (UTC+2)", () => {
    expect(formatDateTime(new Date("2026-07-01T08:00:00Z"))).toMatch(/ 10:00$/);
    expect(formatDateTime("2026-07-01T08:00:00Z")).toBe("ons 1 juli 2026 10:00");
  });

  it("shows Swedish winter time (UTC+1)", () => {
    expect(formatDateTime(Date.parse("2026-01-15T08:00:00Z"))).toMatch(/ 09:00$/);
    expect(formatDateTime("2026-01-15T08:00:00Z")).toBe("tors 15 januari 2026 09:00");
  });

  it("puts an instant late on New Year's Eve UTC on the Swedish New Year's Day", () => {
    expect(formatDateTime("2026-12-31T23:30:00Z")).toBe("fre 1 januari 2027 00:30");
  });

  it("switches to summer time on the last Sunday of March", () => {
    expect(formatDateTime("2026-03-29T00:30:00Z")).toMatch(/ 01:30$/);
    expect(formatDateTime("2026-03-29T01:30:00Z")).toMatch(/ 03:30$/);
  });
});

describe("one date format (issue 13, point 8)", () => {
  it("reads every date as short weekday, day, full month and year: 'tors 11 mars 2027'", () => {
    expect(formatLongDate("2027-03-11T12:00:00Z")).toBe("tors 11 mars 2027");
    expect(formatIsoDate("2027-03-11")).toBe("tors 11 mars 2027");
    expect(formatDayTime("2027-03-11T17:00:00Z")).toBe("tors 11 mars 2027 18:00");
    expect(formatPeriod("2027-03-11T17:00:00Z", "2027-03-11T19:00:00Z")).toBe("tors 11 mars 2027 18:00–20:00");
    expect(formatPeriod("2027-03-11T17:00:00Z", "2027-03-12T09:00:00Z")).toBe("tors 11 mars 2027 18:00 – fre 12 mars 2027 10:00");
  });
});
