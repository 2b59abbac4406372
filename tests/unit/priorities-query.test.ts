import { describe, expect, it } from "vitest";
import { DEFAULT_LIMIT, readPrioritiesQuery } from "~/domain/priorities/schemas";
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

  it.each(["11", "-1", "4.5", "4,5", "mycket"])("answers %s with a Swedish message and uses the default for that weight only", (bad) => {
    const q = query(`besok=${encodeURIComponent(bad)}&avstand=9`);
    expect(q.errors).toEqual({ recency: "Ange ett heltal från 0 till 10" });
    expect(q.weights).toEqual({ ...DEFAULT_WEIGHTS, distance: 9 });
    expect(q.typed.recency).toBe(bad);
  });

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
