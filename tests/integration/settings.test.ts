import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, municipalitySettings } from "#db/schema";
import { seedReference } from "#db/seed/reference";
import { Forbidden, NotFound } from "~/domain/errors";
import { settingsSchema, type SettingsInput } from "~/domain/settings/schemas";
import { getMunicipalityName, getSettings, updateSettings } from "~/domain/settings/settings.server";
import { createUser, type Actor } from "~/domain/users/users.server";
import { createTestDb, type TestDb } from "../support/db";

const FORM = {
  name: "Helsingborgs stad",
  officeName: "Kontaktcenter",
  officeAddress: "Stortorget 17, 252 20 Helsingborg",
  officeLat: "56,05",
  officeLng: "12,69",
  mapCenterLat: "56.06",
  mapCenterLng: "12.76",
  mapZoom: "11",
};

describe("settingsSchema", () => {
  it("accepts Swedish decimal commas as well as points", () => {
    const result = settingsSchema.safeParse(FORM);
    expect(result.success).toBe(true);
    expect(result.data?.officeLat).toBe(56.05);
    expect(result.data?.officeLng).toBe(12.69);
    expect(result.data?.mapCenterLat).toBe(56.06);
    expect(result.data?.mapZoom).toBe(11);
  });

  it("accepts surrounding spaces around a number", () => {
    expect(settingsSchema.safeParse({ ...FORM, officeLat: " 56,05 " }).data?.officeLat).toBe(56.05);
  });

  it("rejects a latitude outside Sweden with a Swedish message", () => {
    const result = settingsSchema.safeParse({ ...FORM, officeLat: "40" });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path[0] === "officeLat");
    expect(issue?.message).toMatch(/^Latitud måste vara mellan 55 och 69[,.]1$/);
  });

  it("rejects text where a number is expected with a Swedish hint", () => {
    const result = settingsSchema.safeParse({ ...FORM, officeLng: "tolv" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((i) => i.path[0] === "officeLng")?.message).toMatch(/^Ange longitud som ett tal/);
  });

  it("rejects a zoom level that is not a whole number between 5 and 16", () => {
    expect(settingsSchema.safeParse({ ...FORM, mapZoom: "17" }).success).toBe(false);
    expect(settingsSchema.safeParse({ ...FORM, mapZoom: "10.5" }).success).toBe(false);
    expect(settingsSchema.safeParse({ ...FORM, mapZoom: "16" }).success).toBe(true);
  });
});

describe("updateSettings", () => {
  let t: TestDb;
  let admin: Actor;
  let staff: Actor;
  const input = (): SettingsInput => settingsSchema.parse({ ...FORM, name: "Testkommun", officeName: "Nytt kontaktcenter" });

  beforeEach(async () => {
    t = createTestDb();
    seedReference(t.db);
    const user = (email: string, role: Actor["role"]) =>
      createUser(t.db, null, { name: email, email, role, password: "ett-langt-losenord", answerGroups: [], advisorFunctions: [] });
    admin = { id: await user("admin@test.example", "admin"), role: "admin" };
    staff = { id: await user("staff@test.example", "staff"), role: "staff" };
  });
  afterEach(() => t.cleanup());

  it("as admin saves the settings and audits the change with the admin as actor", () => {
    updateSettings(t.db, admin, input());
    const saved = getSettings(t.db);
    expect(saved).toMatchObject({ name: "Testkommun", officeName: "Nytt kontaktcenter", officeLat: 56.05, officeLng: 12.69, mapZoom: 11 });
    expect(getMunicipalityName(t.db)).toBe("Testkommun");
    // The boundary is not part of the form and must survive a save.
    expect(saved.boundaryGeojson).toBeTruthy();
    const entries = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "settings.update"), eq(auditLog.entityType, "municipality_settings")))
      .all();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorUserId).toBe(admin.id);
    expect(entries[0]!.details).toMatchObject({ name: "Testkommun" });
  });

  it.each(["staff", "tour_leader"] as const)("is forbidden to %s and changes nothing", (role) => {
    expect(() => updateSettings(t.db, { id: staff.id, role }, input())).toThrow(Forbidden);
    expect(getSettings(t.db).name).toBe("Helsingborgs stad");
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "settings.update")).all()).toHaveLength(0);
  });

  it("reports missing settings as NotFound, and the header falls back to a neutral name", () => {
    t.db.delete(municipalitySettings).run();
    expect(() => getSettings(t.db)).toThrow(NotFound);
    expect(getMunicipalityName(t.db)).toBe("Kommunen");
  });
});
