import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { calendarFeedKeys, users, type Role } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import type { Actor } from "~/domain/users/users.server";

/**
 * Personal keys for subscribing to the staff calendar feeds (/flode/<key>/…). A calendar app
 * cannot log in, so the key in the address is the credential: 256 random bits, shown to the user
 * once, stored only as its SHA-256. Each user has at most one active key; making a new one
 * revokes the old. Deactivating the user stops the feeds at once (resolveFeedKey checks `active`).
 */

/** 32 random bytes in base64url: 43 characters. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hashFeedKey(key: string): string {
  return createHash("sha256").update(key).digest("base64url");
}

export type ActiveFeedKey = { id: string; createdAt: Date };

export function getActiveFeedKey(db: Db, actor: Pick<Actor, "id">): ActiveFeedKey | null {
  return (
    db
      .select({ id: calendarFeedKeys.id, createdAt: calendarFeedKeys.createdAt })
      .from(calendarFeedKeys)
      .where(and(eq(calendarFeedKeys.userId, actor.id), isNull(calendarFeedKeys.revokedAt)))
      .orderBy(desc(calendarFeedKeys.createdAt))
      .get() ?? null
  );
}

/** Makes a new key for the actor, revoking any earlier one in the same transaction. Returns the key itself, the only time it exists in clear. */
export function createFeedKey(db: Db, actor: Pick<Actor, "id">, now = new Date()): { key: string; createdAt: Date } {
  const key = randomBytes(32).toString("base64url");
  db.transaction((tx) => {
    const revoked = tx
      .update(calendarFeedKeys)
      .set({ revokedAt: now })
      .where(and(eq(calendarFeedKeys.userId, actor.id), isNull(calendarFeedKeys.revokedAt)))
      .returning({ id: calendarFeedKeys.id })
      .all();
    const row = tx
      .insert(calendarFeedKeys)
      .values({ userId: actor.id, keyHash: hashFeedKey(key), createdAt: now })
      .returning({ id: calendarFeedKeys.id })
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "calendar_feed_key.create",
      entityType: "calendar_feed_key",
      entityId: row.id,
      details: revoked.length ? { revoked: revoked.map((r) => r.id) } : undefined,
    });
  });
  return { key, createdAt: now };
}

/** Revokes the actor's active key, if any. Returns whether there was one. */
export function revokeFeedKey(db: Db, actor: Pick<Actor, "id">, now = new Date()): boolean {
  return db.transaction((tx) => {
    const revoked = tx
      .update(calendarFeedKeys)
      .set({ revokedAt: now })
      .where(and(eq(calendarFeedKeys.userId, actor.id), isNull(calendarFeedKeys.revokedAt)))
      .returning({ id: calendarFeedKeys.id })
      .all();
    for (const r of revoked) {
      recordAudit(tx, { actorUserId: actor.id, action: "calendar_feed_key.revoke", entityType: "calendar_feed_key", entityId: r.id });
    }
    return revoked.length > 0;
  });
}

export type FeedKeyOwner = { id: string; role: Role };

/** The user a key belongs to, or null when the key is malformed, unknown, revoked, or its user is deactivated. */
export function resolveFeedKey(db: Db, key: string): FeedKeyOwner | null {
  if (!KEY_PATTERN.test(key)) return null;
  return (
    db
      .select({ id: users.id, role: users.role })
      .from(calendarFeedKeys)
      .innerJoin(users, eq(users.id, calendarFeedKeys.userId))
      .where(and(eq(calendarFeedKeys.keyHash, hashFeedKey(key)), isNull(calendarFeedKeys.revokedAt), eq(users.active, true)))
      .get() ?? null
  );
}

/** The subscription addresses for a key: the owner's own schedule, all stops, and one per tour. */
export function feedUrls(origin: string, key: string, tours: { id: string; name: string }[]) {
  return {
    mine: `${origin}/flode/${key}/mitt-schema.ics`,
    all: `${origin}/flode/${key}/alla.ics`,
    tours: tours.map((t) => ({ id: t.id, name: t.name, url: `${origin}/flode/${key}/turne/${t.id}.ics` })),
  };
}
