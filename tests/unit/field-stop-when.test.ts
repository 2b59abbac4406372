import { describe, expect, it } from "vitest";
import { fieldStopWhen } from "~/components/field/stop-when";
import { stockholmToUtc } from "~/utils/dates";

const at = (date: string, time: string) => stockholmToUtc(date, time).toISOString();

describe("when a stop runs, as the field page's stop chooser says it", () => {
  it("gives only the times for a stop within today: the day is said once above the list", () => {
    expect(fieldStopWhen({ startsAt: at("2027-03-11", "10:00"), endsAt: at("2027-03-11", "14:00") }, "2027-03-11", false)).toBe("10:00–14:00");
  });

  it("gives the date in the app's format, never YYYY-MM-DD, for the upcoming stops offered when none runs today", () => {
    const when = fieldStopWhen({ startsAt: at("2027-03-11", "10:00"), endsAt: at("2027-03-11", "14:00") }, "2027-03-09", true);
    expect(when).toBe("tors 11 mars 2027 10:00–14:00");
    expect(when).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it("gives both days for a stop that started yesterday and runs past midnight", () => {
    expect(fieldStopWhen({ startsAt: at("2027-03-10", "20:00"), endsAt: at("2027-03-11", "01:00") }, "2027-03-11", false)).toBe(
      "ons 10 mars 2027 20:00 – tors 11 mars 2027 01:00",
    );
  });

  it("keeps Stockholm's wall-clock times across the change to summer time", () => {
    expect(fieldStopWhen({ startsAt: at("2027-03-28", "01:00"), endsAt: at("2027-03-28", "04:00") }, "2027-03-28", false)).toBe("01:00–04:00");
  });
});
