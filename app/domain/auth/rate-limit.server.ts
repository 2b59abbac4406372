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

/**
 * Failed logins (issue 12, docs/decisions/021-login-limits-per-address-and-account.md):
 * - one address may fail 10 times a minute, whatever the accounts: the hard limit a guesser meets;
 * - one account may fail 60 times in 5 minutes from all addresses together. One address can make
 *   at most 50 of those, so only a guess spread over several addresses reaches this ceiling, and
 *   even then the account's owner gets in from an address they logged in from in the last 30 days.
 * So no single address can lock someone else out of their account.
 */
export const LOGIN_FAILURES_PER_IP: Limit = { bucket: "login-ip", max: 10, windowMs: 60_000 };
export const LOGIN_FAILURES_PER_ACCOUNT: Limit = { bucket: "login-account", max: 60, windowMs: 5 * 60_000 };
/** Addresses an account logged in from (one row per pair, the latest login): they pass the account's ceiling. */
export const LOGIN_KNOWN_ADDRESS: Limit = { bucket: "login-known", max: 1, windowMs: 30 * 24 * 60 * 60_000 };
/** Every use of a reply link (/svar/:token) counts, valid or not: guessing tokens is slowed per IP. */
/** Single sign-on starts per address and minute (each keeps a row for ten minutes; ADR 036). */
export const SSO_STARTS_PER_IP: Limit = { bucket: "sso-start-ip", max: 30, windowMs: 60_000 };
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
      .where(and(eq(rateLimitHits.bucket, limit.bucket), eq(rateLimitHits.keyHash, hashed), lt(rateLimitHits.at, new Date(now.getTime() - limit.windowMs))))
      .run();
    tx.insert(rateLimitHits).values({ bucket: limit.bucket, keyHash: hashed, at: now }).run();
  });
}

/**
 * Records that the key was seen now, for "seen within the window" checks: one row per key, and
 * the bucket's rows older than the window (of any key) are forgotten.
 */
export function recordLatest(db: Db, limit: Limit, key: string, now = new Date()): void {
  const hashed = keyHash(key);
  db.transaction((tx) => {
    tx.delete(rateLimitHits)
      .where(and(eq(rateLimitHits.bucket, limit.bucket), eq(rateLimitHits.keyHash, hashed)))
      .run();
    tx.delete(rateLimitHits)
      .where(and(eq(rateLimitHits.bucket, limit.bucket), lt(rateLimitHits.at, new Date(now.getTime() - limit.windowMs))))
      .run();
    tx.insert(rateLimitHits).values({ bucket: limit.bucket, keyHash: hashed, at: now }).run();
  });
}
