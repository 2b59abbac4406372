/**
 * What the two outbox workers share (CONVENTIONS habit 14): the mail worker
 * (app/domain/email/mailer.server.ts, ADR 013) and the case delivery worker
 * (app/domain/cases/delivery.server.ts, ADR 017 and 022). Backoff, a clock read at each attempt,
 * worker ids that say which process holds a claim, and a pacer per receiver.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";

export const BACKOFF_BASE_MS = 30 * 1000;
export const BACKOFF_MAX_MS = 60 * 60 * 1000;

/** 30 s × 2^(attempts−1), capped at 1 h, ±20 %: retries spread out instead of hammering a server that is down. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The time now. Read at each attempt, never once per batch (issue 12, point 11). */
export type Clock = () => Date;

/** A fixed Date (tests: a frozen clock) or a clock; the default is the real time. */
export function clockOf(now: Date | Clock | undefined): Clock {
  if (now === undefined) return () => new Date();
  if (now instanceof Date) return () => new Date(now.getTime());
  return now;
}

/** Worker ids made by this process: a claim with this pid but another id is a previous incarnation's. */
const ownWorkerIds = new Set<string>();

/** "host:pid:random": a claim names the process that holds it, so a restart can tell it is gone. */
export function newWorkerId(): string {
  const id = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  ownWorkerIds.add(id);
  return id;
}

/**
 * True when a claim's worker id names a process on this host that no longer runs: another pid that
 * is not alive, or this pid with an id this process never made (a restart that got the same pid,
 * as PID 1 in a container does). Ids from another host, or not in the host:pid:random form, are
 * never judged: those claims wait for the claim timeout.
 */
export function isDeadLocalWorker(workerId: string | null | undefined, host: string = os.hostname()): boolean {
  if (!workerId) return false;
  const parts = workerId.split(":");
  if (parts.length < 3) return false;
  const pid = Number(parts[parts.length - 2]);
  if (parts.slice(0, -2).join(":") !== host || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !ownWorkerIds.has(workerId);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * One receiver, one rate: requests to a key start at least 1/rate s apart, and never before the
 * time the receiver asked for (Retry-After). Shared by every request of the process to that
 * receiver (delivery POSTs, status polls, look-ups). In-process: two server processes each keep
 * their own pace (ADR 022).
 */
export class Pacer {
  private readonly nextAt = new Map<string, number>();
  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** How long a request to `key` would wait now. */
  waitMs(key: string): number {
    return Math.max(0, (this.nextAt.get(key) ?? 0) - this.nowMs());
  }

  /** Waits for this request's turn and books the next one 1/rate s later. */
  async take(key: string, ratePerSecond: number): Promise<void> {
    const now = this.nowMs();
    const slot = Math.max(now, this.nextAt.get(key) ?? 0);
    this.nextAt.set(key, slot + 1000 / ratePerSecond);
    if (slot > now) await this.sleep(slot - now);
  }

  /** The receiver asked for a pause (429 / 503 with Retry-After): nothing to `key` before atMs. */
  holdUntil(key: string, atMs: number): void {
    if (atMs > (this.nextAt.get(key) ?? 0)) this.nextAt.set(key, atMs);
  }

  /** For tests. */
  reset(): void {
    this.nextAt.clear();
  }
}

/** The longest Retry-After honoured (a day): a receiver asking for more is waited for a day, then asked again. */
const RETRY_AFTER_MAX_MS = 24 * 60 * 60 * 1000;

/** Retry-After (RFC 9110: delay in seconds or an HTTP date) → milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, RETRY_AFTER_MAX_MS);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - nowMs), RETRY_AFTER_MAX_MS);
}

export type WorkerLoop = {
  /** Runs a round now (or waits for the one running). */
  runNow(): Promise<void>;
  /** No new round starts; resolves when the running one has ended. */
  stop(): Promise<void>;
};

/**
 * The loop both outbox workers run: `start` once (release claims of dead processes), then `round`
 * at once and every `intervalMs`, one round at a time; a round that says there is more runs again
 * at once. A round that throws is logged by the caller's `round` itself; the loop goes on.
 */
export function startWorkerLoop(options: {
  intervalMs: number;
  start?: () => void;
  /** A failed `start` (the round still runs); the round catches and logs its own errors. */
  onStartError?: (error: unknown) => void;
  round: () => Promise<boolean | void>;
}): WorkerLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean | void> | undefined;
  let stopped = false;
  let started = false;
  const run = async () => {
    if (!started) {
      started = true;
      try {
        options.start?.();
      } catch (error) {
        options.onStartError?.(error);
      }
    }
    return options.round();
  };
  const tick = () => {
    if (stopped) return;
    running = run();
    void running.then((more) => {
      running = undefined;
      if (!stopped) timer = setTimeout(tick, more ? 0 : options.intervalMs);
    });
  };
  tick();
  return {
    async runNow() {
      if (running) await running;
      else await run();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
