/**
 * The delivery worker: takes due rows out of case_deliveries (the outbox written with each case),
 * sends them with the adapter of the configuration in force, retries with backoff, and brings the
 * Open311 status back. Same claim-and-backoff design as the mail worker
 * (docs/decisions/013-email-outbox.md); the case system specifics are in docs/decisions/017-case-delivery.md.
 */
import { and, asc, desc, eq, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { advisorFunctions, answerGroups, areas, caseDeliveries, caseEvents, cases, departments, fieldQuestions, stops, type CaseDelivery } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { requirePlanner } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { type Clock, Pacer, backoffMs, clockOf, isDeadLocalWorker, newWorkerId, startWorkerLoop } from "~/utils/outbox.server";
import { fetchOpen311Status, fetchServices, findOpen311Request, matchServiceCode, resolveOpen311Token, sendOpen311, testOpen311 } from "./adapters/open311";
import { type CasePayload, DeliveryError, type FetchFn, OutcomeUnknown, ReceiverBusy, type SendResult, busyDelayMs, sanitizeError } from "./adapters/types";
import { requeueCaseEmails, sendCaseEmail, testCaseEmail } from "./adapters/email";
import { fetchSupportManagementStatus, findSupportManagementErrand, sendSupportManagement, testSupportManagement } from "./adapters/support-management";
import { CASE_JOINS } from "./case-query.server";
import { queueResidentDone } from "./resident-mail.server";
import { sendWebhook, testWebhook } from "./adapters/webhook";
import { type EffectiveCaseSystem, effectiveCaseSystem } from "./case-system.server";

/** A claim older than this belongs to a worker that died mid-send: another may take the case over. */
export const CLAIM_TIMEOUT_MS = 5 * 60 * 1000;
export { BACKOFF_BASE_MS, BACKOFF_MAX_MS } from "~/utils/outbox.server";
/** How often a delivered, not yet closed Open311 request is asked for its status. */
export const POLL_EVERY_MS = 10 * 60 * 1000;
const WORKER_INTERVAL_MS = 5_000;
/** A receiver that asks for a longer pause than this ends the run; the next tick asks the pacer again. */
const MAX_PACER_WAIT_MS = 5_000;
/** After an unknown outcome, the look-up window starts this long before the first uncertain send (clock skew). */
const LOOKUP_MARGIN_MS = 15 * 60 * 1000;

/** 30 s × 2^(attempts−1), capped at 1 h, ±20 % (the outbox backoff shared with mail). */
export const caseBackoffMs = backoffMs;

/** The process's pacer: one rate per receiver, shared by deliveries, polls and the admin's test (ADR 022). */
export const receiverPacer = new Pacer();

/** Pacing key: one receiver = one origin. */
function receiverKey(config: EffectiveCaseSystem): string {
  const target = config.open311?.baseUrl ?? config.webhook?.url ?? config.supportManagement?.baseUrl ?? "";
  try {
    return new URL(target).origin;
  } catch {
    return target;
  }
}

/**
 * The fetch every adapter call goes through: waits for the receiver's turn (pacer), then sends with
 * a fresh timeout (the wait does not eat into it), and on 429/503 with Retry-After holds every
 * further request to that receiver until then.
 */
function pacedFetch(config: EffectiveCaseSystem, fetchFn: FetchFn, pacer: Pacer): FetchFn {
  const key = receiverKey(config);
  return (async (input: Parameters<FetchFn>[0], init?: RequestInit) => {
    await pacer.take(key, config.requestsPerSecond);
    const response = await fetchFn(input, { ...init, signal: AbortSignal.timeout(config.timeoutMs) });
    const busy = busyDelayMs(response);
    if (busy !== null) pacer.holdUntil(key, Date.now() + busy);
    return response;
  }) as FetchFn;
}

export type DeliverCasesOptions = {
  /** The clock, read at each attempt (a Date = a frozen clock, for tests). */
  now?: Date | Clock;
  fetch?: FetchFn;
  workerId?: string;
  /** At most this many cases per run, claimed one at a time. */
  batchSize?: number;
  /** For tests: in [0, 1), the backoff jitter. */
  random?: () => number;
  /** Defaults to effectiveCaseSystem(db). */
  config?: EffectiveCaseSystem;
  /** Defaults to the process's receiverPacer. */
  pacer?: Pacer;
};

export type DeliverCasesResult = {
  delivered: number;
  retried: number;
  failed: number;
  /** Refused for now (429 / 503 with Retry-After): rescheduled without counting an attempt. */
  throttled: number;
  waiting: boolean;
  /** The run stopped at batchSize with cases possibly still due: run again soon. */
  more: boolean;
};

/**
 * Claims up to batchSize due deliveries in one UPDATE … RETURNING, the `due` condition repeated on
 * the UPDATE so a row another worker (another connection or process) claimed is skipped. The
 * worker claims one at a time (ADR 022): a worker killed mid-send strands one case, not a batch.
 * Taking over a stale claim marks the outcome unknown: the dead worker may have sent it.
 */
export function claimDueDeliveries(db: Db, workerId: string, now: Date, batchSize = 1): CaseDelivery[] {
  const staleBefore = new Date(now.getTime() - CLAIM_TIMEOUT_MS);
  const due = or(
    and(eq(caseDeliveries.status, "pending"), lte(caseDeliveries.nextAttemptAt, now)),
    and(eq(caseDeliveries.status, "sending"), lte(caseDeliveries.claimedAt, staleBefore)),
  );
  const ids = db.select({ id: caseDeliveries.caseId }).from(caseDeliveries).where(due).orderBy(asc(caseDeliveries.nextAttemptAt)).limit(batchSize);
  return db
    .update(caseDeliveries)
    .set({
      status: "sending",
      claimedBy: workerId,
      claimedAt: now,
      outcomeUnknownSince: sql`coalesce(${caseDeliveries.outcomeUnknownSince}, case when ${caseDeliveries.status} = 'sending' then ${caseDeliveries.claimedAt} end)`,
    })
    .where(and(inArray(caseDeliveries.caseId, ids), due))
    .returning()
    .all();
}

const UNKNOWN_AFTER_DEATH = "Utskicket avbröts när servern stannade: okänt om ärendet kom fram. Det kontrolleras innan det skickas igen.";

/**
 * At start-up: claims held by a process on this host that is gone (kill -9, a crash) go back to
 * pending at once instead of waiting for the claim timeout, marked "outcome unknown" with an event
 * (the send may have reached the receiver). Returns how many.
 */
export function releaseDeadCaseClaims(db: Db, now: Date = new Date()): number {
  const claimed = db
    .select({ caseId: caseDeliveries.caseId, claimedBy: caseDeliveries.claimedBy, claimedAt: caseDeliveries.claimedAt })
    .from(caseDeliveries)
    .where(eq(caseDeliveries.status, "sending"))
    .all();
  let released = 0;
  for (const row of claimed) {
    if (!isDeadLocalWorker(row.claimedBy)) continue;
    db.transaction((tx) => {
      const updated = tx
        .update(caseDeliveries)
        .set({
          status: "pending",
          nextAttemptAt: now,
          claimedBy: null,
          claimedAt: null,
          lastError: UNKNOWN_AFTER_DEATH,
          outcomeUnknownSince: sql`coalesce(${caseDeliveries.outcomeUnknownSince}, ${caseDeliveries.claimedAt})`,
        })
        .where(and(eq(caseDeliveries.caseId, row.caseId), eq(caseDeliveries.status, "sending"), eq(caseDeliveries.claimedBy, row.claimedBy!)))
        .returning({ id: caseDeliveries.caseId })
        .all();
      if (updated.length === 0) return;
      tx.insert(caseEvents)
        .values({ caseId: row.caseId, at: now, kind: "delivery_unknown", note: UNKNOWN_AFTER_DEATH, details: { reason: "worker_gone", worker: row.claimedBy } })
        .run();
      released++;
    });
  }
  return released;
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
      groupDescription: answerGroups.description,
      functionName: advisorFunctions.name,
    })
    .from(cases)
    .innerJoin(fieldQuestions, CASE_JOINS.question)
    .innerJoin(stops, CASE_JOINS.stop)
    .leftJoin(areas, CASE_JOINS.area)
    .leftJoin(departments, CASE_JOINS.department)
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
    categoryDescription: row.groupDescription ?? null,
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

async function send(db: Db, config: EffectiveCaseSystem, payload: CasePayload, fetchFn: FetchFn, now: Date): Promise<SendResult> {
  if (config.adapter === "open311" && config.open311) return sendOpen311(config.open311, payload, fetchFn);
  if (config.adapter === "webhook" && config.webhook) return sendWebhook(config.webhook, payload, fetchFn, now);
  if (config.adapter === "email" && config.email) return sendCaseEmail(db, config.email, payload, now);
  if (config.adapter === "support_management" && config.supportManagement) return sendSupportManagement(config.supportManagement, payload, fetchFn);
  throw new DeliveryError("Inget ärendesystem är inställt");
}

function secretsOf(config: EffectiveCaseSystem): (string | null)[] {
  return [config.open311?.apiKey ?? null, config.webhook?.secret ?? null, config.supportManagement?.clientSecret ?? null];
}

function errorText(error: unknown, config: EffectiveCaseSystem): string {
  return error instanceof DeliveryError
    ? error.message
    : error instanceof NotFound
      ? "Ärendet finns inte längre"
      : sanitizeError(`Oväntat fel: ${error instanceof Error ? error.message : String(error)}`, secretsOf(config));
}

/**
 * Sends every due delivery once, claiming them one at a time, at most batchSize per run. Never
 * throws for a failed send: the row goes back with a later next_attempt_at (computed from the
 * time the attempt failed), or to "failed" after maxAttempts. A receiver that asks us to wait (429,
 * 503 with Retry-After) gets its pause and the attempt is not counted. After an unknown outcome
 * Open311 first looks for the request it may already have. With no usable configuration nothing
 * is claimed: the cases wait (waiting = true) rather than fail.
 */
export async function deliverDueCases(db: Db, options: DeliverCasesOptions = {}): Promise<DeliverCasesResult> {
  const clock = clockOf(options.now);
  const config = options.config ?? effectiveCaseSystem(db);
  const result: DeliverCasesResult = { delivered: 0, retried: 0, failed: 0, throttled: 0, waiting: false, more: false };
  if (config.adapter === "none" || config.problems.length > 0) {
    result.waiting = true;
    return result;
  }
  const pacer = options.pacer ?? receiverPacer;
  const fetchFn = pacedFetch(config, options.fetch ?? fetch, pacer);
  const random = options.random ?? Math.random;
  const workerId = options.workerId ?? newWorkerId();
  const batchSize = options.batchSize ?? 20;
  const key = receiverKey(config);

  for (let n = 0; ; n++) {
    if (n >= batchSize) {
      result.more = true;
      break;
    }
    // The receiver asked for a long pause: leave the rest for a later run rather than sleep here.
    if (pacer.waitMs(key) > MAX_PACER_WAIT_MS) {
      result.waiting = true;
      break;
    }
    const [delivery] = claimDueDeliveries(db, workerId, clock(), 1);
    if (!delivery) break;
    await deliverOne(db, delivery, { config, fetchFn, clock, random, workerId }, result);
  }
  return result;
}

async function deliverOne(
  db: Db,
  delivery: CaseDelivery,
  ctx: { config: EffectiveCaseSystem; fetchFn: FetchFn; clock: Clock; random: () => number; workerId: string },
  result: DeliverCasesResult,
): Promise<void> {
  const { config, fetchFn, clock, random, workerId } = ctx;
  const mine = and(eq(caseDeliveries.caseId, delivery.caseId), eq(caseDeliveries.status, "sending"), eq(caseDeliveries.claimedBy, workerId));
  const attempts = delivery.attempts + 1;
  const attemptAt = clock();
  try {
    const payload = loadCasePayload(db, delivery.caseId);
    let sent: SendResult | null = null;
    let foundEarlier = false;
    if (config.supportManagement && delivery.outcomeUnknownSince) {
      // The errand carries the case's id in externalTags: find it rather than make a second.
      const id = await findSupportManagementErrand(config.supportManagement, delivery.caseId, fetchFn);
      if (id) {
        sent = { externalId: id, token: null };
        foundEarlier = true;
      }
    }
    if (config.open311 && delivery.outcomeUnknownSince) {
      // The earlier send may have arrived: find it rather than make a second request.
      try {
        const from = new Date(delivery.outcomeUnknownSince.getTime() - LOOKUP_MARGIN_MS);
        const id = await findOpen311Request(config.open311, payload.caseNumber, from, new Date(attemptAt.getTime() + LOOKUP_MARGIN_MS), fetchFn);
        if (id) {
          sent = { externalId: id, token: null };
          foundEarlier = true;
        }
      } catch (error) {
        // A receiver without GET requests.json: send again and rely on its dedupe by kc_case_id.
        if (error instanceof ReceiverBusy) throw error;
      }
    }
    sent ??= await send(db, config, payload, fetchFn, attemptAt);
    const doneAt = clock();
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
          outcomeUnknownSince: null,
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
          note: foundEarlier
            ? `Fanns redan i ärendesystemet (id ${sent.externalId}): det tidigare utskicket hade kommit fram, så ärendet skickades inte igen`
            : sent.externalId
              ? `Levererat till ärendesystemet (id ${sent.externalId})`
              : "Levererat till ärendesystemet",
          details: { adapter: config.adapter, externalId: sent.externalId, token: sent.token, attempts, ...(foundEarlier ? { foundEarlier: true } : {}) },
        })
        .run();
    });
    result.delivered++;
  } catch (error) {
    const failedAt = clock();
    const lastError = errorText(error, config);
    if (error instanceof ReceiverBusy) {
      // Not a failed attempt: the receiver is throttling us. Back after its Retry-After, attempts unchanged.
      db.update(caseDeliveries)
        .set({
          status: "pending",
          adapter: config.adapter,
          lastError,
          nextAttemptAt: new Date(failedAt.getTime() + error.retryAfterMs),
          claimedBy: null,
          claimedAt: null,
        })
        .where(mine)
        .run();
      result.throttled++;
      return;
    }
    const unknown = error instanceof OutcomeUnknown;
    db.transaction((tx) => {
      const base = {
        adapter: config.adapter,
        attempts,
        lastError,
        claimedBy: null,
        claimedAt: null,
        ...(unknown ? { outcomeUnknownSince: delivery.outcomeUnknownSince ?? attemptAt } : {}),
      };
      const last = attempts >= config.maxAttempts;
      const updated = tx
        .update(caseDeliveries)
        .set(
          last ? { ...base, status: "failed" } : { ...base, status: "pending", nextAttemptAt: new Date(failedAt.getTime() + caseBackoffMs(attempts, random)) },
        )
        .where(mine)
        .returning({ id: caseDeliveries.caseId })
        .all();
      if (updated.length === 0) return;
      if (unknown) {
        tx.insert(caseEvents)
          .values({ caseId: delivery.caseId, at: failedAt, kind: "delivery_unknown", note: lastError, details: { adapter: config.adapter, attempts } })
          .run();
      }
      if (last) {
        tx.insert(caseEvents)
          .values({ caseId: delivery.caseId, at: failedAt, kind: "delivery_failed", note: lastError, details: { adapter: config.adapter, attempts } })
          .run();
      }
    });
    if (attempts >= config.maxAttempts) result.failed++;
    else result.retried++;
  }
}

export type PollResult = { polled: number; changed: number; closed: number; errors: number; throttled: number };

/**
 * Open311 only: for delivered requests not yet closed, at most every POLL_EVERY_MS, exchange a
 * token for the id (tokens/{token}.json) or read the status (requests/{id}.json). A new status is
 * stored and recorded as an "external_status" event; "closed" closes the case too. Polls go
 * through the same pacer as deliveries, one claimed at a time; a throttled poll is due again.
 */
export async function pollCaseStatuses(
  db: Db,
  options: { now?: Date | Clock; fetch?: FetchFn; config?: EffectiveCaseSystem; batchSize?: number; everyMs?: number; pacer?: Pacer } = {},
): Promise<PollResult> {
  const clock = clockOf(options.now);
  const config = options.config ?? effectiveCaseSystem(db);
  const result: PollResult = { polled: 0, changed: 0, closed: 0, errors: 0, throttled: 0 };
  const open311 = config.adapter === "open311" ? config.open311 : null;
  const supportManagement = config.adapter === "support_management" ? config.supportManagement : null;
  if (!open311 && !supportManagement) return result;
  const pacer = options.pacer ?? receiverPacer;
  const fetchFn = pacedFetch(config, options.fetch ?? fetch, pacer);
  const key = receiverKey(config);
  const batchSize = options.batchSize ?? 50;

  for (let n = 0; n < batchSize; n++) {
    if (pacer.waitMs(key) > MAX_PACER_WAIT_MS) break;
    const now = clock();
    const dueBefore = new Date(now.getTime() - (options.everyMs ?? POLL_EVERY_MS));
    const due = and(
      eq(caseDeliveries.status, "delivered"),
      eq(caseDeliveries.adapter, config.adapter),
      or(isNull(caseDeliveries.externalStatus), ne(caseDeliveries.externalStatus, "closed")),
      or(isNull(caseDeliveries.lastPolledAt), lte(caseDeliveries.lastPolledAt, dueBefore)),
    );
    const ids = db.select({ id: caseDeliveries.caseId }).from(caseDeliveries).where(due).orderBy(asc(caseDeliveries.lastPolledAt)).limit(1);
    // Claim by moving last_polled_at: a second worker's identical UPDATE then finds nothing due.
    const [d] = db
      .update(caseDeliveries)
      .set({ lastPolledAt: now })
      .where(and(inArray(caseDeliveries.caseId, ids), due))
      .returning()
      .all();
    if (!d) break;
    result.polled++;
    try {
      let externalId = d.externalId;
      if (!externalId && d.externalToken && open311) {
        externalId = await resolveOpen311Token(open311, d.externalToken, fetchFn);
        if (!externalId) continue;
        db.update(caseDeliveries).set({ externalId }).where(eq(caseDeliveries.caseId, d.caseId)).run();
      }
      if (!externalId) continue;
      // SupportManagement's own words (ONGOING, SOLVED …); a closed one is kept as "closed", which ends the polling.
      const external = open311
        ? await fetchOpen311Status(open311, externalId, fetchFn).then((s) => (s ? { status: s, closed: s === "closed" } : null))
        : await fetchSupportManagementStatus(supportManagement!, externalId, fetchFn);
      if (!external) continue;
      const closes = external.closed;
      const status = closes ? "closed" : external.status;
      if (status === d.externalStatus) continue;
      const at = clock();
      db.transaction((tx) => {
        tx.update(caseDeliveries).set({ externalStatus: status }).where(eq(caseDeliveries.caseId, d.caseId)).run();
        tx.insert(caseEvents)
          .values({
            caseId: d.caseId,
            at,
            kind: "external_status",
            note: closes ? `Avslutat i ärendesystemet${external.status !== "closed" ? ` (${external.status})` : ""}` : `Status i ärendesystemet: ${status}`,
            details: { externalId, status, reported: external.status, previous: d.externalStatus },
          })
          .run();
        if (closes) {
          const changed = tx
            .update(cases)
            .set({ status: "closed", updatedAt: at })
            .where(and(eq(cases.id, d.caseId), ne(cases.status, "closed")))
            .run();
          if (changed.changes > 0) {
            tx.insert(caseEvents)
              .values({ caseId: d.caseId, at, kind: "status", note: "Avslutat av ärendesystemet", details: { status: "closed", source: config.adapter } })
              .run();
            queueResidentDone(tx, d.caseId, "closed", at);
          }
        }
      });
      result.changed++;
      if (closes) result.closed++;
    } catch (error) {
      if (error instanceof ReceiverBusy) {
        // Due again at once (the pacer holds it until Retry-After); the round ends here.
        db.update(caseDeliveries).set({ lastPolledAt: d.lastPolledAt }).where(eq(caseDeliveries.caseId, d.caseId)).run();
        result.throttled++;
        break;
      }
      // Try again at the next poll; a failed poll never changes the case.
      result.errors++;
    }
  }
  return result;
}

/** Planners send a failed (or never sent) case again: pending, attempts 0, due now, "delivery_retry" event. */
export function retryDelivery(db: Db, actor: Actor, caseId: string, now = new Date()): void {
  requirePlanner(actor, "skicka om ärenden");
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
      // A case e-mail the outbox gave up on goes again as the same message (same Message-ID).
      requeueCaseEmails(tx, [caseId], now);
      tx.insert(caseEvents)
        .values({
          caseId,
          at: now,
          actorUserId: actor.id,
          kind: "delivery_retry",
          note: "Skickas till ärendesystemet igen",
          details: { previousError: d?.lastError ?? null },
        })
        .run();
    },
    { behavior: "immediate" },
  );
}

/** "Försök igen med alla": every failed delivery back to pending. Returns how many. */
export function retryAllFailedDeliveries(db: Db, actor: Actor, now = new Date()): number {
  requirePlanner(actor, "skicka om ärenden");
  return db.transaction(
    (tx) => {
      const failed = tx
        .update(caseDeliveries)
        .set({ status: "pending", attempts: 0, nextAttemptAt: now, claimedBy: null, claimedAt: null })
        .where(eq(caseDeliveries.status, "failed"))
        .returning({ caseId: caseDeliveries.caseId })
        .all();
      if (failed.length) {
        requeueCaseEmails(
          tx,
          failed.map((f) => f.caseId),
          now,
        );
        tx.insert(caseEvents)
          .values(
            failed.map((f) => ({
              caseId: f.caseId,
              at: now,
              actorUserId: actor.id,
              kind: "delivery_retry" as const,
              note: "Skickas till ärendesystemet igen",
            })),
          )
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
          .values(
            batch.map((caseId) => ({
              caseId,
              adapter: config.adapter as Exclude<typeof config.adapter, "none">,
              status: "pending" as const,
              attempts: 0,
              nextAttemptAt: now,
            })),
          )
          .run();
        tx.insert(caseEvents)
          .values(
            batch.map((caseId) => ({
              caseId,
              at: now,
              actorUserId: actor.id,
              kind: "delivery_retry" as const,
              note: "Skickas till ärendesystemet (skapat innan ett ärendesystem var inställt)",
            })),
          )
          .run();
      }
      if (ids.length) {
        recordAudit(tx, {
          actorUserId: actor.id,
          action: "cases.queue_undelivered",
          entityType: "case_system",
          details: { count: ids.length, since: since.toISOString(), adapter: config.adapter },
        });
      }
      return ids.length;
    },
    { behavior: "immediate" },
  );
}

export type DeliveryView = {
  adapter: CaseDelivery["adapter"];
  status: CaseDelivery["status"];
  attempts: number;
  lastError: string | null;
  externalId: string | null;
  externalStatus: string | null;
  deliveredAt: Date | null;
};

/** The case page's delivery box (the shape app/components/cases/delivery-status.tsx takes); getCase reads it here. */
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
  for (const r of db
    .select({ status: caseDeliveries.status, n: sql<number>`count(*)` })
    .from(caseDeliveries)
    .groupBy(caseDeliveries.status)
    .all()) {
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
export async function testCaseSystem(config: EffectiveCaseSystem, fetchFn: FetchFn = fetch, db?: Db): Promise<{ ok: boolean; message: string }> {
  if (config.adapter === "none") return { ok: false, message: "Inget externt ärendesystem är valt." };
  if (config.problems.length) return { ok: false, message: config.problems.join(" ") };
  if (config.email) return db ? { ok: true, message: testCaseEmail(db, config.email) } : { ok: false, message: "E-post: testet behöver databasen." };
  try {
    const paced = pacedFetch(config, fetchFn, receiverPacer);
    const message = config.open311
      ? await testOpen311(config.open311, paced)
      : config.supportManagement
        ? await testSupportManagement(config.supportManagement, paced)
        : await testWebhook(config.webhook!, paced);
    return { ok: true, message };
  } catch (error) {
    return { ok: false, message: error instanceof DeliveryError ? error.message : sanitizeError(String(error), secretsOf(config)) };
  }
}

/**
 * The admin page's warning (issue 12, point 13): for each category (answer groups, advisor
 * functions, "other"), the service_code a case without a department would get, or null when none
 * matches and it would fail. Reads services.json (cached 10 min) when the map does not decide.
 */
export async function serviceCoverage(
  db: Db,
  config: EffectiveCaseSystem,
  fetchFn: FetchFn = fetch,
): Promise<{ categories: { category: string; label: string; serviceCode: string | null }[]; error: string | null } | null> {
  if (config.adapter !== "open311" || !config.open311) return null;
  const subjects = [
    ...db
      .select({ code: answerGroups.code, name: answerGroups.name, description: answerGroups.description })
      .from(answerGroups)
      .orderBy(asc(answerGroups.sortOrder))
      .all()
      .map((g) => ({ category: `g:${g.code}`, categoryLabel: g.name, categoryDescription: g.description, label: `${g.name} (${g.description})` })),
    ...db
      .select({ code: advisorFunctions.code, name: advisorFunctions.name })
      .from(advisorFunctions)
      .orderBy(asc(advisorFunctions.sortOrder))
      .all()
      .map((f) => ({ category: `f:${f.code}`, categoryLabel: f.name, categoryDescription: null, label: f.name })),
    { category: "other", categoryLabel: "Övrigt", categoryDescription: null, label: "Övrigt" },
  ];
  let services = null;
  let error: string | null = null;
  try {
    services = await fetchServices(config.open311, pacedFetch({ ...config, timeoutMs: Math.min(config.timeoutMs, 5_000) }, fetchFn, receiverPacer));
  } catch (e) {
    error = errorText(e, config);
  }
  return {
    categories: subjects.map((s) => ({
      category: s.category,
      label: s.label,
      serviceCode: matchServiceCode(services, config.open311!.serviceCodes, { ...s, departmentCode: null, departmentName: null }),
    })),
    error,
  };
}

type Log = (level: "info" | "warn" | "error", message: string) => void;

/**
 * Runs deliverDueCases and pollCaseStatuses at once and then every intervalMs, one run at a time,
 * reading the configuration afresh each time (the admin may change it). Deliveries come first:
 * polls run when no more cases are due, and a run that stopped at its batch size is followed by
 * the next at once. At start it releases the claims of a previous process on this host that is
 * gone (ADR 022). Returns stop(), which waits for a send in progress so its outcome is recorded.
 * Logs counts only.
 */
export function startCaseDeliveryWorker(options: {
  db: Db | (() => Db);
  intervalMs?: number;
  log?: Log;
  fetch?: FetchFn;
  batchSize?: number;
}): () => Promise<void> {
  const getDbFn = typeof options.db === "function" ? options.db : () => options.db as Db;
  const log: Log = options.log ?? ((level, message) => console[level === "info" ? "log" : level](message));
  const workerId = newWorkerId();
  let stopping = false;
  const loop = startWorkerLoop({
    intervalMs: options.intervalMs ?? WORKER_INTERVAL_MS,
    start: () => {
      const released = releaseDeadCaseClaims(getDbFn());
      if (released) log("warn", `Ärenden: ${released} påbörjade utskick från en process som inte längre finns släpps; de kontrolleras och skickas igen`);
    },
    onStartError: (error) => log("error", `Ärenden: leveransen avbröts: ${error instanceof Error ? error.message : String(error)}`),
    round: async () => {
      try {
        const db = getDbFn();
        const config = effectiveCaseSystem(db);
        const r = await deliverDueCases(db, { workerId, config, fetch: options.fetch, batchSize: options.batchSize });
        if (r.delivered || r.retried || r.failed || r.throttled) {
          log(
            r.failed ? "warn" : "info",
            `Ärenden: ${r.delivered} levererade, ${r.retried} försöks igen senare, ${r.failed} misslyckades, ${r.throttled} väntar på att mottagaren ska ta emot`,
          );
        }
        if (r.more || stopping) return r.more;
        const p = await pollCaseStatuses(db, { config, fetch: options.fetch });
        if (p.changed) log("info", `Ärenden: ${p.changed} fick ny status från ärendesystemet (${p.closed} avslutade)`);
      } catch (error) {
        log("error", `Ärenden: leveransen avbröts: ${error instanceof Error ? error.message : String(error)}`);
      }
      return false;
    },
  });
  return async () => {
    stopping = true;
    await loop.stop();
  };
}
