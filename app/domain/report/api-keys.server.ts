import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { apiKeys, users } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";

/**
 * Keys for the report's JSON API (issue 7; docs/decisions/018-report-exports-and-api.md).
 * An admin makes a key for a dashboard; it is 256 random bits with a recognisable prefix, shown
 * once and stored only as its SHA-256. A presented key is hashed and looked up by its hash, so
 * the comparison never runs over the secret itself (no timing leak of how much of it matched).
 */

const PREFIX = "rua_";
/** The prefix and 32 random bytes in base64url (43 characters). */
const KEY_PATTERN = /^rua_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per key, so a busy dashboard doesn't write on every call. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function requireAdmin(actor: Actor) {
  if (!can.manageSettings(actor.role)) throw new Forbidden("Bara administratörer får hantera API-nycklar.");
}

export type ApiKeySummary = {
  id: string;
  name: string;
  createdAt: Date;
  createdByName: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export function listApiKeys(db: Db, actor: Actor): ApiKeySummary[] {
  requireAdmin(actor);
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      createdAt: apiKeys.createdAt,
      createdByName: users.name,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .orderBy(desc(apiKeys.createdAt))
    .all();
}

/** Makes a key. Returns the key itself: the only time it exists in clear. */
export function createApiKey(db: Db, actor: Actor, input: { name: string }, now = new Date()): { id: string; key: string } {
  requireAdmin(actor);
  const name = input.name.trim();
  if (name.length < 2) throw new Conflict("Ange ett namn (minst 2 tecken).", "name");
  const key = PREFIX + randomBytes(32).toString("base64url");
  const id = db.transaction((tx) => {
    const row = tx
      .insert(apiKeys)
      .values({ name, keyHash: hashApiKey(key), createdByUserId: actor.id, createdAt: now })
      .returning({ id: apiKeys.id })
      .get();
    recordAudit(tx, { actorUserId: actor.id, action: "api_key.create", entityType: "api_key", entityId: row.id, details: { name } });
    return row.id;
  });
  return { id, key };
}

/** Revokes a key; revoking a revoked key changes nothing. */
export function revokeApiKey(db: Db, actor: Actor, id: string, now = new Date()): void {
  requireAdmin(actor);
  db.transaction((tx) => {
    const existing = tx.select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, id)).get();
    if (!existing) throw new NotFound("API-nyckeln finns inte.");
    if (existing.revokedAt) return;
    tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).run();
    recordAudit(tx, { actorUserId: actor.id, action: "api_key.revoke", entityType: "api_key", entityId: id });
  });
}

/**
 * The active key a presented key is, or null when it is malformed, unknown or revoked. Marks it
 * used (at most once a minute: a conditional UPDATE, so parallel calls write once).
 */
export function verifyApiKey(db: Db, key: string, now = new Date()): { id: string; name: string } | null {
  if (!KEY_PATTERN.test(key)) return null;
  const row = db
    .select({ id: apiKeys.id, name: apiKeys.name })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .get();
  if (!row) return null;
  db.update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)))))
    .run();
  return row;
}

/** The key in an `Authorization: Bearer <key>` header, or null. */
export function bearerKey(request: Request): string | null {
  const header = request.headers.get("Authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1]! : null;
}
