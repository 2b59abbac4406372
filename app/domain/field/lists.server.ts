/**
 * The lists each municipality sets for itself: the guides' answer groups, the advisor functions,
 * the departments (förvaltningar) that field questions are forwarded to, and topic tags. Admins
 * add, rename, reorder and deactivate entries; a deactivated entry keeps its name on old stops,
 * questions and cases but is no longer offered in forms. Rows are never deleted, because
 * stops, people, questions and cases refer to them by code.
 */
import { asc, eq, sql } from "drizzle-orm";
import { advisorFunctions, answerGroups, departments, organizationKinds, questionTopics, stopKinds } from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { codeFromName, LIST_LABELS, type ListKind } from "./list-schemas";

/** `detail`: an answer group's description, an advisor function's title for its advisors. */
export type ListItem = { code: string; name: string; active: boolean; sortOrder: number; detail?: string };

const tables = {
  department: departments,
  topic: questionTopics,
  answer_group: answerGroups,
  advisor_function: advisorFunctions,
  stop_kind: stopKinds,
  organization_kind: organizationKinds,
} as const;
const auditEntity = {
  department: "department",
  topic: "question_topic",
  answer_group: "answer_group",
  advisor_function: "advisor_function",
  stop_kind: "stop_kind",
  organization_kind: "organization_kind",
} as const;

/** The column that holds an entry's detail, for the lists that have one. */
function detailColumn(kind: ListKind) {
  return kind === "answer_group" ? answerGroups.description : kind === "advisor_function" ? advisorFunctions.advisorTitle : null;
}

/** The detail as its table wants it: a description may be empty; a title falls back to the name. */
function detailValues(kind: ListKind, name: string, detail: string | undefined): Record<string, string> {
  if (kind === "answer_group") return { description: detail ?? "" };
  if (kind === "advisor_function") return { advisorTitle: detail ?? name.toLocaleLowerCase("sv") };
  return {};
}

function readList(db: Db, kind: ListKind, includeInactive: boolean): ListItem[] {
  const t = tables[kind];
  const detail = detailColumn(kind);
  const rows = db
    .select({ code: t.code, name: t.name, active: t.active, sortOrder: t.sortOrder, detail: detail ?? sql<null>`null` })
    .from(t)
    .where(includeInactive ? undefined : eq(t.active, true))
    .orderBy(asc(t.sortOrder), asc(t.name))
    .all();
  return rows.map(({ detail: d, ...row }) => (d === null ? row : { ...row, detail: d }));
}

/** Any of the lists, sorted; only active entries unless includeInactive. Cached until the database changes. */
export function listItems(db: Db, kind: ListKind, options: { includeInactive?: boolean } = {}): ListItem[] {
  const all = options.includeInactive ?? false;
  return cachedUntilChange(db, `field-lists:${kind}:${all}`, () => readList(db, kind, all));
}

/** Departments, sorted; only active ones unless includeInactive. Cached until the database changes. */
export function listDepartments(db: Db, options: { includeInactive?: boolean } = {}): ListItem[] {
  return listItems(db, "department", options);
}

/** Topic tags, sorted; only active ones unless includeInactive. Cached until the database changes. */
export function listTopics(db: Db, options: { includeInactive?: boolean } = {}): ListItem[] {
  return listItems(db, "topic", options);
}

function requireAdmin(actor: Actor): void {
  if (!can.manageSettings(actor.role)) throw new Forbidden("Bara administratörer får ändra kommunens listor.");
}

/** Adds an entry last in the list. The code is made from the name unless given. */
export function addListItem(db: Db, actor: Actor, kind: ListKind, input: { name: string; code?: string; detail?: string }): ListItem {
  requireAdmin(actor);
  if (LIST_LABELS[kind].fixed) throw new Conflict(`${LIST_LABELS[kind].plural} är fasta: de kan byta namn och inaktiveras, men inte läggas till.`);
  const t = tables[kind];
  return db.transaction((tx) => {
    const existing = tx.select({ code: t.code, name: t.name }).from(t).all();
    const name = input.name.trim();
    if (existing.some((e) => e.name.toLocaleLowerCase("sv") === name.toLocaleLowerCase("sv"))) {
      throw new Conflict(`Det finns redan ${LIST_LABELS[kind].indefinite} med namnet ${name}.`, "name");
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
    const max =
      tx
        .select({ max: sql<number | null>`max(${t.sortOrder})` })
        .from(t)
        .get()?.max ?? 0;
    const item: ListItem = { code, name, active: true, sortOrder: max + 1 };
    const extra = detailValues(kind, name, input.detail);
    tx.insert(t)
      .values({ ...item, ...extra } as typeof t.$inferInsert)
      .run();
    if (kind === "answer_group" || kind === "advisor_function") item.detail = Object.values(extra)[0];
    recordAudit(tx, { actorUserId: actor.id, action: `${auditEntity[kind]}.add`, entityType: auditEntity[kind], entityId: code, details: { name } });
    return item;
  });
}

function getItem(tx: Pick<Db, "select">, kind: ListKind, code: string) {
  const t = tables[kind];
  const row = tx.select().from(t).where(eq(t.code, code)).get();
  if (!row) throw new NotFound(`${LIST_LABELS[kind].definite[0]!.toUpperCase()}${LIST_LABELS[kind].definite.slice(1)} finns inte.`);
  return row;
}

/** A new name (and, for the lists that have one, a new detail); old stops and cases show the new name. */
export function renameListItem(db: Db, actor: Actor, kind: ListKind, code: string, name: string, detail?: string): void {
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
    const extra = kind === "answer_group" || kind === "advisor_function" ? detailValues(kind, name.trim(), detail) : {};
    tx.update(t)
      .set({ name: name.trim(), ...extra })
      .where(eq(t.code, code))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: `${auditEntity[kind]}.rename`,
      entityType: auditEntity[kind],
      entityId: code,
      details: { from: row.name, to: name.trim(), ...extra },
    });
  });
}

/** Moves an entry one step up or down; sort orders are renumbered 1..n so they stay tidy. */
export function moveListItem(db: Db, actor: Actor, kind: ListKind, code: string, direction: "up" | "down"): void {
  requireAdmin(actor);
  const t = tables[kind];
  db.transaction((tx) => {
    getItem(tx, kind, code);
    const order = tx
      .select({ code: t.code })
      .from(t)
      .orderBy(asc(t.sortOrder), asc(t.name))
      .all()
      .map((r) => r.code);
    const i = order.indexOf(code);
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j]!, order[i]!];
    order.forEach((c, index) =>
      tx
        .update(t)
        .set({ sortOrder: index + 1 })
        .where(eq(t.code, c))
        .run(),
    );
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
