import { eq, inArray } from "drizzle-orm";
import { advisorFunctions, answerGroups, stopNeeds } from "#db/schema";
import type { Db } from "~/db.server";

/** One need of a stop, as the lists of who is needed read it. */
export type ListedNeed = { count: number; groupName: string | null; functionName: string | null; advisorTitle: string | null };

/**
 * stopId → a line per need, in the order every list of who is needed shows them: the answer
 * groups' municipal guides first, then the advisor functions, each in their usual order. `label`
 * words a need (the public schedule and the staff feed word them differently); a need it gives
 * null for is left out, and a stop with no lines has no entry.
 */
export function neededByStop(db: Pick<Db, "select">, stopIds: string[], label: (need: ListedNeed) => string | null): Map<string, string[]> {
  const result = new Map<string, string[]>();
  // Chunked: SQLite limits the number of bound parameters. A stop's needs are all in one chunk.
  for (let i = 0; i < stopIds.length; i += 500) {
    const rows = db
      .select({
        stopId: stopNeeds.stopId,
        count: stopNeeds.count,
        groupName: answerGroups.name,
        groupOrder: answerGroups.sortOrder,
        functionName: advisorFunctions.name,
        advisorTitle: advisorFunctions.advisorTitle,
        functionOrder: advisorFunctions.sortOrder,
      })
      .from(stopNeeds)
      .leftJoin(answerGroups, eq(answerGroups.code, stopNeeds.groupCode))
      .leftJoin(advisorFunctions, eq(advisorFunctions.code, stopNeeds.functionCode))
      .where(inArray(stopNeeds.stopId, stopIds.slice(i, i + 500)))
      .all();
    const rank = (r: (typeof rows)[number]) => (r.groupName !== null ? (r.groupOrder ?? 0) : 1000 + (r.functionOrder ?? 0));
    rows.sort((a, b) => rank(a) - rank(b));
    for (const r of rows) {
      const line = label(r);
      if (!line) continue;
      const list = result.get(r.stopId) ?? [];
      list.push(line);
      result.set(r.stopId, list);
    }
  }
  return result;
}
