/**
 * The case list and the case page (issue 6). Staff see the cases they logged; the tour leader and
 * admins see all. The list must stay fast at 200,000 cases: it reads `cases` through the index
 * that matches the filter (each is (column, created_at)), orders by created_at desc, selects only
 * the columns shown, and counts at most COUNT_CAP rows, memoised until the data change.
 */
import type { Statement } from "better-sqlite3";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import {
  advisorFunctions,
  answerGroups,
  areas,
  caseEvents,
  cases,
  departments,
  fieldQuestions,
  questionTopics,
  stops,
  tours,
  users,
  type CaseDeliveryStatus,
  type CaseEventKind,
  type CaseStatus,
} from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, NotFound } from "~/domain/errors";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { CASE_STATUS_LABELS, OTHER_CATEGORY_LABEL } from "./labels";
import { CASE_JOINS } from "./case-query.server";
import { deliveryForCase, type DeliveryView } from "./delivery.server";
import { queueResidentDone } from "./resident-mail.server";
import { COUNT_CAP, ftsQuery, type CaseFilters } from "./schemas";

export { COUNT_CAP };

export const CASES_PAGE_SIZE = 50;
const EXCERPT_CHARS = 120;

export type CaseListRow = {
  id: string;
  number: string;
  createdAt: number;
  status: CaseStatus;
  category: string;
  stopId: string;
  stopTitle: string;
  excerpt: string;
  deliveryStatus: CaseDeliveryStatus | null;
};

export type CaseList = {
  rows: CaseListRow[];
  page: number;
  pageCount: number;
  /** Matches, at most COUNT_CAP + 1 (then shown as "fler än 10 000"). */
  total: number;
  capped: boolean;
};

type Where = { sql: string[]; params: (string | number)[] };

/** The filters that match one column of cases exactly, in the order their conditions are written. */
const EQUALITY_FILTERS = [
  ["stopId", "c.stop_id"],
  ["tourId", "c.tour_id"],
  ["status", "c.status"],
  ["category", "c.category"],
  ["departmentCode", "c.department_code"],
] as const satisfies readonly (readonly [keyof CaseFilters, string])[];

function whereFor(actor: Actor, filters: CaseFilters): Where & { match: string | null; empty: boolean } {
  const where: Where = { sql: [], params: [] };
  if (!can.planTour(actor.role)) {
    where.sql.push("c.logged_by_user_id = ?");
    where.params.push(actor.id);
  }
  for (const [key, column] of EQUALITY_FILTERS) {
    const value = filters[key];
    if (value) {
      where.sql.push(`${column} = ?`);
      where.params.push(value);
    }
  }
  const match = filters.search !== undefined ? ftsQuery(filters.search) : null;
  return { ...where, match, empty: filters.search !== undefined && match === null };
}

/**
 * The matching cases' ids, newest first. Without search: the cases table through the filter's
 * (column, created_at) index. With search: walk the FTS matches newest first (a question's rowid
 * grows with its insertion, as does its case's created_at, both made in one transaction) and
 * join each to its case, so a common word does not sort tens of thousands of matches.
 */
function matchingIds(where: Where & { match: string | null }): { sql: string; params: (string | number)[] } {
  if (where.match === null) {
    return { sql: `select c.id from cases c ${clause(where)} order by c.created_at desc, c.id desc`, params: where.params };
  }
  const conditions = ["field_questions_fts match ?", ...where.sql];
  return {
    sql: `select c.id from field_questions_fts f
      cross join field_questions q on q.rowid = f.rowid
      cross join cases c on c.question_id = q.id
      where ${conditions.join(" and ")}
      order by f.rowid desc`,
    params: [where.match, ...where.params],
  };
}

const statements = new WeakMap<object, Map<string, Statement>>();

/** Prepared once per connection and shape of query (at most 2^7 shapes). */
function prepared(db: Db, text: string): Statement {
  let byText = statements.get(db.$client);
  if (!byText) {
    byText = new Map();
    statements.set(db.$client, byText);
  }
  let statement = byText.get(text);
  if (!statement) {
    statement = db.$client.prepare(text);
    byText.set(text, statement);
  }
  return statement;
}

function clause(where: Where): string {
  return where.sql.length ? `where ${where.sql.join(" and ")}` : "";
}

export function listCases(db: Db, actor: Actor, filters: CaseFilters, page = 1): CaseList {
  const where = whereFor(actor, filters);
  if (where.empty) return { rows: [], page: 1, pageCount: 1, total: 0, capped: false };
  const ids = matchingIds(where);
  const key = `cases:count:${JSON.stringify(ids.params)}:${ids.sql}`;
  const total = cachedUntilChange(db, key, () => {
    const row = prepared(db, `select count(*) as n from (${ids.sql} limit ${COUNT_CAP + 1})`).get(...ids.params) as { n: number };
    return row.n;
  });
  const capped = total > COUNT_CAP;
  const pageCount = Math.max(1, Math.ceil(Math.min(total, COUNT_CAP) / CASES_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  // Page the ids alone first (index only), then look up the page's 50 cases, questions and stops
  // in that order. CROSS JOIN keeps SQLite from turning the join around (it would scan all cases).
  const pageIds = prepared(db, `${ids.sql} limit ? offset ?`)
    .pluck()
    .all(...ids.params, CASES_PAGE_SIZE, (current - 1) * CASES_PAGE_SIZE) as string[];
  const rows = prepared(
    db,
    `select c.id, c.number, c.created_at as createdAt, c.status, c.category, c.stop_id as stopId,
        s.title as stopTitle, substr(q.question, 1, ${EXCERPT_CHARS + 1}) as excerpt, d.status as deliveryStatus
      from json_each(?) page
      cross join cases c on c.id = page.value
      cross join stops s on s.id = c.stop_id
      cross join field_questions q on q.id = c.question_id
      left join case_deliveries d on d.case_id = c.id
      order by page.key`,
  ).all(JSON.stringify(pageIds)) as CaseListRow[];
  for (const row of rows) {
    if (row.excerpt.length > EXCERPT_CHARS) row.excerpt = `${row.excerpt.slice(0, EXCERPT_CHARS).trimEnd()} …`;
  }
  return { rows, page: current, pageCount, total, capped };
}

export type Option = { value: string; label: string };

export type CaseFilterOptions = {
  tours: Option[];
  categories: Option[];
  departments: Option[];
  statuses: Option[];
};

/** The choices of the list's filter form (not the stops: there are thousands; a stop filter comes from a link). */
export function caseFilterOptions(db: Db): CaseFilterOptions {
  return cachedUntilChange(db, "cases:filter-options", () => ({
    tours: db.select({ value: tours.id, label: tours.name }).from(tours).orderBy(desc(tours.startsOn)).all(),
    categories: categoryOptions(db),
    departments: db.select({ value: departments.code, label: departments.name }).from(departments).orderBy(asc(departments.sortOrder)).all(),
    statuses: Object.entries(CASE_STATUS_LABELS).map(([value, label]) => ({ value, label })),
  }));
}

function categoryOptions(db: Pick<Db, "select">): Option[] {
  const groups = db.select({ code: answerGroups.code, name: answerGroups.name }).from(answerGroups).orderBy(asc(answerGroups.sortOrder)).all();
  const functions = db
    .select({ code: advisorFunctions.code, name: advisorFunctions.name })
    .from(advisorFunctions)
    .orderBy(asc(advisorFunctions.sortOrder))
    .all();
  return [
    ...groups.map((g) => ({ value: `g:${g.code}`, label: `Svarsgrupp ${g.name}` })),
    ...functions.map((f) => ({ value: `f:${f.code}`, label: f.name })),
    { value: "other", label: OTHER_CATEGORY_LABEL },
  ];
}

/** "g:BSU" → "Svarsgrupp BSU", "f:consumer" → "Konsumentrådgivning", "other" → "Övrigt". */
export function categoryLabels(db: Db): Record<string, string> {
  return cachedUntilChange(db, "cases:category-labels", () => Object.fromEntries(categoryOptions(db).map((o) => [o.value, o.label])));
}

/** A stop's title for the list's heading when filtered on it (scoped like the list). */
export function stopTitle(db: Db, stopId: string): string | null {
  return db.select({ title: stops.title }).from(stops).where(eq(stops.id, stopId)).get()?.title ?? null;
}

export type CaseDeliveryView = DeliveryView;

export type CaseEventView = {
  id: string;
  at: Date;
  kind: CaseEventKind;
  actorName: string | null;
  note: string | null;
  details: Record<string, unknown> | null;
};

export type CaseView = {
  id: string;
  number: string;
  status: CaseStatus;
  createdAt: Date;
  updatedAt: Date;
  category: string;
  categoryLabel: string;
  question: {
    text: string;
    loggedAt: Date;
    receivedAt: Date;
    answeredOnSpot: boolean;
    answer: string | null;
    topics: string[];
    replyWanted: boolean;
    lat: number | null;
    lng: number | null;
  };
  /** Only for the tour leader, admins and the person who logged the question; null otherwise or when none were given. */
  contact: { name: string | null; phone: string | null; email: string | null } | null;
  contactHidden: boolean;
  department: string | null;
  area: string | null;
  stop: { id: string; title: string; startsAt: Date };
  tour: { id: string; name: string };
  loggedBy: string | null;
  events: CaseEventView[];
  delivery: CaseDeliveryView | null;
};

function loadVisibleCase(db: Pick<Db, "select">, actor: Actor, caseId: string) {
  const row = db.select({ id: cases.id, status: cases.status, loggedByUserId: cases.loggedByUserId }).from(cases).where(eq(cases.id, caseId)).get();
  // Staff may not learn that other people's cases exist: the same 404 as a missing one.
  if (!row || (!can.planTour(actor.role) && row.loggedByUserId !== actor.id)) throw new NotFound("Ärendet finns inte.");
  return row;
}

export function getCase(db: Db, actor: Actor, caseId: string): CaseView {
  loadVisibleCase(db, actor, caseId);
  const row = db
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      createdAt: cases.createdAt,
      updatedAt: cases.updatedAt,
      category: cases.category,
      loggedByUserId: cases.loggedByUserId,
      loggedBy: users.name,
      question: fieldQuestions.question,
      loggedAt: fieldQuestions.loggedAt,
      receivedAt: fieldQuestions.receivedAt,
      answeredOnSpot: fieldQuestions.answeredOnSpot,
      answer: fieldQuestions.answer,
      topics: fieldQuestions.topics,
      replyWanted: fieldQuestions.replyWanted,
      contactName: fieldQuestions.contactName,
      contactPhone: fieldQuestions.contactPhone,
      contactEmail: fieldQuestions.contactEmail,
      lat: fieldQuestions.lat,
      lng: fieldQuestions.lng,
      department: departments.name,
      area: areas.name,
      stopId: stops.id,
      stopTitle: stops.title,
      stopStartsAt: stops.startsAt,
      tourId: tours.id,
      tourName: tours.name,
    })
    .from(cases)
    .innerJoin(fieldQuestions, CASE_JOINS.question)
    .innerJoin(stops, CASE_JOINS.stop)
    .innerJoin(tours, eq(tours.id, cases.tourId))
    .leftJoin(users, eq(users.id, cases.loggedByUserId))
    .leftJoin(departments, CASE_JOINS.department)
    .leftJoin(areas, CASE_JOINS.area)
    .where(eq(cases.id, caseId))
    .get();
  if (!row) throw new NotFound("Ärendet finns inte.");

  const topicNames = row.topics.length
    ? new Map(
        db
          .select({ code: questionTopics.code, name: questionTopics.name })
          .from(questionTopics)
          .where(inArray(questionTopics.code, row.topics))
          .all()
          .map((t) => [t.code, t.name]),
      )
    : new Map<string, string>();

  const maySee = can.planTour(actor.role) || row.loggedByUserId === actor.id;
  const hasContact = Boolean(row.contactName || row.contactPhone || row.contactEmail);

  const events = db
    .select({ id: caseEvents.id, at: caseEvents.at, kind: caseEvents.kind, actorName: users.name, note: caseEvents.note, details: caseEvents.details })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorUserId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id))
    .all();

  const delivery = deliveryForCase(db, caseId);

  const labels = categoryLabels(db);
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    category: row.category,
    categoryLabel: labels[row.category] ?? row.category,
    question: {
      text: row.question,
      loggedAt: row.loggedAt,
      receivedAt: row.receivedAt,
      answeredOnSpot: row.answeredOnSpot,
      answer: row.answer,
      topics: row.topics.map((t) => topicNames.get(t) ?? t),
      replyWanted: row.replyWanted,
      lat: row.lat,
      lng: row.lng,
    },
    contact: maySee && hasContact ? { name: row.contactName, phone: row.contactPhone, email: row.contactEmail } : null,
    contactHidden: !maySee && hasContact,
    department: row.department,
    area: row.area,
    stop: { id: row.stopId, title: row.stopTitle, startsAt: row.stopStartsAt },
    tour: { id: row.tourId, name: row.tourName },
    loggedBy: row.loggedBy,
    events,
    delivery,
  };
}

/** A follow-up note on the case's history. */
export function addCaseNote(db: Db, actor: Actor, caseId: string, note: string, now = new Date()): void {
  db.transaction(
    (tx) => {
      loadVisibleCase(tx, actor, caseId);
      tx.insert(caseEvents).values({ caseId, at: now, actorUserId: actor.id, kind: "note", note }).run();
      tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, caseId)).run();
    },
    { behavior: "immediate" },
  );
}

/** Changes the case's status, with an optional comment, as a "status" event. */
export function changeCaseStatus(db: Db, actor: Actor, caseId: string, status: CaseStatus, note?: string, now = new Date()): void {
  db.transaction(
    (tx) => {
      const current = loadVisibleCase(tx, actor, caseId);
      if (current.status === status) throw new Conflict(`Ärendet har redan status ”${CASE_STATUS_LABELS[status]}”.`, "status");
      tx.update(cases)
        .set({ status, updatedAt: now })
        .where(and(eq(cases.id, caseId), eq(cases.status, current.status)))
        .run();
      tx.insert(caseEvents)
        .values({ caseId, at: now, actorUserId: actor.id, kind: "status", note: note ?? null, details: { from: current.status, to: status } })
        .run();
      // The audit log gets the change only, never the comment (it may hold personal data).
      recordAudit(tx, { actorUserId: actor.id, action: "case.status", entityType: "case", entityId: caseId, details: { from: current.status, to: status } });
      queueResidentDone(tx, caseId, status, now);
    },
    { behavior: "immediate" },
  );
}
