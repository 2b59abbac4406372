/**
 * Where a case is made (issue 18, point 6): every field question becomes one case, and this verb
 * is the one writer of the cases tables for a new case: the year's number, the case row, its
 * "created" event, its delivery to the case system in force, and the resident's receipt (ADR 038).
 * It runs inside the caller's transaction (recordFieldQuestion's), so the question and its case
 * exist together or not at all.
 */
import { sql } from "drizzle-orm";
import type { CaseAdapter, CaseStatus } from "#db/enums";
import { caseDeliveries, caseEvents, cases } from "#db/schema";
import type { Db } from "~/db.server";
import { stockholmDate } from "~/utils/dates";
import { queueResidentReceipt } from "./resident-mail.server";

/** "KC-2027-000123" */
export function formatCaseNumber(year: number, seq: number): string {
  return `KC-${year}-${String(seq).padStart(6, "0")}`;
}

/** The case's first status: answered on the spot, forwarded to a department, or new. */
export function initialCaseStatus(input: { answeredOnSpot: boolean; departmentCode?: string | null }): CaseStatus {
  if (input.answeredOnSpot) return "answered";
  return input.departmentCode ? "forwarded" : "new";
}

type Tx = Pick<Db, "select" | "insert" | "update" | "get">;

export type NewCase = {
  questionId: string;
  loggedAt: Date;
  tourId: string;
  stopId: string;
  category: string;
  departmentCode: string | null;
  answeredOnSpot: boolean;
  loggedByUserId: string;
  /** The adapter in force (read before the transaction): "none" makes no delivery row. */
  adapter: CaseAdapter;
  /** Send the resident a receipt (they left an address; not the demo's made-up history). */
  notifyResident: boolean;
};

/** Opens the question's case in the caller's transaction. */
export function openCase(tx: Tx, input: NewCase, now: Date): { caseId: string; caseNumber: string } {
  const year = Number(stockholmDate(input.loggedAt).slice(0, 4));
  const { last: seq } = tx.get<{ last: number }>(
    sql`insert into case_counters(year, last) values (${year}, 1) on conflict(year) do update set last = last + 1 returning last`,
  );
  const caseNumber = formatCaseNumber(year, seq);
  const status = initialCaseStatus(input);
  const created = tx
    .insert(cases)
    .values({
      number: caseNumber,
      year,
      seq,
      questionId: input.questionId,
      status,
      tourId: input.tourId,
      stopId: input.stopId,
      category: input.category,
      departmentCode: input.departmentCode,
      loggedByUserId: input.loggedByUserId,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: cases.id })
    .get();
  tx.insert(caseEvents).values({ caseId: created.id, at: now, actorUserId: input.loggedByUserId, kind: "created", details: { status } }).run();
  if (input.adapter !== "none") {
    tx.insert(caseDeliveries).values({ caseId: created.id, adapter: input.adapter, status: "pending", attempts: 0, nextAttemptAt: now }).run();
  }
  if (input.notifyResident) queueResidentReceipt(tx, created.id, now);
  return { caseId: created.id, caseNumber };
}
