import { isNull } from "drizzle-orm";
import { areas, contacts, organizations } from "#db/schema";
import type { Db } from "~/db.server";
import { CHANGE_PLACES } from "~/domain/areas/areas.server";
import { requirePlanner } from "~/domain/users/roles";
import { nameKey } from "~/domain/areas/schemas";
import { decodeUpload } from "~/domain/areas/transfer";
import { recordAudit } from "~/domain/audit/audit.server";
import type { Actor } from "~/domain/users/users.server";
import { parseOrganizationsCsv } from "./import";

export type OrganizationImportResult = { ok: true; added: number; skipped: number } | { ok: false; issues: string[] };

/**
 * Imports organizations, each with its contact if the row names one, from a CSV file (see
 * import.ts), all or nothing: a file with any problem writes nothing and gets every problem back.
 * `ort` must name an area that is not archived. A name that an organization already has
 * (archived ones too, whatever the case) is skipped, not an error, so the same file can be
 * imported twice. One audit entry for the whole import, with counts only: no names, no contacts.
 */
export function importOrganizations(db: Db, actor: Actor, text: string): OrganizationImportResult {
  requirePlanner(actor, CHANGE_PLACES);
  return db.transaction((tx): OrganizationImportResult => {
    const areaNames = new Map(
      tx
        .select({ id: areas.id, name: areas.name })
        .from(areas)
        .where(isNull(areas.archivedAt))
        .all()
        .map((a) => [nameKey(a.name), a.id] as const),
    );
    const parsed = parseOrganizationsCsv(text, areaNames);
    if (!parsed.ok) return parsed;

    const existing = new Set(
      tx
        .select({ name: organizations.name })
        .from(organizations)
        .all()
        .map((o) => nameKey(o.name)),
    );
    let added = 0;
    let skipped = 0;
    let contactsAdded = 0;
    for (const row of parsed.rows) {
      if (existing.has(nameKey(row.name))) {
        skipped++;
        continue;
      }
      const organization = tx
        .insert(organizations)
        .values({ name: row.name, kind: row.kind, areaId: row.areaId, website: row.website, notes: null })
        .returning({ id: organizations.id })
        .get();
      // Its history starts with the import, as a created organization's does (no contact details in it).
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "organization.create",
        entityType: "organization",
        entityId: organization.id,
        details: { imported: true, changes: { name: [null, row.name], kind: [null, row.kind] } },
      });
      added++;
      if (row.contact) {
        tx.insert(contacts)
          .values({
            organizationId: organization.id,
            name: row.contact.name,
            role: row.contact.role || null,
            email: row.contact.email || null,
            phone: row.contact.phone || null,
          })
          .run();
        contactsAdded++;
      }
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "organization.import",
      entityType: "organization",
      details: { rows: parsed.rows.length, added, skipped, contacts: contactsAdded },
    });
    return { ok: true, added, skipped };
  });
}

/** An uploaded file: decoded (UTF-8, else Windows-1252, as Swedish Excel saves CSV), then imported. */
export function importOrganizationsUpload(db: Db, actor: Actor, bytes: Uint8Array): OrganizationImportResult {
  requirePlanner(actor, CHANGE_PLACES);
  return importOrganizations(db, actor, decodeUpload(bytes));
}
