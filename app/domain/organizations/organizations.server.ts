import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { areas, auditLog, contacts, organizations, users, type Contact, type Organization, type OrganizationKind } from "#db/schema";
import type { Db } from "~/db.server";
import { CHANGE_PLACES } from "~/domain/areas/areas.server";
import { requirePlanner } from "~/domain/users/roles";
import { containsText, ensureSearchFunctions, swedishOrder } from "~/domain/areas/search.server";
import { entityHistory, recordAudit, type HistoryEntry } from "~/domain/audit/audit.server";
import { Conflict, NotFound } from "~/domain/errors";
import type { Actor } from "~/domain/users/users.server";
import { ORGANIZATIONS_PAGE_SIZE, type ContactInput, type OrganizationInput } from "./schemas";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type OrganizationSearch = { q?: string; kind?: OrganizationKind; page: number; includeArchived?: boolean };

export type OrganizationSearchItem = {
  id: string;
  name: string;
  kind: OrganizationKind;
  areaId: string;
  areaName: string;
  archived: boolean;
  contactCount: number;
};

export type OrganizationSearchResult = {
  items: OrganizationSearchItem[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
};

/** One page of organizations whose name or area matches, in Swedish alphabetical order. */
export function searchOrganizations(db: Db, search: OrganizationSearch): OrganizationSearchResult {
  ensureSearchFunctions(db);
  const conditions: SQL[] = [];
  if (!search.includeArchived) conditions.push(isNull(organizations.archivedAt));
  if (search.kind) conditions.push(eq(organizations.kind, search.kind));
  if (search.q) conditions.push(or(containsText(organizations.name, search.q), containsText(areas.name, search.q))!);
  const where = conditions.length ? and(...conditions) : undefined;
  const total = db.select({ n: count() }).from(organizations).innerJoin(areas, eq(areas.id, organizations.areaId)).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / ORGANIZATIONS_PAGE_SIZE));
  const page = Math.min(Math.max(1, search.page), pageCount);
  const rows = db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      areaId: organizations.areaId,
      areaName: areas.name,
      archivedAt: organizations.archivedAt,
      contactCount: sql<number>`(select count(*) from contacts c where c.organization_id = "organizations"."id")`,
    })
    .from(organizations)
    .innerJoin(areas, eq(areas.id, organizations.areaId))
    .where(where)
    .orderBy(swedishOrder(organizations.name), asc(organizations.id))
    .limit(ORGANIZATIONS_PAGE_SIZE)
    .offset((page - 1) * ORGANIZATIONS_PAGE_SIZE)
    .all();
  return {
    items: rows.map(({ archivedAt, ...r }) => ({ ...r, archived: archivedAt !== null })),
    total,
    page,
    pageCount,
    pageSize: ORGANIZATIONS_PAGE_SIZE,
  };
}

export function getOrganization(db: Db, organizationId: string): Organization {
  const row = db.select().from(organizations).where(eq(organizations.id, organizationId)).get();
  if (!row) throw new NotFound("Organisationen finns inte.");
  return row;
}

export type OrganizationPage = {
  organization: Organization;
  area: { id: string; name: string; archived: boolean };
  contacts: Contact[];
  history: HistoryEntry[];
  /** Names of the areas the history mentions, by id. */
  areaNames: Record<string, string>;
};

/**
 * The organization's history: its own entries and those of its contacts (which carry the
 * organization's id, never the person's details), newest first.
 */
function organizationHistory(db: Db, organizationId: string, limit = 100): HistoryEntry[] {
  const own = entityHistory(db, "organization", organizationId, limit);
  const ofContacts = db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, actorName: users.name, details: auditLog.details })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.entityType, "contact"), sql`json_extract(${auditLog.details}, '$.organizationId') = ${organizationId}`))
    .orderBy(desc(auditLog.at))
    .limit(limit)
    .all();
  return [...own, ...ofContacts].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}

export function getOrganizationPage(db: Db, organizationId: string): OrganizationPage {
  const organization = getOrganization(db, organizationId);
  const area = db.select({ id: areas.id, name: areas.name, archivedAt: areas.archivedAt }).from(areas).where(eq(areas.id, organization.areaId)).get()!;
  const history = organizationHistory(db, organizationId);
  const areaIds = new Set<string>();
  for (const entry of history) {
    const change = (entry.details?.changes as Record<string, [unknown, unknown]> | undefined)?.areaId;
    for (const id of change ?? []) if (typeof id === "string") areaIds.add(id);
  }
  const areaNames = Object.fromEntries(
    areaIds.size
      ? db
          .select({ id: areas.id, name: areas.name })
          .from(areas)
          .where(inArray(areas.id, [...areaIds]))
          .all()
          .map((a) => [a.id, a.name])
      : [],
  );
  return {
    organization,
    area: { id: area.id, name: area.name, archived: area.archivedAt !== null },
    contacts: db.select().from(contacts).where(eq(contacts.organizationId, organizationId)).orderBy(asc(contacts.createdAt), asc(contacts.id)).all(),
    history,
    areaNames,
  };
}

type OrganizationValues = Pick<Organization, "name" | "kind" | "areaId" | "website" | "notes">;

function organizationValues(tx: Tx, input: OrganizationInput): OrganizationValues {
  const area = tx.select({ id: areas.id }).from(areas).where(eq(areas.id, input.areaId)).get();
  if (!area) throw new Conflict("Området finns inte. Välj ett annat.", "areaId");
  return { name: input.name, kind: input.kind, areaId: input.areaId, website: input.website ?? null, notes: input.notes || null };
}

function changesOf<T extends Record<string, unknown>>(before: Partial<T>, after: T, unquoted: ReadonlySet<string>) {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    const a = before[key] ?? null;
    const b = after[key] ?? null;
    if (a === b) continue;
    changes[key] = unquoted.has(key) ? [a === null ? null : "…", b === null ? null : "…"] : [a, b];
  }
  return changes;
}

const UNQUOTED_ORGANIZATION_FIELDS = new Set(["notes"]);

export function createOrganization(db: Db, actor: Actor, input: OrganizationInput): string {
  requirePlanner(actor, CHANGE_PLACES);
  return db.transaction((tx) => {
    const values = organizationValues(tx, input);
    const row = tx.insert(organizations).values(values).returning({ id: organizations.id }).get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "organization.create",
      entityType: "organization",
      entityId: row.id,
      details: { changes: changesOf({}, values, UNQUOTED_ORGANIZATION_FIELDS) },
    });
    return row.id;
  });
}

export function updateOrganization(db: Db, actor: Actor, organizationId: string, input: OrganizationInput): void {
  requirePlanner(actor, CHANGE_PLACES);
  db.transaction((tx) => {
    const before = tx.select().from(organizations).where(eq(organizations.id, organizationId)).get();
    if (!before) throw new NotFound("Organisationen finns inte.");
    const values = organizationValues(tx, input);
    const changes = changesOf(before, values, UNQUOTED_ORGANIZATION_FIELDS);
    if (!Object.keys(changes).length) return;
    tx.update(organizations).set(values).where(eq(organizations.id, organizationId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "organization.update",
      entityType: "organization",
      entityId: organizationId,
      details: { changes },
    });
  });
}

export function setOrganizationArchived(db: Db, actor: Actor, organizationId: string, archived: boolean): void {
  requirePlanner(actor, CHANGE_PLACES);
  db.transaction((tx) => {
    const before = tx.select({ archivedAt: organizations.archivedAt }).from(organizations).where(eq(organizations.id, organizationId)).get();
    if (!before) throw new NotFound("Organisationen finns inte.");
    if ((before.archivedAt !== null) === archived) return;
    tx.update(organizations)
      .set({ archivedAt: archived ? new Date() : null })
      .where(eq(organizations.id, organizationId))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: archived ? "organization.archive" : "organization.unarchive",
      entityType: "organization",
      entityId: organizationId,
    });
  });
}

// --- Contacts ----------------------------------------------------------------------------------

type ContactValues = Pick<Contact, "name" | "role" | "email" | "phone">;

const contactValues = (input: ContactInput): ContactValues => ({
  name: input.name,
  role: input.role || null,
  email: input.email || null,
  phone: input.phone || null,
});

/** Which fields changed (or, for a new contact, were given): names only, never the person's details. */
function changedFields(before: Partial<ContactValues>, after: ContactValues): string[] {
  return (Object.keys(after) as (keyof ContactValues)[]).filter((k) => (before[k] ?? null) !== after[k]);
}

function requireOrganization(tx: Tx, organizationId: string) {
  if (!tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).get()) {
    throw new NotFound("Organisationen finns inte.");
  }
}

function requireContact(tx: Tx, organizationId: string, contactId: string): Contact {
  const row = tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.organizationId, organizationId)))
    .get();
  if (!row) throw new NotFound("Kontaktpersonen finns inte.");
  return row;
}

export function addContact(db: Db, actor: Actor, organizationId: string, input: ContactInput): string {
  requirePlanner(actor, CHANGE_PLACES);
  return db.transaction((tx) => {
    requireOrganization(tx, organizationId);
    const values = contactValues(input);
    const row = tx
      .insert(contacts)
      .values({ organizationId, ...values })
      .returning({ id: contacts.id })
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "contact.create",
      entityType: "contact",
      entityId: row.id,
      details: { organizationId, fields: changedFields({}, values) },
    });
    return row.id;
  });
}

export function updateContact(db: Db, actor: Actor, organizationId: string, contactId: string, input: ContactInput): void {
  requirePlanner(actor, CHANGE_PLACES);
  db.transaction((tx) => {
    const before = requireContact(tx, organizationId, contactId);
    const values = contactValues(input);
    const fields = changedFields(before, values);
    if (!fields.length) return;
    tx.update(contacts).set(values).where(eq(contacts.id, contactId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "contact.update",
      entityType: "contact",
      entityId: contactId,
      details: { organizationId, fields },
    });
  });
}

export function removeContact(db: Db, actor: Actor, organizationId: string, contactId: string): void {
  requirePlanner(actor, CHANGE_PLACES);
  db.transaction((tx) => {
    requireContact(tx, organizationId, contactId);
    tx.delete(contacts).where(eq(contacts.id, contactId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "contact.delete",
      entityType: "contact",
      entityId: contactId,
      details: { organizationId },
    });
  });
}
