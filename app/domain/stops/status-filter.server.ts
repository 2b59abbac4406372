import { notInArray } from "drizzle-orm";
import { STOP_STATUSES, type StopStatus } from "#db/enums";
import { stops } from "#db/schema";

/**
 * stops.status is one of `statuses`, said as "none of the others": with an IN list SQLite reads the
 * stops through (status, starts_at), a range per status, and must sort every coming stop for an
 * ORDER BY starts_at … LIMIT; with NOT IN it walks stops_starts_idx in start order and stops after
 * the first rows (Mitt schema's open places: 1.3 → 0.3 ms with ten years of stops).
 */
export function stopStatusIs(statuses: readonly StopStatus[]) {
  const others = STOP_STATUSES.filter((s) => !statuses.includes(s));
  return others.length ? notInArray(stops.status, others) : undefined;
}
