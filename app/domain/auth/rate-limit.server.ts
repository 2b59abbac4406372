import { createHash } from "node:crypto";
import { and, count, eq, gt, lt } from "drizzle-orm";
import { rateLimitHits } from "#db/schema";
import type { Db } from "~/db.server";

/**
 * Sliding-window counters kept in SQLite, so that every server process sharing the database
 * sees the same counts. Keys are hashed: no IP address or e-mail is stored in clear.
 * See docs/decisions/005-rate-limits-in-sqlite.md.
 */
export type Limit = { bucket: string; max: number; windowMs: number };

export const LOGIN_FAILURES_PER_IP: Limit = { bucket: "login-ip", max: 10, windowMs: 60_000 };
export const LOGIN_FAILURES_PER_ACCOUNT: Limit = { bucket: "login-account", max: 10, windowMs: 60_000 };
/** Every use of a reply link (/svar/:token) counts, valid or not: guessing tokens is slowed per IP. */
export const REPLY_TOKEN_LOOKUPS_PER_IP: Limit = { bucket: "reply-token-ip", max: 30, windowMs: 60_000 };

function keyHash(key: string): string {
  return createHash("sha256").update(key).digest("base64url");
}

/** How many hits the key has within the window ending now. */
export function hitsInWindow(db: Db, limit: Limit, key: string, now = new Date()): number {
  const since = new Date(now.getTime() - limit.windowMs);
  const row = db
    .select({ n: count() })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, limit.bucket), eq(rateLimitHits.keyHash, keyHash(key)), gt(rateLimitHits.at, since)))
    .get();
  return row?.n ?? 0;
}

export function isLimited(db: Db, limit: Limit, key: string, now = new Date()): boolean {
  return hitsInWindow(db, limit, key, now) >= limit.max;
}

/** Records one hit and forgets this key's hits that are older than the window. */
export function recordHit(db: Db, limit: Limit, key: string, now = new Date()): void {
  const hashed = keyHash(key);
  db.transaction((tx) => {
    tx.delete(rateLimitHits)
      .where(
        and(
          eq(rateLimitHits.bucket, limit.bucket),
          eq(rateLimitHits.keyHash, hashed),
          lt(rateLimitHits.at, new Date(now.getTime() - limit.windowMs)),
        ),
      )
      .run();
    tx.insert(rateLimitHits).values({ bucket: limit.bucket, keyHash: hashed, at: now }).run();
  });
}
