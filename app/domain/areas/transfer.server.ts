import { eq, isNull } from "drizzle-orm";
import { areas, type Area } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import type { Actor } from "~/domain/users/users.server";
import { requirePlanner } from "~/domain/users/roles";
import { areaChanges, CHANGE_PLACES } from "./areas.server";
import { nameKey, type ImportMode } from "./schemas";
import { ensureSearchFunctions, swedishOrder } from "./search.server";
import { decodeUpload, detectFormat, formatIssue, parseAreasFile, type AreaRecord, type FileFormat, type ImportIssue, type ImportRow } from "./transfer";

/** The areas as a file carries them, in Swedish alphabetical order. Archived ones only when asked. */
export function exportAreas(db: Db, actor: Actor, options: { includeArchived?: boolean } = {}): AreaRecord[] {
  requirePlanner(actor, CHANGE_PLACES);
  ensureSearchFunctions(db);
  return db
    .select({
      name: areas.name,
      kind: areas.kind,
      lat: areas.lat,
      lng: areas.lng,
      population: areas.population,
      populationYear: areas.populationYear,
      tags: areas.tags,
      notes: areas.notes,
      statCode: areas.statCode,
    })
    .from(areas)
    .where(options.includeArchived ? undefined : isNull(areas.archivedAt))
    .orderBy(swedishOrder(areas.name))
    .all();
}

export type ImportResult = { ok: true; added: number; updated: number; unchanged: number } | { ok: false; issues: ImportIssue[] };

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

function valuesOf(row: ImportRow): Partial<Area> {
  const values: Partial<Record<keyof AreaRecord, unknown>> = {};
  for (const field of row.present) values[field] = row.record[field];
  return values as Partial<Area>;
}

/**
 * Imports areas from a CSV or GeoJSON file, all or nothing: every row is checked first and
 * every bad one reported; only a file without errors is written, in one transaction. Names
 * match existing areas (archived ones too) case-insensitively; with mode "upsert" a match is
 * updated with the columns the file has, with "add_only" it is an error.
 */
export function importAreas(db: Db, actor: Actor, input: { format: FileFormat; text: string; mode: ImportMode }): ImportResult {
  requirePlanner(actor, CHANGE_PLACES);
  const parsed = parseAreasFile(input.format, input.text);
  if (parsed.issues.length) return { ok: false, issues: parsed.issues };

  return db.transaction((tx: Tx): ImportResult => {
    const existing = new Map(
      tx
        .select()
        .from(areas)
        .all()
        .map((a) => [nameKey(a.name), a] as const),
    );
    if (input.mode === "add_only") {
      const clashes: ImportIssue[] = parsed.rows
        .filter((r) => existing.has(nameKey(r.record.name)))
        .map((r) => ({ where: r.where, field: "name", message: `det finns redan ett område som heter ${existing.get(nameKey(r.record.name))!.name}` }));
      if (clashes.length) return { ok: false, issues: clashes };
    }

    let added = 0;
    let updated = 0;
    let unchanged = 0;
    for (const row of parsed.rows) {
      const before = existing.get(nameKey(row.record.name));
      const values = valuesOf(row);
      if (!before) {
        const { name, kind, lat, lng } = row.record;
        const inserted = tx
          .insert(areas)
          .values({ ...values, name, kind, lat, lng })
          .returning({ id: areas.id })
          .get();
        recordAudit(tx, {
          actorUserId: actor.id,
          action: "area.create",
          entityType: "area",
          entityId: inserted.id,
          details: { changes: areaChanges({}, values), via: `import (${input.format})` },
        });
        added++;
        continue;
      }
      const changes = areaChanges(before, values);
      if (!Object.keys(changes).length) {
        unchanged++;
        continue;
      }
      const moved = "lat" in changes || "lng" in changes;
      tx.update(areas)
        .set({ ...values, ...(moved ? { positionEstimated: false } : {}) })
        .where(eq(areas.id, before.id))
        .run();
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "area.update",
        entityType: "area",
        entityId: before.id,
        details: { changes, via: `import (${input.format})` },
      });
      updated++;
    }
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "area.import",
      entityType: "area",
      details: { format: input.format, mode: input.mode, rows: parsed.rows.length, added, updated, unchanged },
    });
    return { ok: true, added, updated, unchanged };
  });
}

/**
 * An uploaded file: decoded (UTF-8, else Windows-1252), its format told by name or content,
 * then imported. Problems come back as Swedish lines ("Rad 4, lat: …").
 */
export function importAreasUpload(
  db: Db,
  actor: Actor,
  input: { fileName: string; bytes: Uint8Array; mode: ImportMode },
): { ok: true; added: number; updated: number; unchanged: number } | { ok: false; issues: string[] } {
  requirePlanner(actor, CHANGE_PLACES);
  const text = decodeUpload(input.bytes);
  const result = importAreas(db, actor, { format: detectFormat(input.fileName, text), text, mode: input.mode });
  return result.ok ? result : { ok: false, issues: result.issues.map(formatIssue) };
}
