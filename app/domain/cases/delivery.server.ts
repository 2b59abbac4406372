/**
 * The delivery worker: takes due rows out of case_deliveries (the outbox written with each case),
 * sends them with the adapter of the configuration in force, retries with backoff, and brings the
 * Open311 status back. Same claim-and-backoff design as the mail worker
 * (docs/decisions/013-email-outbox.md); the case system specifics are in docs/decisions/017-case-delivery.md.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { and, asc, desc, eq, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import {
  advisorFunctions,
  answerGroups,
  areas,
  caseDeliveries,
  caseEvents,
  cases,
  departments,
  fieldQuestions,
  stops,
  type CaseDelivery,
} from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { fetchOpen311Status, resolveOpen311Token, sendOpen311, testOpen311 } from "./adapters/open311";
import { type CasePayload, DeliveryError, type FetchFn, type SendResult, sanitizeError } from "./adapters/types";
import { sendWebhook, testWebhook } from "./adapters/webhook";
import { type EffectiveCaseSystem, effectiveCaseSystem } from "./case-system.server";

/** A claim older than this belongs to a worker that died mid-send: another may take the case over. */
export const CLAIM_TIMEOUT_MS = 5 * 60 * 1000;
export const BACKOFF_BASE_MS = 30 * 1000;
export const BACKOFF_MAX_MS = 60 * 60 * 1000;
/** How often a delivered, not yet closed Open311 request is asked for its status. */
export const POLL_EVERY_MS = 10 * 60 * 1000;
const WORKER_INTERVAL_MS = 5_000;

/** 30 s × 2^(attempts−1), capped at 1 h, ±20 %. */
export function caseBackoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

export type DeliverCasesOptions = {
  now?: Date;
  fetch?: FetchFn;
  workerId?: string;
  batchSize?: number;
  /** For tests: in [0, 1), the backoff jitter. */
  random?: () => number;
  /** Defaults to effectiveCaseSystem(db). */
  config?: EffectiveCaseSystem;
};

export type DeliverCasesResult = { delivered: number; retried: number; failed: number; waiting: boolean };

/**
 * Claims up to batchSize due deliveries in one UPDATE … RETURNING, the `due` condition repeated on
 * the UPDATE so a row another worker (another connection or process) claimed is skipped.
 */
export function claimDueDeliveries(db: Db, workerId: string, now: Date, batchSize: number): CaseDelivery[] {
  const staleBefore = new Date(now.getTime() - CLAIM_TIMEOUT_MS);
  const due = or(
    and(eq(caseDeliveries.status, "pending"), lte(caseDeliveries.nextAttemptAt, now)),
    and(eq(caseDeliveries.status, "sending"), lte(caseDeliveries.claimedAt, staleBefore)),
  );
  const ids = db.select({ id: caseDeliveries.caseId }).from(caseDeliveries).where(due).orderBy(asc(caseDeliveries.nextAttemptAt)).limit(batchSize);
  return db
    .update(caseDeliveries)
    .set({ status: "sending", claimedBy: workerId, claimedAt: now })
    .where(and(inArray(caseDeliveries.caseId, ids), due))
    .returning()
    .all();
}

/** Everything the adapters may send about one case (contact details only when a reply is wanted). */
export function loadCasePayload(db: Db, caseId: string): CasePayload {
  const row = db
    .select({
      caseId: cases.id,
      caseNumber: cases.number,
      createdAt: cases.createdAt,
      status: cases.status,
      category: cases.category,
      departmentCode: cases.departmentCode,
      departmentName: departments.name,
      question: fieldQuestions.question,
      answer: fieldQuestions.answer,
      answeredOnSpot: fieldQuestions.answeredOnSpot,
      topics: fieldQuestions.topics,
      lat: fieldQuestions.lat,
      lng: fieldQuestions.lng,
      replyWanted: fieldQuestions.replyWanted,
      contactName: fieldQuestions.contactName,
      contactPhone: fieldQuestions.contactPhone,
      contactEmail: fieldQuestions.contactEmail,
      areaId: areas.id,
      areaName: areas.name,
      areaLat: areas.lat,
      areaLng: areas.lng,
      stopTitle: stops.title,
      stopStartsAt: stops.startsAt,
      stopVenue: stops.venueName,
      stopLat: stops.lat,
      stopLng: stops.lng,
      groupName: answerGroups.name,
      functionName: advisorFunctions.name,
    })
    .from(cases)
    .innerJoin(fieldQuestions, eq(fieldQuestions.id, cases.questionId))
    .innerJoin(stops, eq(stops.id, cases.stopId))
    .leftJoin(areas, eq(areas.id, fieldQuestions.areaId))
    .leftJoin(departments, eq(departments.code, cases.departmentCode))
    .leftJoin(answerGroups, eq(answerGroups.code, fieldQuestions.groupCode))
    .leftJoin(advisorFunctions, eq(advisorFunctions.code, fieldQuestions.functionCode))
    .where(eq(cases.id, caseId))
    .get();
  if (!row) throw new NotFound("Ärendet finns inte");
  const hasContact = row.replyWanted && (row.contactName || row.contactPhone || row.contactEmail);
  return {
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    createdAt: row.createdAt,
    status: row.status,
    category: row.category,
    categoryLabel: row.groupName ?? row.functionName ?? "Övrigt",
    departmentCode: row.departmentCode,
    departmentName: row.departmentName ?? null,
    question: row.question,
    answer: row.answer,
    answeredOnSpot: row.answeredOnSpot,
    topics: row.topics,
    area: row.areaId ? { id: row.areaId, name: row.areaName!, lat: row.areaLat!, lng: row.areaLng! } : null,
    lat: row.lat,
    lng: row.lng,
    stop: { title: row.stopTitle, startsAt: row.stopStartsAt, venueName: row.stopVenue, lat: row.stopLat, lng: row.stopLng },
    contact: hasContact ? { name: row.contactName, phone: row.contactPhone, email: row.contactEmail } : null,
  };
}

function send(config: EffectiveCaseSystem, payload: CasePayload, fetchFn: FetchFn, now: Date): Promise<SendResult> {
  if (config.adapter === "open311" && config.open311) return sendOpen311(config.open311, payload, fetchFn);
  if (config.adapter === "webhook" && config.webhook) return sendWebhook(config.webhook, payload, fetchFn, now);
  throw new DeliveryError("Inget ärendesystem är inställt");
}

function secretsOf(config: EffectiveCaseSystem): (string | null)[] {
  return [config.open311?.apiKey ?? null, config.webhook?.secret ?? null];
}

/**
 * Sends every due delivery once. Never throws for a failed send: the row goes back with a later
 * next_attempt_at, or to "failed" after maxAttempts. With no usable configuration nothing is
 * claimed: the cases wait (waiting = true) rather than fail.
 */
export async function deliverDueCases(db: Db, options: DeliverCasesOptions = {}): Promise<DeliverCasesResult> {
  const now = options.now ?? new Date();
  const config = options.config ?? effectiveCaseSystem(db);
  const result: DeliverCasesResult = { delivered: 0, retried: 0, failed: 0, waiting: false };
  if (config.adapter === "none" || config.problems.length > 0) {
    result.waiting = true;
    return result;
  }
  const fetchFn = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const workerId = options.workerId ?? defaultWorkerId();
  const claimed = claimDueDeliveries(db, workerId, now, options.batchSize ?? 20);

  for (const delivery of claimed) {
    const mine = and(eq(caseDeliveries.caseId, delivery.caseId), eq(caseDeliveries.status, "sending"), eq(caseDeliveries.claimedBy, workerId));
    const attempts = delivery.attempts + 1;
    try {
      const sent = await send(config, loadCasePayload(db, delivery.caseId), fetchFn, now);
      const doneAt = new Date();
      db.transaction((tx) => {
        const updated = tx
          .update(caseDeliveries)
          .set({
            status: "delivered",
            adapter: config.adapter,
            attempts,
            externalId: sent.externalId,
            externalToken: sent.token,
            deliveredAt: doneAt,
            lastError: null,
            claimedBy: null,
            claimedAt: null,
          })
          .where(mine)
          .returning({ id: caseDeliveries.caseId })
          .all();
        if (updated.length === 0) return;
        tx.insert(caseEvents)
          .values({
            caseId: delivery.caseId,
            at: doneAt,
            kind: "delivered",
            note: sent.externalId ? `Levererat till ärendesystemet (id ${sent.externalId})` : "Levererat till ärendesystemet",
            details: { adapter: config.adapter, externalId: sent.externalId, token: sent.token, attempts },
          })
          .run();
      });
      result.delivered++;
    } catch (error) {
      const lastError =
        error instanceof DeliveryError
          ? error.message
          : error instanceof NotFound
            ? "Ärendet finns inte längre"
            : sanitizeError(`Oväntat fel: ${error instanceof Error ? error.message : String(error)}`, secretsOf(config));
      if (attempts >= config.maxAttempts) {
        db.transaction((tx) => {
          const updated = tx
            .update(caseDeliveries)
            .set({ status: "failed", adapter: config.adapter, attempts, lastError, claimedBy: null, claimedAt: null })
            .where(mine)
            .returning({ id: caseDeliveries.caseId })
            .all();
          if (updated.length === 0) return;
          tx.insert(caseEvents)
            .values({ caseId: delivery.caseId, at: now, kind: "delivery_failed", note: lastError, details: { adapter: config.adapter, attempts } })
            .run();
        });
        result.failed++;
      } else {
        db.update(caseDeliveries)
          .set({
            status: "pending",
            adapter: config.adapter,
            attempts,
            lastError,
            nextAttemptAt: new Date(now.getTime() + caseBackoffMs(attempts, random)),
            claimedBy: null,
            claimedAt: null,
          })
          .where(mine)
          .run();
        result.retried++;
      }
    }
  }
  return result;
}

export type PollResult = { polled: number; changed: number; closed: number; errors: number };

/**
 * Open311 only: for delivered requests not yet closed, at most every POLL_EVERY_MS, exchange a
 * token for the id (tokens/{token}.json) or read the status (requests/{id}.json). A new status is
 * stored and recorded as an "external_status" event; "closed" closes the case too.
 */
export async function pollCaseStatuses(
  db: Db,
  options: { now?: Date; fetch?: FetchFn; config?: EffectiveCaseSystem; batchSize?: number; everyMs?: number } = {},
): Promise<PollResult> {
  const now = options.now ?? new Date();
  const config = options.config ?? effectiveCaseSystem(db);
  const result: PollResult = { polled: 0, changed: 0, closed: 0, errors: 0 };
  if (config.adapter !== "open311" || !config.open311) return result;
  const open311 = config.open311;
  const fetchFn = options.fetch ?? fetch;
  const dueBefore = new Date(now.getTime() - (options.everyMs ?? POLL_EVERY_MS));
  const due = and(
    eq(caseDeliveries.status, "delivered"),
    eq(caseDeliveries.adapter, "open311"),
    or(isNull(caseDeliveries.externalStatus), ne(caseDeliveries.externalStatus, "closed")),
    or(isNull(caseDeliveries.lastPolledAt), lte(caseDeliveries.lastPolledAt, dueBefore)),
  );
  const ids = db.select({ id: caseDeliveries.caseId }).from(caseDeliveries).where(due).orderBy(asc(caseDeliveries.lastPolledAt)).limit(options.batchSize ?? 50);
  // Claim by moving last_polled_at: a second worker's identical UPDATE then finds nothing due.
  const claimed = db.update(caseDeliveries).set({ lastPolledAt: now }).where(and(inArray(caseDeliveries.caseId, ids), due)).returning().all();

  for (const d of claimed) {
    result.polled++;
    try {
      let externalId = d.externalId;
      if (!externalId && d.externalToken) {
        externalId = await resolveOpen311Token(open311, d.externalToken, fetchFn);
        if (!externalId) continue;
        db.update(caseDeliveries).set({ externalId }).where(eq(caseDeliveries.caseId, d.caseId)).run();
      }
      if (!externalId) continue;
      const status = await fetchOpen311Status(open311, externalId, fetchFn);
      if (!status || status === d.externalStatus) continue;
      const closes = status === "closed";
      db.transaction((tx) => {
        tx.update(caseDeliveries).set({ externalStatus: status }).where(eq(caseDeliveries.caseId, d.caseId)).run();
        tx.insert(caseEvents)
          .values({
            caseId: d.caseId,
            at: now,
            kind: "external_status",
            note: closes ? "Avslutat i ärendesystemet" : `Status i ärendesystemet: ${status}`,
            details: { externalId, status, previous: d.externalStatus },
          })
          .run();
        if (closes) {
          const changed = tx.update(cases).set({ status: "closed", updatedAt: now }).where(and(eq(cases.id, d.caseId), ne(cases.status, "closed"))).run();
          if (changed.changes > 0) {
            tx.insert(caseEvents)
              .values({ caseId: d.caseId, at: now, kind: "status", note: "Avslutat av ärendesystemet", details: { status: "closed", source: "open311" } })
              .run();
          }
        }
      });
      result.changed++;
      if (closes) result.closed++;
    } catch {
      // Try again at the next poll; a failed poll never changes the case.
      result.errors++;
    }
  }
  return result;
}

/** Planners send a failed (or never sent) case again: pending, attempts 0, due now, "delivery_retry" event. */
export function retryDelivery(db: Db, actor: Actor, caseId: string, now = new Date()): void {
  if (!can.planTour(actor.role)) throw new Forbidden("Bara turnéledare och administratörer får skicka om ärenden.");
  const config = effectiveCaseSystem(db);
  db.transaction(
    (tx) => {
      const c = tx.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId)).get();
      if (!c) throw new NotFound("Ärendet finns inte");
      const d = tx.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, caseId)).get();
      if (d && d.status !== "failed") throw new Conflict(d.status === "delivered" ? "Ärendet är redan levererat." : "Ärendet väntar redan på att skickas.");
      if (!d) {
        if (config.adapter === "none") throw new Conflict("Inget externt ärendesystem är inställt.");
        tx.insert(caseDeliveries).values({ caseId, adapter: config.adapter, status: "pending", attempts: 0, nextAttemptAt: now }).run();
      } else {
        tx.update(caseDeliveries)
          .set({ status: "pending", attempts: 0, nextAttemptAt: now, claimedBy: null, claimedAt: null })
          .where(and(eq(caseDeliveries.caseId, caseId), eq(caseDeliveries.status, "failed")))
          .run();
      }
      tx.insert(caseEvents)
        .values({ caseId, at: now, actorUserId: actor.id, kind: "delivery_retry", note: "Skickas till ärendesystemet igen", details: { previousError: d?.lastError ?? null } })
        .run();
    },
    { behavior: "immediate" },
  );
}

/** "Försök igen med alla": every failed delivery back to pending. Returns how many. */
export function retryAllFailedDeliveries(db: Db, actor: Actor, now = new Date()): number {
  if (!can.planTour(actor.role)) throw new Forbidden("Bara turnéledare och administratörer får skicka om ärenden.");
  return db.transaction(
    (tx) => {
      const failed = tx
        .update(caseDeliveries)
        .set({ status: "pending", attempts: 0, nextAttemptAt: now, claimedBy: null, claimedAt: null })
        .where(eq(caseDeliveries.status, "failed"))
        .returning({ caseId: caseDeliveries.caseId })
        .all();
      if (failed.length) {
        tx.insert(caseEvents)
          .values(failed.map((f) => ({ caseId: f.caseId, at: now, actorUserId: actor.id, kind: "delivery_retry" as const, note: "Skickas till ärendesystemet igen" })))
          .run();
      }
      return failed.length;
    },
    { behavior: "immediate" },
  );
}

/** Cases made while no case system was set (no delivery row), created at or after `since`. */
export function countUndeliveredCases(db: Db, since: Date): number {
  const row = db.$client
    .prepare(
      `select count(*) as n from cases c
       where c.created_at >= ? and not exists (select 1 from case_deliveries d where d.case_id = c.id)`,
    )
    .get(since.getTime()) as { n: number };
  return row.n;
}

/**
 * Sends the cases that were made while no case system was set (they have no delivery row) and
 * were created at or after `since`: each gets a pending delivery to the case system now in use and
 * an event in its history. Returns how many. Admins only; refused while the adapter is "none".
 */
export function queueUndeliveredCases(db: Db, actor: Actor, since: Date, now = new Date()): number {
  if (actor.role !== "admin") throw new Forbidden("Bara administratörer får skicka äldre ärenden till ärendesystemet.");
  const config = effectiveCaseSystem(db);
  if (config.adapter === "none") throw new Conflict("Välj och spara ett ärendesystem först.");
  return db.transaction(
    (tx) => {
      const ids = (
        db.$client
          .prepare(
            `select c.id from cases c
             where c.created_at >= ? and not exists (select 1 from case_deliveries d where d.case_id = c.id)
             order by c.created_at`,
          )
          .all(since.getTime()) as { id: string }[]
      ).map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500) {
        const batch = ids.slice(i, i + 500);
        tx.insert(caseDeliveries)
          .values(batch.map((caseId) => ({ caseId, adapter: config.adapter as Exclude<typeof config.adapter, "none">, status: "pending" as const, attempts: 0, nextAttemptAt: now })))
          .run();
        tx.insert(caseEvents)
          .values(batch.map((caseId) => ({ caseId, at: now, actorUserId: actor.id, kind: "delivery_retry" as const, note: "Skickas till ärendesystemet (skapat innan ett ärendesystem var inställt)" })))
          .run();
      }
      if (ids.length) {
        recordAudit(tx, { actorUserId: actor.id, action: "cases.queue_undelivered", entityType: "case_system", details: { count: ids.length, since: since.toISOString(), adapter: config.adapter } });
      }
      return ids.length;
    },
    { behavior: "immediate" },
  );
}

export type DeliveryView = {
  adapter: string;
  status: CaseDelivery["status"];
  attempts: number;
  lastError: string | null;
  externalId: string | null;
  externalStatus: string | null;
  deliveredAt: Date | null;
};

/** The case page's delivery box (the shape app/components/cases/delivery-status.tsx takes). */
export function deliveryForCase(db: Db, caseId: string): DeliveryView | null {
  return (
    db
      .select({
        adapter: caseDeliveries.adapter,
        status: caseDeliveries.status,
        attempts: caseDeliveries.attempts,
        lastError: caseDeliveries.lastError,
        externalId: caseDeliveries.externalId,
        externalStatus: caseDeliveries.externalStatus,
        deliveredAt: caseDeliveries.deliveredAt,
      })
      .from(caseDeliveries)
      .where(eq(caseDeliveries.caseId, caseId))
      .get() ?? null
  );
}

export type DeliveryCounts = Record<CaseDelivery["status"], number>;

export function deliveryCounts(db: Db): DeliveryCounts {
  const counts: DeliveryCounts = { pending: 0, sending: 0, delivered: 0, failed: 0 };
  for (const r of db.select({ status: caseDeliveries.status, n: sql<number>`count(*)` }).from(caseDeliveries).groupBy(caseDeliveries.status).all()) {
    counts[r.status] = Number(r.n);
  }
  return counts;
}

/** The admin page's list of failed deliveries, newest case first. */
export function listFailedDeliveries(db: Db, limit = 20): { caseId: string; number: string; attempts: number; lastError: string | null; createdAt: Date }[] {
  return db
    .select({ caseId: cases.id, number: cases.number, attempts: caseDeliveries.attempts, lastError: caseDeliveries.lastError, createdAt: cases.createdAt })
    .from(caseDeliveries)
    .innerJoin(cases, eq(cases.id, caseDeliveries.caseId))
    .where(eq(caseDeliveries.status, "failed"))
    .orderBy(desc(cases.createdAt))
    .limit(limit)
    .all();
}

/** The admin's "Testa anslutningen". Never throws; the message names no secret. */
export async function testCaseSystem(config: EffectiveCaseSystem, fetchFn: FetchFn = fetch): Promise<{ ok: boolean; message: string }> {
  if (config.adapter === "none") return { ok: false, message: "Inget externt ärendesystem är valt." };
  if (config.problems.length) return { ok: false, message: config.problems.join(" ") };
  try {
    const message = config.open311 ? await testOpen311(config.open311, fetchFn) : await testWebhook(config.webhook!, fetchFn);
    return { ok: true, message };
  } catch (error) {
    return { ok: false, message: error instanceof DeliveryError ? error.message : sanitizeError(String(error), secretsOf(config)) };
  }
}

type Log = (level: "info" | "warn" | "error", message: string) => void;

/**
 * Runs deliverDueCases and pollCaseStatuses at once and then every intervalMs, one run at a time,
 * reading the configuration afresh each time (the admin may change it). Returns stop(), which
 * waits for a send in progress so its outcome is recorded. Logs counts only.
 */
export function startCaseDeliveryWorker(options: { db: Db | (() => Db); intervalMs?: number; log?: Log; fetch?: FetchFn }): () => Promise<void> {
  const getDbFn = typeof options.db === "function" ? options.db : () => options.db as Db;
  const log: Log = options.log ?? ((level, message) => console[level === "info" ? "log" : level](message));
  const workerId = defaultWorkerId();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const run = async () => {
    try {
      const db = getDbFn();
      const config = effectiveCaseSystem(db);
      const r = await deliverDueCases(db, { workerId, config, fetch: options.fetch });
      if (r.delivered || r.retried || r.failed) {
        log(r.failed ? "warn" : "info", `Ärenden: ${r.delivered} levererade, ${r.retried} försöks igen senare, ${r.failed} misslyckades`);
      }
      const p = await pollCaseStatuses(db, { config, fetch: options.fetch });
      if (p.changed) log("info", `Ärenden: ${p.changed} fick ny status från ärendesystemet (${p.closed} avslutade)`);
    } catch (error) {
      log("error", `Ärenden: leveransen avbröts: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const tick = () => {
    if (stopped) return;
    running = run().finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(tick, options.intervalMs ?? WORKER_INTERVAL_MS);
    });
  };
  tick();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (running) await running;
  };
}
