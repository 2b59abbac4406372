import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { areas, auditLog, contacts, organizations } from "#db/schema";
import { describeHistoryEntry } from "~/domain/areas/history";
import { Forbidden, NotFound } from "~/domain/errors";
import {
  addContact,
  createOrganization,
  getOrganizationPage,
  removeContact,
  searchOrganizations,
  setOrganizationArchived,
  updateContact,
  updateOrganization,
} from "~/domain/organizations/organizations.server";
import { contactSchema, isPhoneNumber, newOrganizationSchema, normaliseWebsite } from "~/domain/organizations/schemas";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { makeUser } from "../support/fixtures";

describe("organization and contact schemas", () => {
  it("accepts http(s) websites, adds https:// to a bare domain and refuses other schemes", () => {
    expect(normaliseWebsite("www.rydebacksbyalag.se")).toBe("https://www.rydebacksbyalag.se/");
    expect(normaliseWebsite("http://odakraby.se/")).toBe("http://odakraby.se/");
    expect(normaliseWebsite("javascript:alert(1)")).toBeNull();
    expect(normaliseWebsite("ftp://example.se")).toBeNull();
    const bad = newOrganizationSchema.safeParse({ name: "Byalaget", kind: "byalag", areaId: "x", website: "mailto:a@b.se" });
    expect(bad.error?.issues[0]?.message).toMatch(/^Ange en webbadress som börjar med http:\/\/ eller https:\/\//);
  });

  it("accepts Swedish phone numbers as people write them, loosely", () => {
    for (const ok of ["070-174 06 05", "042-10 50 00", "+46 70 174 06 05", "+46 (0)70-174 06 05", "0046701740605", "+45 33 12 34 56"]) {
      expect(isPhoneNumber(ok), ok).toBe(true);
    }
    for (const bad of ["12", "070-abc", "ring mig", "+46"]) expect(isPhoneNumber(bad), bad).toBe(false);
  });

  it("wants a way to reach the contact and answers in Swedish", () => {
    const none = contactSchema.safeParse({ intent: "addContact", name: "Britt Larsson" });
    expect(none.error?.issues[0]).toMatchObject({ path: ["email"], message: "Ange e-post eller telefon, så att vi kan nå personen" });
    const bad = contactSchema.safeParse({ intent: "addContact", name: "Britt", email: "inte-en-adress", phone: "12" });
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      "Ange en giltig e-postadress, t.ex. namn@exempel.se",
      "Ange ett telefonnummer, t.ex. 070-123 45 67 eller +46 70 123 45 67",
    ]);
    expect(contactSchema.parse({ intent: "removeContact", contactId: "abc" })).toEqual({ intent: "removeContact", contactId: "abc" });
  });
});

describe("organization verbs", () => {
  let t: TestDb;
  let leader: Actor;
  let staff: Actor;
  let rydeback: string;
  let larod: string;

  beforeEach(async () => {
    t = await seededTestDb();
    const user = (role: Actor["role"]) => makeUser(t.db, role, { name: `Test ${role}`, email: `${role}@test.example` });
    leader = await user("tour_leader");
    staff = await user("staff");
    rydeback = t.db.select({ id: areas.id }).from(areas).where(eq(areas.name, "Rydebäck")).get()!.id;
    larod = t.db.select({ id: areas.id }).from(areas).where(eq(areas.name, "Laröd")).get()!.id;
  });
  afterEach(() => t.cleanup());

  const org = (over: Partial<{ name: string; areaId: string; website: string }> = {}) =>
    newOrganizationSchema.parse({ name: "Rydebäcks Hembygdsförening", kind: "hembygdsforening", areaId: rydeback, ...over });

  it("staff get Forbidden for every change", () => {
    const existing = t.db.select().from(organizations).get()!;
    expect(() => createOrganization(t.db, staff, org())).toThrow(Forbidden);
    expect(() => updateOrganization(t.db, staff, existing.id, org())).toThrow(Forbidden);
    expect(() => setOrganizationArchived(t.db, staff, existing.id, true)).toThrow(Forbidden);
    expect(() => addContact(t.db, staff, existing.id, { name: "X", email: "x@example.se" })).toThrow(Forbidden);
    expect(
      t.db
        .select()
        .from(auditLog)
        .all()
        .filter((e) => e.entityType === "organization" || e.entityType === "contact"),
    ).toEqual([]);
  });

  it("creates and updates an organization, auditing each change", () => {
    const id = createOrganization(t.db, leader, org({ website: "rydebackshembygd.se" }));
    updateOrganization(t.db, leader, id, org({ areaId: larod, website: "https://rydebackshembygd.se/om-oss" }));
    const page = getOrganizationPage(t.db, id);
    expect(page.organization).toMatchObject({ areaId: larod, website: "https://rydebackshembygd.se/om-oss" });
    expect(page.area).toMatchObject({ id: larod, name: "Laröd" });
    expect(page.history.map((h) => h.action)).toEqual(["organization.update", "organization.create"]);
    expect(page.areaNames).toEqual({ [rydeback]: "Rydebäck", [larod]: "Laröd" });
    const lines = describeHistoryEntry(page.history[0]!, (field, value) =>
      field === "areaId" && typeof value === "string" ? page.areaNames[value] : undefined,
    ).lines;
    expect(lines).toEqual(["Område: Rydebäck → Laröd", "Webbplats: https://rydebackshembygd.se/ → https://rydebackshembygd.se/om-oss"]);
  });

  it("refuses an area that does not exist", () => {
    expect(() => createOrganization(t.db, leader, org({ areaId: "finns-inte" }))).toThrow(/Området finns inte/);
  });

  it("archiving hides the organization from the list", () => {
    const id = createOrganization(t.db, leader, org());
    expect(searchOrganizations(t.db, { q: "hembygdsförening", page: 1 }).items.map((o) => o.id)).toContain(id);
    setOrganizationArchived(t.db, leader, id, true);
    expect(searchOrganizations(t.db, { q: "hembygdsförening", page: 1 }).items.map((o) => o.id)).not.toContain(id);
    expect(searchOrganizations(t.db, { q: "hembygdsförening", page: 1, includeArchived: true }).items.find((o) => o.id === id)).toMatchObject({
      archived: true,
    });
  });

  it("searches by organization or area name and counts contacts", () => {
    const found = searchOrganizations(t.db, { q: "RYDEBÄCK", page: 1 });
    expect(found.items).toEqual([expect.objectContaining({ name: "Rydebäcks Byalag", areaName: "Rydebäck", contactCount: 0 })]);
    expect(searchOrganizations(t.db, { kind: "byalag", page: 1 }).items.every((o) => o.kind === "byalag")).toBe(true);
  });

  it("adds, edits and removes contacts; the audit log names the fields, never the person's details", () => {
    const orgId = createOrganization(t.db, leader, org());
    const contactId = addContact(t.db, leader, orgId, { name: "Britt Larsson", role: "Ordförande", email: "britt@example.se", phone: "070-174 06 05" });
    updateContact(t.db, leader, orgId, contactId, { name: "Britt Larsson", role: "Ordförande", email: "ny@example.se", phone: "070-174 06 06" });
    expect(t.db.select().from(contacts).where(eq(contacts.id, contactId)).get()).toMatchObject({ email: "ny@example.se", phone: "070-174 06 06" });
    removeContact(t.db, leader, orgId, contactId);
    expect(t.db.select().from(contacts).where(eq(contacts.id, contactId)).get()).toBeUndefined();

    const entries = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "contact"), eq(auditLog.entityId, contactId)))
      .all();
    expect(entries.map((e) => [e.action, e.details])).toEqual(
      expect.arrayContaining([
        ["contact.create", { organizationId: orgId, fields: ["name", "role", "email", "phone"] }],
        ["contact.update", { organizationId: orgId, fields: ["email", "phone"] }],
        ["contact.delete", { organizationId: orgId }],
      ]),
    );
    const logged = JSON.stringify(t.db.select().from(auditLog).all());
    for (const secret of ["britt@example.se", "ny@example.se", "070-174", "Britt"]) expect(logged).not.toContain(secret);

    // The organization's page shows its contacts' history too.
    const history = getOrganizationPage(t.db, orgId).history.map((h) => h.action);
    expect(history).toEqual(expect.arrayContaining(["contact.create", "contact.update", "contact.delete", "organization.create"]));
  });

  it("will not touch a contact through another organization", () => {
    const a = createOrganization(t.db, leader, org());
    const b = createOrganization(t.db, leader, org({ name: "Annan förening" }));
    const contactId = addContact(t.db, leader, a, { name: "Anna", email: "anna@example.se" });
    expect(() => updateContact(t.db, leader, b, contactId, { name: "Anna", email: "x@example.se" })).toThrow(NotFound);
    expect(() => removeContact(t.db, leader, b, contactId)).toThrow(NotFound);
    expect(t.db.select().from(contacts).where(eq(contacts.id, contactId)).get()).toMatchObject({ email: "anna@example.se" });
  });
});
