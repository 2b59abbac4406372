/**
 * Recording a field question: the question, its case (with a yearly number), the case's first
 * history event and, when an external case system is configured, the delivery outbox row — all in
 * one IMMEDIATE transaction (issue 6). The id is the client's UUID, so a resend from the offline
 * queue finds the question already there and gets the same case number back ("duplicate").
 * The question text and contact details are never logged nor written to the audit log.
 */
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { advisorFunctions, answerGroups, areas, cases, departments, fieldQuestions, questionTopics, stops } from "#db/schema";
import type { Db } from "~/db.server";
import { effectiveCaseSystem } from "~/domain/cases/case-system.server";
import { formatCaseNumber, initialCaseStatus, openCase } from "~/domain/cases/open-case.server";
import { Conflict } from "~/domain/errors";
import type { Actor } from "~/domain/users/users.server";
import { addDaysIso, startOfStockholmDay, stockholmDate, stockholmToUtc } from "~/utils/dates";
import type { FieldQuestionInput } from "./schemas";

export type RecordResult = { status: "created" | "duplicate"; caseId: string; caseNumber: string };

/** Case numbers and first statuses are the cases domain's (open-case.server.ts). */
export { formatCaseNumber, initialCaseStatus };

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

function existingCase(tx: Pick<Db, "select">, questionId: string): RecordResult | null {
  const row = tx.select({ id: cases.id, number: cases.number }).from(cases).where(eq(cases.questionId, questionId)).get();
  return row ? { status: "duplicate", caseId: row.id, caseNumber: row.number } : null;
}

/** Splits "g:BSU" / "f:consumer" / "other" and checks the code exists. */
function categoryColumns(tx: Tx, category: string): { groupCode: string | null; functionCode: string | null } {
  if (category === "other") return { groupCode: null, functionCode: null };
  const code = category.slice(2);
  if (category.startsWith("g:")) {
    const g = tx.select({ code: answerGroups.code }).from(answerGroups).where(eq(answerGroups.code, code)).get();
    if (!g) throw new Conflict("Okänd svarsgrupp", "category");
    return { groupCode: code, functionCode: null };
  }
  const f = tx.select({ code: advisorFunctions.code }).from(advisorFunctions).where(eq(advisorFunctions.code, code)).get();
  if (!f) throw new Conflict("Okänd rådgivarfunktion", "category");
  return { groupCode: null, functionCode: code };
}

/** How far ahead of the server's clock a device's clock may be (a tablet set a few hours wrong). */
export const LOGGED_AT_MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * The window a question's time must fall in: from 1 January of the year before last (a queue
 * kept offline over New Year, or last season's stragglers) to a day ahead of now. Outside it the
 * device's clock is wrong, and the case number (its year) and the report would be too.
 */
export function loggedAtWindow(now: Date): { earliest: Date; latest: Date } {
  const year = Number(stockholmDate(now).slice(0, 4));
  return { earliest: stockholmToUtc(`${year - 2}-01-01`, "00:00"), latest: new Date(now.getTime() + LOGGED_AT_MAX_AHEAD_MS) };
}

function checkLoggedAt(loggedAt: Date, now: Date): void {
  const { earliest, latest } = loggedAtWindow(now);
  if (loggedAt < earliest) {
    throw new Conflict(
      `Tiden ligger för långt tillbaka: frågor från före ${stockholmDate(earliest)} tas inte emot. Kontrollera klockan på enheten.`,
      "loggedAt",
    );
  }
  if (loggedAt > latest) {
    throw new Conflict("Tiden ligger i framtiden. Kontrollera datum och klocka på enheten och spara frågan igen.", "loggedAt");
  }
}

/**
 * Stores a field question and makes its case. Staff may log on any stop that is not cancelled
 * (they may help out on a stop they are not booked on). Same id again → "duplicate" with the
 * existing case, whatever the body says: never a second case.
 */
/**
 * `notifyResident: false`: no receipt to the resident (the demo's made-up history); every question
 * the app receives sends one when the resident left an address.
 */
export function recordFieldQuestion(
  db: Db,
  actor: Actor,
  input: FieldQuestionInput,
  now = new Date(),
  options: { notifyResident?: boolean } = {},
): RecordResult {
  // Read outside the write transaction: the adapter is configuration, not part of the case.
  const adapter = effectiveCaseSystem(db).adapter;
  return db.transaction(
    (tx): RecordResult => {
      const already = existingCase(tx, input.id);
      if (already) return already;
      // The question may exist without a case only if someone deleted the case by hand; refuse rather than guess.
      const orphan = tx.select({ id: fieldQuestions.id }).from(fieldQuestions).where(eq(fieldQuestions.id, input.id)).get();
      if (orphan) throw new Conflict("Frågan finns redan men saknar ärende. Kontakta administratören.", "id");
      checkLoggedAt(input.loggedAt, now);

      const stop = tx
        .select({ id: stops.id, tourId: stops.tourId, status: stops.status, areaId: stops.areaId })
        .from(stops)
        .where(eq(stops.id, input.stopId))
        .get();
      if (!stop) throw new Conflict("Stoppet finns inte", "stopId");
      if (stop.status === "cancelled") throw new Conflict("Stoppet är inställt: välj ett annat stopp", "stopId");

      const { groupCode, functionCode } = categoryColumns(tx, input.category);

      if (input.departmentCode) {
        const d = tx.select({ code: departments.code }).from(departments).where(eq(departments.code, input.departmentCode)).get();
        if (!d) throw new Conflict("Okänd förvaltning", "departmentCode");
      }

      const topics = [...new Set(input.topics)];
      if (topics.length > 0) {
        const known = tx.select({ code: questionTopics.code }).from(questionTopics).where(inArray(questionTopics.code, topics)).all();
        if (known.length !== topics.length) throw new Conflict("Okänt ämne", "topics");
      }

      let areaId = stop.areaId;
      if (input.areaId) {
        const a = tx.select({ id: areas.id }).from(areas).where(eq(areas.id, input.areaId)).get();
        if (!a) throw new Conflict("Okänt område", "areaId");
        areaId = a.id;
      }

      tx.insert(fieldQuestions)
        .values({
          id: input.id,
          stopId: stop.id,
          loggedByUserId: actor.id,
          loggedAt: input.loggedAt,
          receivedAt: now,
          question: input.question,
          groupCode,
          functionCode,
          topics,
          answeredOnSpot: input.answeredOnSpot,
          answer: input.answer ?? null,
          departmentCode: input.departmentCode ?? null,
          replyWanted: input.replyWanted,
          contactName: input.replyWanted ? (input.contactName ?? null) : null,
          contactPhone: input.replyWanted ? (input.contactPhone ?? null) : null,
          contactEmail: input.replyWanted ? (input.contactEmail ?? null) : null,
          areaId,
          lat: input.lat ?? null,
          lng: input.lng ?? null,
        })
        .run();

      // The case is the cases verb's to make (open-case.server.ts), in this transaction.
      const { caseId, caseNumber } = openCase(
        tx,
        {
          questionId: input.id,
          loggedAt: input.loggedAt,
          tourId: stop.tourId,
          stopId: stop.id,
          category: input.category,
          departmentCode: input.departmentCode ?? null,
          answeredOnSpot: input.answeredOnSpot,
          loggedByUserId: actor.id,
          adapter,
          // The resident's receipt with the case number, when they left an address (ADR 038).
          notifyResident: Boolean(input.replyWanted && input.contactEmail) && options.notifyResident !== false,
        },
        now,
      );
      return { status: "created", caseId, caseNumber };
    },
    { behavior: "immediate" },
  );
}

/**
 * The field page's figures for several stops in one grouped query: per stop, the day's questions,
 * those answered on the spot, and those `userId` logged. Stops without questions that day are absent.
 */
export function dayFiguresByStop(
  db: Db,
  stopIds: string[],
  userId: string,
  date: string,
): Map<string, { logged: number; answeredOnSpot: number; mine: number }> {
  const out = new Map<string, { logged: number; answeredOnSpot: number; mine: number }>();
  if (stopIds.length === 0) return out;
  const rows = db
    .select({
      stopId: fieldQuestions.stopId,
      logged: sql<number>`count(*)`,
      answered: sql<number>`coalesce(sum(${fieldQuestions.answeredOnSpot}), 0)`,
      mine: sql<number>`coalesce(sum(${fieldQuestions.loggedByUserId} = ${userId}), 0)`,
    })
    .from(fieldQuestions)
    .where(
      and(
        inArray(fieldQuestions.stopId, stopIds),
        gte(fieldQuestions.loggedAt, startOfStockholmDay(date)),
        lt(fieldQuestions.loggedAt, startOfStockholmDay(addDaysIso(date, 1))),
      ),
    )
    .groupBy(fieldQuestions.stopId)
    .all();
  for (const r of rows) out.set(r.stopId, { logged: Number(r.logged), answeredOnSpot: Number(r.answered), mine: Number(r.mine) });
  return out;
}
