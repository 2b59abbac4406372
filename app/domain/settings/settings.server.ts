import { eq } from "drizzle-orm";
import { municipalitySettings, type MunicipalitySettings } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Forbidden, NotFound } from "~/domain/errors";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { contactCenterName } from "./names";
import type { SettingsInput } from "./schemas";

export function getSettings(db: Db): MunicipalitySettings {
  const row = db.select().from(municipalitySettings).where(eq(municipalitySettings.id, "default")).get();
  if (!row) throw new NotFound("Tjänsten är inte uppsatt ännu: administratören börjar på /installera.");
  return row;
}

/** Just the municipality's name, for the page header on every request. */
export function getMunicipalityName(db: Pick<Db, "select">): string {
  return db.select({ name: municipalitySettings.name }).from(municipalitySettings).where(eq(municipalitySettings.id, "default")).get()?.name ?? "Kommunen";
}

/** "Helsingborgs stads kontaktcenter": the contact center named as its organisation's (see ./names.ts). */
export function getContactCenterName(db: Pick<Db, "select">): string {
  const name = db.select({ name: municipalitySettings.name }).from(municipalitySettings).where(eq(municipalitySettings.id, "default")).get()?.name;
  return contactCenterName(name);
}

/** Days the residents' contact details are kept after their case is answered or closed (ADR 020). */
export function contactRetentionDays(db: Pick<Db, "select">): number {
  return db.select({ days: municipalitySettings.contactRetentionDays }).from(municipalitySettings).get()?.days ?? 30;
}

export function updateSettings(db: Db, actor: Actor, input: SettingsInput): void {
  if (!can.manageSettings(actor.role)) throw new Forbidden("Bara administratörer får ändra inställningarna.");
  db.transaction((tx) => {
    tx.update(municipalitySettings).set(input).where(eq(municipalitySettings.id, "default")).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "settings.update",
      entityType: "municipality_settings",
      entityId: "default",
      details: { ...input },
    });
  });
}
