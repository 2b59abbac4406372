import { describe, expect, it } from "vitest";
import { overStaffedMessage, refusalMessage } from "~/domain/staffing/labels";
import {
  absenceCovers,
  absenceSpan,
  bookingsClash,
  decideSignUp,
  gapMinutes,
  mayWithdraw,
  overStaffing,
  parseRoleKey,
  qualifiedFor,
  roleKey,
  workingMinutes,
  type SignUpContext,
} from "~/domain/staffing/rules";
import { stockholmDate, stockholmTime, stockholmToUtc } from "~/utils/dates";

/** A span in Stockholm wall-clock time; `endDate` for one that runs past midnight. */
const span = (date: string, start: string, end: string, endDate = date) => ({
  startsAt: stockholmToUtc(date, start),
  endsAt: stockholmToUtc(endDate, end),
});

describe("bookingsClash: overlaps", () => {
  it("sees an overlap across midnight (22:00–01:00 and 00:30–02:00 Stockholm)", () => {
    const late = span("2027-06-11", "22:00", "01:00", "2027-06-12");
    const night = span("2027-06-12", "00:30", "02:00");
    expect(bookingsClash(late, night, 0)).toBe(true);
    expect(bookingsClash(night, late, 0)).toBe(true);
    expect(gapMinutes(late, night)).toBe(-30);
  });

  it("does not see a clash between an evening and the next morning", () => {
    expect(bookingsClash(span("2027-06-11", "18:00", "23:00"), span("2027-06-12", "08:00", "12:00"), 30)).toBe(false);
  });

  it("sees one stop inside another", () => {
    expect(bookingsClash(span("2027-05-15", "09:00", "17:00"), span("2027-05-15", "11:00", "12:00"), 0)).toBe(true);
  });
});

describe("bookingsClash: adjacent stops and the travel buffer", () => {
  const first = span("2027-05-15", "10:00", "12:00");

  it("lets adjacent stops (end == start) pass with no buffer, and clash with any buffer", () => {
    const next = span("2027-05-15", "12:00", "14:00");
    expect(bookingsClash(first, next, 0)).toBe(false);
    expect(bookingsClash(next, first, 0)).toBe(false);
    expect(bookingsClash(first, next, 1)).toBe(true);
    expect(bookingsClash(first, next, 30)).toBe(true);
    expect(gapMinutes(first, next)).toBe(0);
  });

  it.each([
    ["12:29", 29, true],
    ["12:30", 30, false],
    ["12:31", 31, false],
  ])("with a 30-minute buffer, a next stop at %s (gap %i min) clashes: %s", (start, gap, clash) => {
    const next = span("2027-05-15", start, "15:00");
    expect(gapMinutes(first, next)).toBe(gap);
    expect(gapMinutes(next, first)).toBe(gap);
    expect(bookingsClash(first, next, 30)).toBe(clash);
    expect(bookingsClash(next, first, 30)).toBe(clash);
  });

  it("treats a negative buffer as none", () => {
    expect(bookingsClash(first, span("2027-05-15", "12:00", "13:00"), -30)).toBe(false);
  });
});

describe("bookingsClash across the daylight-saving changes", () => {
  it("spring (28 March 2027): 00:00–01:45 and 03:00–05:00 look 75 min apart but are 15 min apart", () => {
    const a = span("2027-03-28", "00:00", "01:45");
    const b = span("2027-03-28", "03:00", "05:00");
    expect(gapMinutes(a, b)).toBe(15);
    expect(bookingsClash(a, b, 30)).toBe(true);
    expect(bookingsClash(a, b, 15)).toBe(false);
  });

  it("spring: a stop across the change is an hour shorter than the wall clock says", () => {
    const overnight = span("2027-03-27", "22:00", "04:00", "2027-03-28");
    expect((overnight.endsAt.getTime() - overnight.startsAt.getTime()) / 3_600_000).toBe(5);
    expect(bookingsClash(overnight, span("2027-03-28", "04:20", "06:00"), 30)).toBe(true);
    expect(bookingsClash(overnight, span("2027-03-28", "04:30", "06:00"), 30)).toBe(false);
  });

  it("autumn (31 October 2027): 01:00–02:40 summer time and 02:20–04:00 winter time look overlapping but are 40 min apart", () => {
    // 02:00–03:00 happens twice that night; the instants are given in UTC to say which 02:xx is meant.
    const a = { startsAt: new Date("2027-10-30T23:00:00Z"), endsAt: new Date("2027-10-31T00:40:00Z") };
    const b = { startsAt: new Date("2027-10-31T01:20:00Z"), endsAt: new Date("2027-10-31T03:00:00Z") };
    expect([stockholmTime(a.startsAt), stockholmTime(a.endsAt), stockholmTime(b.startsAt), stockholmTime(b.endsAt)]).toEqual([
      "01:00",
      "02:40",
      "02:20",
      "04:00",
    ]);
    expect(stockholmDate(a.endsAt)).toBe("2027-10-31");
    expect(gapMinutes(a, b)).toBe(40);
    expect(bookingsClash(a, b, 30)).toBe(false);
    expect(bookingsClash(a, b, 45)).toBe(true);
  });

  it("autumn: 00:30–01:30 and 03:00–04:00 look 90 min apart but are 150", () => {
    const a = span("2027-10-31", "00:30", "01:30");
    const b = span("2027-10-31", "03:00", "04:00");
    expect(gapMinutes(a, b)).toBe(150);
    expect(bookingsClash(a, b, 120)).toBe(false);
  });
});

describe("absences", () => {
  const absence = { startsOn: "2027-06-10", endsOn: "2027-06-12" };

  it("cover the first and the last day in full (Stockholm days)", () => {
    expect(absenceCovers(absence, span("2027-06-10", "00:00", "01:00"))).toBe(true);
    expect(absenceCovers(absence, span("2027-06-12", "22:00", "23:59"))).toBe(true);
    const { startsAt, endsAt } = absenceSpan(absence.startsOn, absence.endsOn);
    expect(startsAt.toISOString()).toBe("2027-06-09T22:00:00.000Z");
    expect(endsAt.toISOString()).toBe("2027-06-12T22:00:00.000Z");
  });

  it("do not cover the day before or the day after", () => {
    expect(absenceCovers(absence, span("2027-06-09", "08:00", "23:59"))).toBe(false);
    expect(absenceCovers(absence, span("2027-06-13", "00:00", "10:00"))).toBe(false);
  });

  it("cover a stop that runs past midnight into the first absent day, but not one that ends at midnight", () => {
    expect(absenceCovers(absence, span("2027-06-09", "22:00", "00:30", "2027-06-10"))).toBe(true);
    expect(absenceCovers(absence, span("2027-06-09", "22:00", "00:00", "2027-06-10"))).toBe(false);
  });

  it("cover a stop that starts on the last absent day and runs into the next", () => {
    expect(absenceCovers(absence, span("2027-06-12", "23:30", "01:00", "2027-06-13"))).toBe(true);
  });

  it("follow the days' real length across the daylight-saving changes (23 and 25 hours)", () => {
    const spring = absenceSpan("2027-03-28", "2027-03-28");
    expect((spring.endsAt.getTime() - spring.startsAt.getTime()) / 3_600_000).toBe(23);
    const autumn = absenceSpan("2027-10-31", "2027-10-31");
    expect((autumn.endsAt.getTime() - autumn.startsAt.getTime()) / 3_600_000).toBe(25);
    expect(absenceCovers({ startsOn: "2027-10-31", endsOn: "2027-10-31" }, span("2027-10-31", "23:30", "23:59"))).toBe(true);
    expect(absenceCovers({ startsOn: "2027-10-31", endsOn: "2027-10-31" }, span("2027-11-01", "00:00", "01:00"))).toBe(false);
    expect(absenceCovers({ startsOn: "2027-03-28", endsOn: "2027-03-28" }, span("2027-03-27", "23:00", "23:59"))).toBe(false);
  });
});

describe("roles", () => {
  it("round-trip role keys and refuse malformed ones", () => {
    expect(roleKey({ functionCode: "consumer", groupCode: null })).toBe("f:consumer");
    expect(roleKey({ functionCode: null, groupCode: "BSU" })).toBe("g:BSU");
    expect(parseRoleKey("g:BBMT")).toEqual({ functionCode: null, groupCode: "BBMT" });
    expect(parseRoleKey("f:consumer")).toEqual({ functionCode: "consumer", groupCode: null });
    for (const bad of ["", "x:BSU", "f:", "g:BSU;drop", "consumer", "f:a:b"]) expect(parseRoleKey(bad)).toBeNull();
    expect(() => roleKey({ functionCode: null, groupCode: null })).toThrow();
  });

  it("qualify a person by function or by answer group", () => {
    const sara = { advisorFunctions: ["consumer"], answerGroups: ["BBMT"] };
    expect(qualifiedFor(sara, { functionCode: "consumer", groupCode: null })).toBe(true);
    expect(qualifiedFor(sara, { functionCode: null, groupCode: "BBMT" })).toBe(true);
    expect(qualifiedFor(sara, { functionCode: null, groupCode: "BSU" })).toBe(false);
    expect(qualifiedFor(sara, { functionCode: "senior", groupCode: null })).toBe(false);
  });
});

describe("decideSignUp", () => {
  const stop = { ...span("2027-05-15", "10:00", "14:00"), status: "planned" };
  const now = stockholmToUtc("2027-05-01", "12:00");
  const base = (): SignUpContext => ({
    now,
    stop,
    cutoffHours: 48,
    travelBufferMinutes: 30,
    person: { advisorFunctions: ["consumer"], answerGroups: ["BBMT"], alreadyOnStop: false },
    needs: [
      { functionCode: "consumer", groupCode: null, count: 1, filled: 0 },
      { functionCode: null, groupCode: "BSU", count: 2, filled: 0 },
    ],
    absences: [],
    otherBookings: [],
  });
  const refusal = (ctx: SignUpContext) => {
    const d = decideSignUp(ctx);
    return d.ok ? null : d.refusal;
  };

  it("takes the first open need the person is qualified for", () => {
    expect(decideSignUp(base())).toEqual({ ok: true, role: { functionCode: "consumer", groupCode: null } });
    const ctx = base();
    ctx.needs = [
      { functionCode: "consumer", groupCode: null, count: 1, filled: 1 },
      { functionCode: null, groupCode: "BBMT", count: 1, filled: 0 },
    ];
    expect(decideSignUp(ctx)).toEqual({ ok: true, role: { functionCode: null, groupCode: "BBMT" } });
  });

  it.each(["cancelled", "held"])("refuses a %s stop as closed", (status) => {
    expect(refusal({ ...base(), stop: { ...stop, status } })).toEqual({ reason: "closed" });
  });

  it("refuses after the cutoff, and accepts exactly at it", () => {
    const cutoff = stop.startsAt.getTime() - 48 * 3_600_000;
    expect(refusal({ ...base(), now: cutoff + 1 })).toEqual({ reason: "too_late", cutoffHours: 48 });
    expect(refusal({ ...base(), now: cutoff })).toBeNull();
    expect(refusal({ ...base(), now: stop.endsAt.getTime() + 1 })?.reason).toBe("too_late");
  });

  it("refuses someone already on the stop", () => {
    const ctx = base();
    ctx.person = { ...ctx.person, alreadyOnStop: true };
    expect(refusal(ctx)).toEqual({ reason: "already" });
  });

  it("refuses when the stop needs nobody with the person's function or group", () => {
    const ctx = base();
    ctx.needs = [{ functionCode: null, groupCode: "BSU", count: 2, filled: 0 }];
    expect(refusal(ctx)).toEqual({ reason: "not_needed" });
    expect(refusal({ ...base(), needs: [] })).toEqual({ reason: "not_needed" });
  });

  it("refuses when every place the person could take is taken", () => {
    const ctx = base();
    ctx.needs = [
      { functionCode: "consumer", groupCode: null, count: 1, filled: 1 },
      { functionCode: null, groupCode: "BSU", count: 2, filled: 0 },
    ];
    expect(refusal(ctx)).toEqual({ reason: "full" });
    expect(refusalMessage({ reason: "full" })).toMatch(/fullt/);
  });

  it("refuses when the person is absent that day", () => {
    const ctx = { ...base(), absences: [{ startsOn: "2027-05-14", endsOn: "2027-05-15" }] };
    expect(refusal(ctx)).toEqual({ reason: "absent", startsOn: "2027-05-14", endsOn: "2027-05-15" });
    expect(refusal({ ...base(), absences: [{ startsOn: "2027-05-16", endsOn: "2027-05-20" }] })).toBeNull();
  });

  it("refuses a booking elsewhere within the travel buffer, naming that stop", () => {
    const other = { ...span("2027-05-15", "14:20", "16:00"), stopId: "s2", title: "Seniormässan" };
    const r = refusal({ ...base(), otherBookings: [other] });
    expect(r).toMatchObject({ reason: "booked_elsewhere", stopId: "s2", title: "Seniormässan" });
    expect(refusalMessage(r!)).toContain("”Seniormässan”");
    expect(refusal({ ...base(), travelBufferMinutes: 20, otherBookings: [other] })).toBeNull();
  });
});

describe("mayWithdraw", () => {
  const stop = { ...span("2027-05-15", "10:00", "14:00"), status: "planned" };
  const cutoff = stop.startsAt.getTime() - 48 * 3_600_000;

  it("allows withdrawal up to the cutoff and not after", () => {
    expect(mayWithdraw(cutoff, stop, 48)).toBe(true);
    expect(mayWithdraw(cutoff + 1, stop, 48)).toBe(false);
    expect(mayWithdraw(cutoff + 1, stop, 0)).toBe(true);
  });

  it("never allows withdrawing from a held stop", () => {
    expect(mayWithdraw(0, { ...stop, status: "held" }, 48)).toBe(false);
  });
});

describe("overStaffing", () => {
  const f = (code: string) => ({ functionCode: code, groupCode: null });
  const g = (code: string) => ({ functionCode: null, groupCode: code });

  it("reports a role with more people than needed, and a role not needed at all as need 0", () => {
    const out = overStaffing(
      "s1",
      [
        { ...g("BSU"), count: 1 },
        { ...f("consumer"), count: 2 },
      ],
      [g("BSU"), g("BSU"), f("consumer"), f("senior")],
    );
    expect(out).toEqual([
      { kind: "over_staffed", stopId: "s1", role: "g:BSU", count: 1, assigned: 2 },
      { kind: "over_staffed", stopId: "s1", role: "f:senior", count: 0, assigned: 1 },
    ]);
    const roles = new Map([
      ["g:BSU", "kommunvägledare BSU"],
      ["f:senior", "seniorrådgivare"],
    ]);
    // Called over-staffed, never a clash (issue 13, point 5e).
    expect(overStaffedMessage(out[0]!, roles)).toBe("Överbemannat: 2 kommunvägledare BSU bokade, behovet är 1.");
    expect(overStaffedMessage(out[1]!, roles)).toBe("Överbemannat: 1 seniorrådgivare bokade, men stoppet behöver ingen.");
  });

  it("reports nothing when every role is at or under its need", () => {
    expect(overStaffing("s1", [{ ...g("BSU"), count: 2 }], [g("BSU"), g("BSU")])).toEqual([]);
    expect(overStaffing("s1", [{ ...g("BSU"), count: 2 }], [])).toEqual([]);
  });
});

describe("workingMinutes", () => {
  const at = (date: string, time: string) => stockholmToUtc(date, time);
  it("counts a stop within a day, or across midnight, from start to end", () => {
    expect(workingMinutes(at("2027-06-03", "10:00"), at("2027-06-03", "14:30"))).toBe(270);
    expect(workingMinutes(at("2027-12-31", "22:00"), at("2028-01-01", "02:00"))).toBe(240);
  });
  it("counts a stop over several days by its daily opening hours", () => {
    // A fair 10:00–16:00 on three days: 18 h, not the 54 h from first opening to last closing.
    expect(workingMinutes(at("2027-09-10", "10:00"), at("2027-09-12", "16:00"))).toBe(18 * 60);
    // Across the spring daylight-saving night (28 March 2027) each day still has its 6 h.
    expect(workingMinutes(at("2027-03-27", "10:00"), at("2027-03-29", "16:00"))).toBe(18 * 60);
    // And across the autumn one (31 October 2027).
    expect(workingMinutes(at("2027-10-30", "10:00"), at("2027-11-01", "16:00"))).toBe(18 * 60);
  });
  it("counts a multi-day stop that closes earlier in the day than it opens from start to end", () => {
    expect(workingMinutes(at("2027-07-01", "20:00"), at("2027-07-03", "02:00"))).toBe(30 * 60);
  });
});
