/**
 * The configurable lists of field questions: departments (förvaltningar) that questions are
 * forwarded to, and topic tags. Admins add, rename, reorder and deactivate entries; a deactivated
 * entry stays on old questions and cases but is no longer offered in the field form. Rows are
 * never deleted, because field questions and cases refer to them by code.
 */
import { asc, eq, sql } from "drizzle-orm";
import { departments, questionTopics } from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { codeFromName, type ListKind } from "./list-schemas";

export type ListItem = { code: string; name: string; active: boolean; sortOrder: number };

const tables = { department: departments, topic: questionTopics } as const;
const auditEntity = { department: "department", topic: "question_topic" } as const;

function readList(db: Db, kind: ListKind, includeInactive: boolean): ListItem[] {
  const t = tables[kind];
  const rows = db
    .select({ code: t.code, name: t.name, active: t.active, sortOrder: t.sortOrder })
    .from(t)
    .where(includeInactive ? undefined : eq(t.active, true))
    .orderBy(asc(t.sortOrder), asc(t.name))
    .all();
  return rows;
}

/** Departments, sorted; only active ones unless includeInactive. Cached until the database changes. */
export function listDepartments(db: Db, options: { includeInactive?: boolean } = {}): ListItem[] {
  const all = options.includeInactive ?? false;
  return cachedUntilChange(db, `field-lists:department:${all}`, () => readList(db, "department", all));
}

/** Topic tags, sorted; only active ones unless includeInactive. Cached until the database changes. */
export function listTopics(db: Db, options: { includeInactive?: boolean } = {}): ListItem[] {
  const all = options.includeInactive ?? false;
  return cachedUntilChange(db, `field-lists:topic:${all}`, () => readList(db, "topic", all));
}

function requireAdmin(actor: Actor): void {
  if (!can.manageSettings(actor.role)) throw new Forbidden("Bara administratörer får ändra förvaltningar och ämnen.");
}

const kindWord = { department: "en förvaltning", topic: "ett ämne" } as const;

/** Adds an entry last in the list. The code is made from the name unless given. */
export function addListItem(db: Db, actor: Actor, kind: ListKind, input: { name: string; code?: string }): ListItem {
  requireAdmin(actor);
  const t = tables[kind];
  return db.transaction((tx) => {
    const existing = tx.select({ code: t.code, name: t.name }).from(t).all();
    const name = input.name.trim();
    if (existing.some((e) => e.name.toLocaleLowerCase("sv") === name.toLocaleLowerCase("sv"))) {
      throw new Conflict(`Det finns redan ${kindWord[kind]} med namnet ${name}.`, "name");
    }
    const codes = new Set(existing.map((e) => e.code));
    let code: string;
    if (input.code) {
      if (codes.has(input.code)) throw new Conflict(`Koden ${input.code} används redan.`, "code");
      code = input.code;
    } else {
      const base = codeFromName(name);
      code = base;
      for (let i = 2; codes.has(code); i++) code = `${base}_${i}`;
    }
    const max = tx.select({ max: sql<number | null>`max(${t.sortOrder})` }).from(t).get()?.max ?? 0;
    const item: ListItem = { code, name, active: true, sortOrder: max + 1 };
    tx.insert(t).values(item).run();
    recordAudit(tx, { actorUserId: actor.id, action: `${auditEntity[kind]}.add`, entityType: auditEntity[kind], entityId: code, details: { name } });
    return item;
  });
}

function getItem(tx: Pick<Db, "select">, kind: ListKind, code: string) {
  const t = tables[kind];
  const row = tx.select().from(t).where(eq(t.code, code)).get();
  if (!row) throw new NotFound(kind === "department" ? "Förvaltningen finns inte." : "Ämnet finns inte.");
  return row;
}

export function renameListItem(db: Db, actor: Actor, kind: ListKind, code: string, name: string): void {
  requireAdmin(actor);
  const t = tables[kind];
  db.transaction((tx) => {
    const row = getItem(tx, kind, code);
    const clash = tx
      .select({ code: t.code })
      .from(t)
      .where(sql`lower(${t.name}) = lower(${name.trim()}) and ${t.code} <> ${code}`)
      .get();
    if (clash) throw new Conflict(`Namnet ${name.trim()} används redan.`, "name");
    tx.update(t).set({ name: name.trim() }).where(eq(t.code, code)).run();
    recordAudit(tx, { actorUserId: actor.id, action: `${auditEntity[kind]}.rename`, entityType: auditEntity[kind], entityId: code, details: { from: row.name, to: name.trim() } });
  });
}

/** Moves an entry one step up or down; sort orders are renumbered 1..n so they stay tidy. */
export function moveListItem(db: Db, actor: Actor, kind: ListKind, code: string, direction: "up" | "down"): void {
  requireAdmin(actor);
  const t = tables[kind];
  db.transaction((tx) => {
    getItem(tx, kind, code);
    const order = tx.select({ code: t.code }).from(t).orderBy(asc(t.sortOrder), asc(t.name)).all().map((r) => r.code);
    const i = order.indexOf(code);
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j]!, order[i]!];
    order.forEach((c, index) => tx.update(t).set({ sortOrder: index + 1 }).where(eq(t.code, c)).run());
    recordAudit(tx, { actorUserId: actor.id, action: `${auditEntity[kind]}.move`, entityType: auditEntity[kind], entityId: code, details: { direction } });
  });
}

/** Deactivates (hides from the field form) or activates again. Old questions keep the code. */
export function setListItemActive(db: Db, actor: Actor, kind: ListKind, code: string, active: boolean): void {
  requireAdmin(actor);
  const t = tables[kind];
  db.transaction((tx) => {
    const row = getItem(tx, kind, code);
    if (row.active === active) return;
    tx.update(t).set({ active }).where(eq(t.code, code)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: `${auditEntity[kind]}.${active ? "activate" : "deactivate"}`,
      entityType: auditEntity[kind],
      entityId: code,
      details: { name: row.name },
    });
  });
}
