import { and, desc, eq } from "drizzle-orm";
import { auditLog, users } from "#db/schema";
import type { Db } from "~/db.server";

export type AuditEntry = {
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Never passwords, tokens or residents' personal data. */
  details?: Record<string, unknown>;
};

type Tx = Pick<Db, "insert">;

/** Records an audit entry. Call it inside the same transaction as the change it describes. */
export function recordAudit(tx: Tx, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      actorUserId: entry.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      details: entry.details ?? null,
    })
    .run();
}

export type HistoryEntry = { id: string; at: Date; action: string; actorName: string | null; details: Record<string, unknown> | null };

/** An entity's history (a stop, an area …) from the audit log, newest first, with who did it. */
export function entityHistory(db: Db, entityType: string, entityId: string, limit = 100): HistoryEntry[] {
  return db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, actorName: users.name, details: auditLog.details })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.at))
    .limit(limit)
    .all();
}
