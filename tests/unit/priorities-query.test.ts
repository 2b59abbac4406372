import { describe, expect, it } from "vitest";
import { proposedStopDate, proposedStopTime } from "~/domain/priorities/proposal";
import { DEFAULT_LIMIT, priorityActionSchema, readPrioritiesQuery } from "~/domain/priorities/schemas";
import { DEFAULT_WEIGHTS } from "~/domain/priorities/scoring";

const query = (search: string) => readPrioritiesQuery(new URLSearchParams(search));

describe("readPrioritiesQuery", () => {
  it("gives the default weights, no tour, the tour's tags and 25 rows when the URL has no parameters", () => {
    const q = query("");
    expect(q.weights).toEqual(DEFAULT_WEIGHTS);
    expect(q.typed).toEqual({ recency: "4", distance: "3", population: "2", tags: "3" });
    expect(q.errors).toEqual({});
    expect(q.tourId).toBeNull();
    expect(q.tags).toBeNull();
    expect(q.limit).toBe(DEFAULT_LIMIT);
  });

  it("reads valid weights, including 0 and 10", () => {
    expect(query("besok=0&avstand=10&folkmangd=7&taggvikt=1").weights).toEqual({ recency: 0, distance: 10, population: 7, tags: 1 });
  });

  it.each(["11", "-1", "4.5", "4,5", "mycket"])(
    "answers %s with a Swedish message and uses the default for that weight only",
    (bad) => {
      const q = query(`besok=${encodeURIComponent(bad)}&avstand=9`);
      expect(q.errors).toEqual({ recency: "Ange ett heltal från 0 till 10" });
      expect(q.weights).toEqual({ ...DEFAULT_WEIGHTS, distance: 9 });
      expect(q.typed.recency).toBe(bad);
    },
  );

  it("treats an emptied field as the default, without an error", () => {
    const q = query("folkmangd=");
    expect(q.errors).toEqual({});
    expect(q.weights.population).toBe(DEFAULT_WEIGHTS.population);
    expect(q.typed.population).toBe("");
  });

  it("uses the ticked tags only when they were drawn for the chosen tour, even when none are ticked", () => {
    expect(query("turne=t1&taggturne=t1&tagg=Landsbygd&tagg=landsbygd&tagg=%20").tags).toEqual(["landsbygd"]);
    expect(query("turne=t1&taggturne=t1").tags).toEqual([]);
    // The tour was changed: its own target tags apply.
    expect(query("turne=t2&taggturne=t1&tagg=landsbygd").tags).toBeNull();
    expect(query("turne=t1&tagg=landsbygd").tags).toBeNull();
  });

  it("reads the row limit and refuses nonsense", () => {
    expect(query("antal=10").limit).toBe(10);
    expect(query("antal=0")).toMatchObject({ limit: DEFAULT_LIMIT, errors: { limit: expect.stringMatching(/^Ange antal rader/) } });
    expect(query("antal=99999").limit).toBe(DEFAULT_LIMIT);
  });
});

describe("priorityActionSchema", () => {
  it("accepts a proposal and says in Swedish what is missing", () => {
    expect(priorityActionSchema.safeParse({ intent: "propose", areaId: "a", tourId: "t" }).success).toBe(true);
    const noTour = priorityActionSchema.safeParse({ intent: "propose", areaId: "a", tourId: "" });
    expect(noTour.error?.issues[0]?.message).toBe("Välj en turné först");
    expect(priorityActionSchema.safeParse({ intent: "delete", areaId: "a", tourId: "t" }).success).toBe(false);
  });
});

describe("proposedStopDate and proposedStopTime", () => {
  const tour = { startsOn: "2027-05-03", endsOn: "2027-09-30" }; // starts on a Monday

  it("picks the first Saturday of a tour that has not started", () => {
    expect(proposedStopDate(tour, "2026-11-21")).toBe("2027-05-08");
  });

  it("takes the start date when the period has no Saturday", () => {
    expect(proposedStopDate({ startsOn: "2027-05-03", endsOn: "2027-05-07" }, "2026-11-21")).toBe("2027-05-03");
  });

  it("starts looking today for a tour under way, so the proposal is not in the past", () => {
    expect(proposedStopDate(tour, "2027-06-14")).toBe("2027-06-19");
    // Today is itself a Saturday.
    expect(proposedStopDate(tour, "2027-06-19")).toBe("2027-06-19");
  });

  it("uses the tour's own first Saturday once the tour is over", () => {
    expect(proposedStopDate(tour, "2027-12-01")).toBe("2027-05-08");
  });

  it("is 10:00–14:00 Swedish time on both sides of the daylight-saving change", () => {
    // 27 March 2027 is the last Saturday of winter time (CET, UTC+1) …
    expect(proposedStopTime({ startsOn: "2027-03-27", endsOn: "2027-04-30" }, "2026-11-21")).toEqual({
      startsAt: new Date("2027-03-27T09:00:00Z"),
      endsAt: new Date("2027-03-27T13:00:00Z"),
    });
    // … and 30 October 2027 the last of summer time (CEST, UTC+2).
    expect(proposedStopTime({ startsOn: "2027-10-30", endsOn: "2027-11-30" }, "2026-11-21")).toEqual({
      startsAt: new Date("2027-10-30T08:00:00Z"),
      endsAt: new Date("2027-10-30T12:00:00Z"),
    });
  });
});
