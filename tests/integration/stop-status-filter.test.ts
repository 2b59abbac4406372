/** stopStatusIs says "one of these statuses" as "none of the others" (issue 15): it must pick exactly the same stops. */
import { and, asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STOP_STATUSES, type StopStatus } from "#db/enums";
import { stops } from "#db/schema";
import { stopStatusIs } from "~/domain/stops/status-filter.server";
import { seededTestDb, type TestDb } from "../support/db";

let t: TestDb;
beforeAll(async () => {
  t = await seededTestDb({ demo: true });
});
afterAll(() => t?.cleanup());

const ids = (where: ReturnType<typeof and>) =>
  t.db
    .select({ id: stops.id })
    .from(stops)
    .where(where)
    .orderBy(asc(stops.id))
    .all()
    .map((r) => r.id);

describe("stopStatusIs", () => {
  it("picks the same stops as an IN list, for every set of statuses", () => {
    const present = new Set(
      t.db
        .selectDistinct({ status: stops.status })
        .from(stops)
        .all()
        .map((r) => r.status),
    );
    expect(present.size).toBeGreaterThanOrEqual(4);
    for (let mask = 1; mask < 1 << STOP_STATUSES.length; mask++) {
      const chosen = STOP_STATUSES.filter((_, i) => mask & (1 << i)) as StopStatus[];
      expect(ids(and(stopStatusIs(chosen))), chosen.join(",")).toEqual(ids(and(inArray(stops.status, chosen))));
    }
  });
});
