import { describe, expect, it } from "vitest";
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
    expect(formatDateTime("2026-07-01T08:00:00Z")).toBe("1 juli 2026 10:00");
  });

  it("shows Swedish winter time (UTC+1)", () => {
    expect(formatDateTime(Date.parse("2026-01-15T08:00:00Z"))).toMatch(/ 09:00$/);
    expect(formatDateTime("2026-01-15T08:00:00Z")).toMatch(/^15 jan\.? 2026 09:00$/);
  });

  it("puts an instant late on New Year's Eve UTC on the Swedish New Year's Day", () => {
    expect(formatDateTime("2026-12-31T23:30:00Z")).toMatch(/^1 jan\.? 2027 00:30$/);
  });

  it("switches to summer time on the last Sunday of March", () => {
    expect(formatDateTime("2026-03-29T00:30:00Z")).toMatch(/ 01:30$/);
    expect(formatDateTime("2026-03-29T01:30:00Z")).toMatch(/ 03:30$/);
  });
});
