import { parseWithZod } from "@conform-to/zod";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, municipalitySettings } from "#db/schema";
import { seedReference } from "#db/seed/reference";
import { Forbidden, NotFound } from "~/domain/errors";
import { settingsSchema, type SettingsInput } from "~/domain/settings/schemas";
import { getMunicipalityName, getSettings, updateSettings } from "~/domain/settings/settings.server";
import { setStopNeeds, signUp, SignUpRefused, staffingSettings } from "~/domain/staffing/staffing.server";
import { stockholmToUtc } from "~/utils/dates";
import { createUser, type Actor } from "~/domain/users/users.server";
import { createTestDb, type TestDb } from "../support/db";
import { makeStaff, makeStop, makeTour } from "../support/fixtures";

const FORM = {
  name: "Helsingborgs stad",
  officeName: "Kontaktcenter",
  officeAddress: "Stortorget 17, 252 20 Helsingborg",
  officeLat: "56,05",
  officeLng: "12,69",
  mapCenterLat: "56.06",
  mapCenterLng: "12.76",
  mapZoom: "11",
  travelBufferMinutes: "45",
  staffingCutoffHours: "24",
  contactRetentionDays: "60",
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

  it("takes the travel buffer (0–240 minutes) and the sign-up cutoff (0–336 hours) as whole numbers", () => {
    expect(settingsSchema.parse(FORM)).toMatchObject({ travelBufferMinutes: 45, staffingCutoffHours: 24 });
    expect(settingsSchema.parse({ ...FORM, travelBufferMinutes: " 0 ", staffingCutoffHours: "336" })).toMatchObject({
      travelBufferMinutes: 0,
      staffingCutoffHours: 336,
    });
    expect(settingsSchema.parse({ ...FORM, travelBufferMinutes: "240", staffingCutoffHours: "0" })).toMatchObject({
      travelBufferMinutes: 240,
      staffingCutoffHours: 0,
    });
  });

  it.each([
    ["travelBufferMinutes", "241", "Ange restiden som ett heltal mellan 0 och 240 minuter"],
    ["travelBufferMinutes", "-5", "Ange restiden som ett heltal mellan 0 och 240 minuter"],
    ["travelBufferMinutes", "12,5", "Ange restiden som ett heltal mellan 0 och 240 minuter"],
    ["travelBufferMinutes", "en halvtimme", "Ange restiden som ett heltal mellan 0 och 240 minuter"],
    ["staffingCutoffHours", "337", "Ange antalet timmar som ett heltal mellan 0 och 336 (två veckor)"],
    ["staffingCutoffHours", "1.5", "Ange antalet timmar som ett heltal mellan 0 och 336 (två veckor)"],
  ])("rejects %s = %j with a Swedish message on that field", (field, value, message) => {
    const result = settingsSchema.safeParse({ ...FORM, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([[field, message]]);
  });

  it("treats an empty field as missing, not as 0, both parsed directly and from the form", () => {
    expect(settingsSchema.safeParse({ ...FORM, travelBufferMinutes: "" }).error?.issues[0]?.message).toBe("Ange restiden mellan stopp i minuter");
    const formData = new FormData();
    for (const [key, value] of Object.entries({ ...FORM, staffingCutoffHours: "" })) formData.set(key, value);
    const submission = parseWithZod(formData, { schema: settingsSchema });
    expect(submission.status).toBe("error");
    expect(submission.reply().error).toEqual({ staffingCutoffHours: ["Ange hur många timmar före start anmälan stänger"] });
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

  it("saves the travel buffer and the cutoff, and sign-up follows them at once", async () => {
    updateSettings(t.db, admin, settingsSchema.parse({ ...FORM, travelBufferMinutes: "0", staffingCutoffHours: "12" }));
    expect(staffingSettings(t.db)).toEqual({ travelBufferMinutes: 0, staffingCutoffHours: 12 });
    expect(getSettings(t.db)).toMatchObject({ travelBufferMinutes: 0, staffingCutoffHours: 12 });

    const leader: Actor = { id: admin.id, role: "tour_leader" };
    const person = await makeStaff(t.db, { answerGroups: ["BSU"] });
    const tourId = makeTour(t.db, leader, { startsOn: "2030-01-01", endsOn: "2030-12-31" });
    const first = makeStop(t.db, leader, { tourId, date: "2030-06-03", start: "10:00", end: "12:00" });
    const next = makeStop(t.db, leader, { tourId, date: "2030-06-03", start: "12:00", end: "14:00" });
    setStopNeeds(t.db, leader, first, { "g:BSU": 1 });
    setStopNeeds(t.db, leader, next, { "g:BSU": 1 });
    // 13 hours before: open with a 12-hour cutoff (it would be closed with the default 48).
    const start = stockholmToUtc("2030-06-03", "10:00").getTime();
    signUp(t.db, person, first, new Date(start - 13 * 3_600_000));
    // Adjacent stops with no travel buffer do not clash.
    signUp(t.db, person, next, new Date(start - 13 * 3_600_000));

    // With a buffer again, the same pair clashes.
    updateSettings(t.db, admin, settingsSchema.parse({ ...FORM, travelBufferMinutes: "15", staffingCutoffHours: "12" }));
    const third = makeStop(t.db, leader, { tourId, date: "2030-06-03", start: "14:10", end: "15:00" });
    setStopNeeds(t.db, leader, third, { "g:BSU": 1 });
    expect(() => signUp(t.db, person, third, new Date(start - 13 * 3_600_000))).toThrow(SignUpRefused);
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
