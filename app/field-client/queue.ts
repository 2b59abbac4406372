/**
 * The field page's offline queue (issue 6, ADR 016): every saved question goes into IndexedDB
 * first, then is sent to POST /falt/fragor. An item leaves the queue only when the server answers
 * "created" or "duplicate"; on 401, 403, 5xx and network errors it stays and is retried with
 * backoff, on 400 it stays marked for the user to fix or discard. Browser-only: nothing here
 * touches IndexedDB until a function is called, so it is safe to import from server-rendered code.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { FieldQuestionInput, SyncResponse } from "~/domain/field/schemas";

/**
 * A question as it waits in the queue and is sent, as JSON, to POST /falt/fragor: what the shared
 * schema gives (its own type, so the two cannot drift apart), with the time as an ISO string.
 */
export type QuestionPayload = Omit<FieldQuestionInput, "loggedAt"> & { loggedAt: string };

export type QueuedQuestion = {
  id: string;
  payload: QuestionPayload;
  savedAt: number;
  attempts: number;
  nextAttemptAt: number;
  /** "invalid": the server refused the content (400); it waits for the user to discard it. */
  state: "waiting" | "invalid";
  lastError?: string;
  fieldErrors?: Record<string, string[]>;
};

interface QueueDb extends DBSchema {
  questions: { key: string; value: QueuedQuestion };
}

const DB_NAME = "rullarut-falt";
export const SYNC_URL = "/falt/fragor";
/** Retries after a failure: 2 s, 4 s, 8 s … up to 5 min, ±20 % so devices do not retry in step. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(2000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

let dbPromise: Promise<IDBPDatabase<QueueDb>> | null = null;
function db() {
  dbPromise ??= openDB<QueueDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore("questions", { keyPath: "id" });
    },
  });
  return dbPromise;
}

/** A v4 UUID: crypto.randomUUID where the page is a secure context, else from getRandomValues. */
export function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const listeners = new Set<() => void>();
/** Called whenever the queue changes (in this tab). */
export function onQueueChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function changed() {
  for (const l of listeners) l();
}

export async function enqueue(payload: QuestionPayload): Promise<void> {
  await (await db()).put("questions", { id: payload.id, payload, savedAt: Date.now(), attempts: 0, nextAttemptAt: 0, state: "waiting" });
  changed();
}

export async function listQueue(): Promise<QueuedQuestion[]> {
  const all = await (await db()).getAll("questions");
  return all.sort((a, b) => a.savedAt - b.savedAt);
}

/** How many questions wait; 0 when IndexedDB cannot be opened (nothing can be queued then either). */
export async function pendingCount(): Promise<number> {
  if (typeof indexedDB === "undefined") return 0;
  try {
    return await (await db()).count("questions");
  } catch {
    return 0;
  }
}

export async function discard(id: string): Promise<void> {
  await (await db()).delete("questions", id);
  changed();
}

export type SyncOutcome = {
  sent: number;
  /** The session has expired: the user must log in again; the queue is kept. */
  login: boolean;
  forbidden: string | null;
  /** Network or server errors this round. */
  failed: number;
  /** The server answered at least once this round (whatever it said): there is a connection. */
  reached: boolean;
  /** A send got no answer at all (no network, server unreachable, 15 s timeout). */
  unreachable: boolean;
  /** When the next item is due for a retry (ms since epoch), if any. */
  nextAttemptAt: number | null;
};

let running: { promise: Promise<SyncOutcome>; force: boolean } | null = null;

/**
 * Sends every due item, one at a time, oldest first. One sync at a time per tab; a second call
 * while one runs gets the same result. `force` ignores the backoff (page load, back online,
 * "Skicka nu"); a forced call while an ordinary round runs goes right after that round, so the
 * items that round skipped for their backoff are sent too.
 */
export function syncQueue(options: { force?: boolean } = {}): Promise<SyncOutcome> {
  const force = options.force ?? false;
  if (running && (running.force || !force)) return running.promise;
  const before = running ? running.promise.catch(() => undefined) : Promise.resolve();
  const promise: Promise<SyncOutcome> = before
    .then(() => runSync(force))
    .finally(() => {
      if (running?.promise === promise) running = null;
    });
  running = { promise, force };
  return promise;
}

async function runSync(force: boolean): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { sent: 0, login: false, forbidden: null, failed: 0, reached: false, unreachable: false, nextAttemptAt: null };
  const d = await db();
  for (const item of await listQueue()) {
    if (item.state === "invalid") continue;
    if (!force && item.nextAttemptAt > Date.now()) {
      outcome.nextAttemptAt = Math.min(outcome.nextAttemptAt ?? Infinity, item.nextAttemptAt);
      continue;
    }
    let response: Response;
    let body: SyncResponse | null = null;
    // A request that hangs (a flaky mobile network) must not block the queue: give up after 15 s.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 15_000);
    try {
      response = await fetch(SYNC_URL, {
        signal: abort.signal,
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(item.payload),
        credentials: "same-origin",
        cache: "no-store",
      });
      body = (await response.json().catch(() => null)) as SyncResponse | null;
    } catch {
      clearTimeout(timer);
      outcome.unreachable = true;
      if (!navigator.onLine) {
        // Offline is not a failed attempt: keep the backoff short, the "online" event starts the next sync.
        await d.put("questions", { ...item, nextAttemptAt: 0, lastError: "Ingen uppkoppling" });
        outcome.failed++;
        break;
      }
      await retryLater(d, item, "Ingen uppkoppling", outcome);
      continue;
    }
    clearTimeout(timer);
    outcome.reached = true;
    const status = body?.status;
    if ((response.status === 201 || response.status === 200) && (status === "created" || status === "duplicate")) {
      await d.delete("questions", item.id);
      outcome.sent++;
    } else if (response.status === 401) {
      // Every other item would get the same answer: stop and ask the user to log in.
      outcome.login = true;
      break;
    } else if (response.status === 400 && body?.status === "invalid") {
      await d.put("questions", {
        ...item,
        state: "invalid",
        attempts: item.attempts + 1,
        fieldErrors: body.fieldErrors,
        lastError: Object.values(body.fieldErrors).flat().join(" ") || "Frågan kunde inte tas emot",
      });
    } else if (response.status === 403) {
      outcome.forbidden = body?.status === "forbidden" ? body.message : "Du har inte behörighet att logga frågor";
      await retryLater(d, item, outcome.forbidden, outcome);
    } else {
      await retryLater(d, item, body?.status === "error" ? body.message : `Servern svarade ${response.status}`, outcome);
    }
  }
  changed();
  return outcome;
}

async function retryLater(d: IDBPDatabase<QueueDb>, item: QueuedQuestion, error: string, outcome: SyncOutcome) {
  const attempts = item.attempts + 1;
  const nextAttemptAt = Date.now() + backoffMs(attempts);
  await d.put("questions", { ...item, attempts, nextAttemptAt, lastError: error });
  outcome.failed++;
  outcome.nextAttemptAt = Math.min(outcome.nextAttemptAt ?? Infinity, nextAttemptAt);
}
