import { createHash } from "node:crypto";
import { and, asc, count, eq, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { areas, organizations, stops, type Area, type AreaKind, type OrganizationKind } from "#db/schema";
import { cachedUntilChange, type Db } from "~/db.server";
import { entityHistory, recordAudit, type HistoryEntry } from "~/domain/audit/audit.server";
import { Conflict, NotFound } from "~/domain/errors";
import { requirePlanner } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { stockholmDate } from "~/utils/dates";
import { AREA_KIND_LABELS } from "./labels";
import { AREAS_PAGE_SIZE, nameKey, normaliseTags, type AreaInput } from "./schemas";
import { containsText, ensureSearchFunctions, swedishOrder } from "./search.server";

export type AreaListItem = {
  id: string;
  name: string;
  kind: (typeof areas.$inferSelect)["kind"];
  lat: number;
  lng: number;
  population: number | null;
  populationYear: number | null;
  organizationCount: number;
};

/** How many areas are in use (not archived). */
export function countAreas(db: Db): number {
  return db.select({ n: count() }).from(areas).where(isNull(areas.archivedAt)).get()?.n ?? 0;
}

/** All areas that are not archived, by name, with how many organizations each has. */
export function listAreas(db: Db): AreaListItem[] {
  const orgCounts = db
    .select({ areaId: organizations.areaId, n: count().as("n") })
    .from(organizations)
    .where(isNull(organizations.archivedAt))
    .groupBy(organizations.areaId)
    .as("org_counts");
  return db
    .select({
      id: areas.id,
      name: areas.name,
      kind: areas.kind,
      lat: areas.lat,
      lng: areas.lng,
      population: areas.population,
      populationYear: areas.populationYear,
      organizationCount: orgCounts.n,
    })
    .from(areas)
    .leftJoin(orgCounts, eq(orgCounts.areaId, areas.id))
    .where(isNull(areas.archivedAt))
    .orderBy(asc(areas.name))
    .all()
    .map((a) => ({ ...a, organizationCount: a.organizationCount ?? 0 }));
}

/** An area as the overview map shows it (AreasMap's point). */
export function areaMapPoint(a: AreaListItem) {
  return {
    id: a.id,
    name: a.name,
    kindLabel: AREA_KIND_LABELS[a.kind],
    lat: a.lat,
    lng: a.lng,
    population: a.population,
    organizationCount: a.organizationCount,
  };
}

/**
 * Every area that is not archived as a point for the overview map, fetched by the map once it has
 * loaded (the page itself lists one page of areas). Kept until the data change, with its serialised
 * form and an ETag, so a repeated fetch costs a comparison.
 */
export function areaMapPoints(db: Db): { body: string; etag: string } {
  return cachedUntilChange(
    db,
    "areas.mapPoints",
    () => {
      const body = JSON.stringify({
        areas: listAreas(db).map(areaMapPoint),
      });
      return { body, etag: `"${createHash("sha1").update(body).digest("base64url")}"` };
    },
    { reads: ["places"] },
  );
}

// --- Management of areas (issue 3) --------------------------------------------------------------

/** Tour leaders and admins keep the areas and organizations; staff read them (requirePlanner's words). */
export const CHANGE_PLACES = "ändra områden och organisationer";

export type AreaSearch = {
  q?: string;
  kind?: AreaKind;
  tag?: string;
  page: number;
  includeArchived?: boolean;
  /** Rows per page; AREAS_PAGE_SIZE unless a page shows fewer (the start page). */
  pageSize?: number;
};

export type AreaSearchItem = {
  id: string;
  name: string;
  kind: AreaKind;
  population: number | null;
  populationYear: number | null;
  tags: string[];
  archived: boolean;
  organizationCount: number;
  /** The year (Swedish time) of the latest held stop in the area, if any. */
  lastHeldYear: number | null;
};

export type AreaSearchResult = { items: AreaSearchItem[]; total: number; page: number; pageCount: number; pageSize: number };

/**
 * One page of areas matching a search in the name or a tag, a kind and a tag, in Swedish
 * alphabetical order. Reads only the rows on the page; the total is counted in SQL.
 */
export function searchAreas(db: Db, search: AreaSearch): AreaSearchResult {
  // Every start page shows a page of areas, sorted the Swedish way by a function called per area:
  // kept until the areas, organizations or stops change.
  return cachedUntilChange(db, `areas.search:${JSON.stringify(search)}`, () => readAreas(db, search), { reads: ["places", "tours"] });
}

function readAreas(db: Db, search: AreaSearch): AreaSearchResult {
  ensureSearchFunctions(db);
  const conditions: SQL[] = [];
  if (!search.includeArchived) conditions.push(isNull(areas.archivedAt));
  if (search.kind) conditions.push(eq(areas.kind, search.kind));
  if (search.tag) {
    const tag = normaliseTags(search.tag)[0] ?? "";
    conditions.push(sql`exists (select 1 from json_each("areas"."tags") where json_each.value = ${tag})`);
  }
  if (search.q) {
    const q = search.q;
    conditions.push(or(containsText(areas.name, q), sql`exists (select 1 from json_each("areas"."tags") where ${containsText(sql`json_each.value`, q)})`)!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const total = db.select({ n: count() }).from(areas).where(where).get()?.n ?? 0;
  const pageSize = search.pageSize ?? AREAS_PAGE_SIZE;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, search.page), pageCount);
  const rows = db
    .select({
      id: areas.id,
      name: areas.name,
      kind: areas.kind,
      population: areas.population,
      populationYear: areas.populationYear,
      tags: areas.tags,
      archivedAt: areas.archivedAt,
      // Written out: in a one-table query drizzle leaves column names unqualified, and inside a
      // subquery "id" would then mean the subquery's own table.
      organizationCount: sql<number>`(select count(*) from organizations o where o.area_id = "areas"."id" and o.archived_at is null)`,
      lastHeldAt: sql<number | null>`(select max(s.starts_at) from stops s where s.area_id = "areas"."id" and s.status = 'held')`,
    })
    .from(areas)
    .where(where)
    .orderBy(swedishOrder(areas.name), asc(areas.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return {
    items: rows.map(({ archivedAt, lastHeldAt, ...r }) => ({
      ...r,
      archived: archivedAt !== null,
      lastHeldYear: lastHeldAt === null ? null : Number(stockholmDate(lastHeldAt).slice(0, 4)),
    })),
    total,
    page,
    pageCount,
    pageSize,
  };
}

/** Every tag in use on an area that is not archived, for filters. Read over every area, so kept until the data change. */
export function areaTags(db: Db): string[] {
  return cachedUntilChange(
    db,
    "areas.tags",
    () =>
      db
        .all<{ tag: string }>(sql`select distinct json_each.value as tag from ${areas}, json_each(${areas.tags}) where ${areas.archivedAt} is null order by 1`)
        .map((r) => r.tag),
    { reads: ["places"] },
  );
}

/** Areas for a select box (not archived), in Swedish order. `alsoId` is included even if archived. */
export function areaOptions(db: Db, alsoId?: string): { id: string; name: string; archived: boolean }[] {
  ensureSearchFunctions(db);
  return db
    .select({ id: areas.id, name: areas.name, archivedAt: areas.archivedAt })
    .from(areas)
    .where(alsoId ? or(isNull(areas.archivedAt), eq(areas.id, alsoId)) : isNull(areas.archivedAt))
    .orderBy(swedishOrder(areas.name))
    .all()
    .map(({ archivedAt, ...a }) => ({ ...a, archived: archivedAt !== null }));
}

export function getArea(db: Db, areaId: string): Area {
  const area = db.select().from(areas).where(eq(areas.id, areaId)).get();
  if (!area) throw new NotFound("Området finns inte.");
  return area;
}

export type AreaPage = {
  area: Area;
  lastHeldYear: number | null;
  organizations: { id: string; name: string; kind: OrganizationKind; archived: boolean }[];
  history: HistoryEntry[];
};

/** Everything the area page shows: the area, its organizations, its latest held visit and its history. */
export function getAreaPage(db: Db, areaId: string): AreaPage {
  ensureSearchFunctions(db);
  const area = getArea(db, areaId);
  const lastHeld = db
    .select({ at: sql<number | null>`max(${stops.startsAt})` })
    .from(stops)
    .where(and(eq(stops.areaId, areaId), eq(stops.status, "held")))
    .get()?.at;
  const orgs = db
    .select({ id: organizations.id, name: organizations.name, kind: organizations.kind, archivedAt: organizations.archivedAt })
    .from(organizations)
    .where(eq(organizations.areaId, areaId))
    .orderBy(sql`${organizations.archivedAt} is not null`, swedishOrder(organizations.name))
    .all();
  return {
    area,
    lastHeldYear: lastHeld == null ? null : Number(stockholmDate(lastHeld).slice(0, 4)),
    organizations: orgs.map(({ archivedAt, ...o }) => ({ ...o, archived: archivedAt !== null })),
    history: entityHistory(db, "area", areaId),
  };
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type AreaValues = Pick<Area, "name" | "kind" | "lat" | "lng" | "population" | "populationYear" | "tags" | "notes" | "geometryGeojson">;

function areaValues(input: AreaInput): AreaValues {
  return {
    name: input.name,
    kind: input.kind,
    lat: input.lat,
    lng: input.lng,
    population: input.population ?? null,
    populationYear: input.populationYear ?? null,
    tags: input.tags,
    notes: input.notes || null,
    geometryGeojson: input.geometry,
  };
}

/** Fields recorded as changed without their content: free text and big shapes stay out of the log. */
const UNQUOTED_FIELDS = new Set(["notes", "geometryGeojson"]);

/** What changed, for the history: { field: [before, after] }. */
export function areaChanges(before: Partial<Area>, after: Partial<Area>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as (keyof Area)[]) {
    const a = before[key] ?? null;
    const b = after[key] ?? null;
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    changes[key] = UNQUOTED_FIELDS.has(key) ? [a === null ? null : "…", b === null ? null : "…"] : [a, b];
  }
  return changes;
}

function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const key = nameKey(name);
  const clash = tx
    .select({ id: areas.id })
    .from(areas)
    .where(exceptId ? and(sql`rullarut_fold(${areas.name}) = ${key}`, ne(areas.id, exceptId)) : sql`rullarut_fold(${areas.name}) = ${key}`)
    .get();
  if (clash) throw new Conflict("Det finns redan ett område med det namnet.", "name");
}

export function createArea(db: Db, actor: Actor, input: AreaInput): string {
  requirePlanner(actor, CHANGE_PLACES);
  ensureSearchFunctions(db);
  return db.transaction((tx) => {
    assertNameFree(tx, input.name);
    const values = areaValues(input);
    const row = tx.insert(areas).values(values).returning({ id: areas.id }).get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "area.create",
      entityType: "area",
      entityId: row.id,
      details: { changes: areaChanges({}, values) },
    });
    return row.id;
  });
}

export function updateArea(db: Db, actor: Actor, areaId: string, input: AreaInput): void {
  requirePlanner(actor, CHANGE_PLACES);
  ensureSearchFunctions(db);
  db.transaction((tx) => {
    const before = tx.select().from(areas).where(eq(areas.id, areaId)).get();
    if (!before) throw new NotFound("Området finns inte.");
    assertNameFree(tx, input.name, areaId);
    const values = areaValues(input);
    const changes = areaChanges(before, values);
    if (!Object.keys(changes).length) return;
    // A position someone has set by hand is no longer the estimate the seed data flagged.
    const moved = "lat" in changes || "lng" in changes;
    tx.update(areas)
      .set({ ...values, ...(moved ? { positionEstimated: false } : {}) })
      .where(eq(areas.id, areaId))
      .run();
    recordAudit(tx, { actorUserId: actor.id, action: "area.update", entityType: "area", entityId: areaId, details: { changes } });
  });
}

/** Archived areas leave the lists and the map; their history and stops stay. */
export function setAreaArchived(db: Db, actor: Actor, areaId: string, archived: boolean): void {
  requirePlanner(actor, CHANGE_PLACES);
  db.transaction((tx) => {
    const before = tx.select({ archivedAt: areas.archivedAt }).from(areas).where(eq(areas.id, areaId)).get();
    if (!before) throw new NotFound("Området finns inte.");
    if ((before.archivedAt !== null) === archived) return;
    tx.update(areas)
      .set({ archivedAt: archived ? new Date() : null })
      .where(eq(areas.id, areaId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: archived ? "area.archive" : "area.unarchive",
      entityType: "area",
      entityId: areaId,
    });
  });
}
