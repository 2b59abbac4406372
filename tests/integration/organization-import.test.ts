import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { areas, auditLog, contacts, organizations } from "#db/schema";
import { createArea, setAreaArchived } from "~/domain/areas/areas.server";
import { newAreaSchema } from "~/domain/areas/schemas";
import { Forbidden } from "~/domain/errors";
import { ORGANIZATION_CSV_COLUMNS, organizationCsvTemplate, parseOrganizationsCsv } from "~/domain/organizations/import";
import { importOrganizations, importOrganizationsUpload } from "~/domain/organizations/import.server";
import { createUser, type Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";

async function makeActor(t: TestDb, role: Actor["role"]): Promise<Actor> {
  const id = await createUser(t.db, null, {
    name: `Test ${role}`,
    email: `${role}@test.example`,
    role,
    password: "ett-langt-losenord",
    answerGroups: [],
    advisorFunctions: [],
  });
  return { id, role };
}

const organizationCount = (t: TestDb) => t.db.select({ n: count() }).from(organizations).get()!.n;
const contactCount = (t: TestDb) => t.db.select({ n: count() }).from(contacts).get()!.n;
const importAudits = (t: TestDb) => t.db.select().from(auditLog).where(eq(auditLog.action, "organization.import")).all();
const organizationNamed = (t: TestDb, name: string) => t.db.select().from(organizations).where(eq(organizations.name, name)).get();

describe("organizationCsvTemplate and parseOrganizationsCsv (pure)", () => {
  const areaNames = new Map([
    ["exempelby", "area-exempelby"],
    ["rydebäck", "area-rydeback"],
  ]);

  it("the template is semicolon separated with a BOM, CRLF and the Swedish header", () => {
    const csv = organizationCsvTemplate();
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(ORGANIZATION_CSV_COLUMNS.join(";"));
    expect(lines.filter(Boolean)).toHaveLength(3);
    expect(csv).toContain("Exempelby");
    expect(csv).toContain("@example.org");
    expect(csv).toMatch(/070-174 06 (0[5-9]|[1-9]\d)/);
  });

  it("reads the template with headers in any case, aliases for e-post and typ as label or code", () => {
    const result = parseOrganizationsCsv(organizationCsvTemplate(), areaNames);
    expect(result).toMatchObject({
      ok: true,
      rows: [
        {
          row: 2,
          name: "Exempelby byalag",
          kind: "byalag",
          areaId: "area-exempelby",
          website: "https://www.example.org/exempelby-byalag",
          contact: { name: "Anna Exempelsson", role: "Ordförande", email: "anna.exempelsson@example.org", phone: "070-174 06 05" },
        },
        { row: 3, name: "Exempelby hembygdsförening", kind: "hembygdsforening", website: null, contact: { name: "Erik Exempelsson" } },
      ],
    });

    const loose = parseOrganizationsCsv(
      [" NAMN ,Typ,ORT,E-postadress,Kontaktperson", "Ett,byaforening,exempelby,,", "Två,ANNAT,RYDEBÄCK,a@example.org,Anna A", "Tre,förening,Exempelby,,"].join(
        "\n",
      ),
      areaNames,
    );
    expect(loose).toMatchObject({
      ok: true,
      rows: [
        { name: "Ett", kind: "byaforening", contact: null },
        { name: "Två", kind: "other", areaId: "area-rydeback", contact: { name: "Anna A", email: "a@example.org" } },
        { name: "Tre", kind: "forening" },
      ],
    });
  });

  it("an empty file, a header only or missing columns give one clear issue", () => {
    expect(parseOrganizationsCsv("", areaNames)).toEqual({ ok: false, issues: ["Filen har inga föreningar."] });
    expect(parseOrganizationsCsv("namn;typ;ort\r\n;;\r\n", areaNames)).toEqual({ ok: false, issues: ["Filen har inga föreningar."] });
    const missing = parseOrganizationsCsv("namn;webbplats\nEtt;x.se", areaNames);
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.issues).toHaveLength(1);
      expect(missing.issues[0]).toMatch(/^Rad 1: kolumnerna ”typ” och ”ort” saknas/);
    }
  });

  it("reports a name used twice in the file, and more than 500 rows", () => {
    const twice = parseOrganizationsCsv("namn;typ;ort\nEtt;Byalag;Exempelby\nETT;Byalag;Exempelby", areaNames);
    expect(twice).toEqual({ ok: false, issues: ["Rad 3, namn: samma namn som rad 2"] });
    const many = ["namn;typ;ort", ...Array.from({ length: 501 }, (_, i) => `Förening ${i};Förening;Exempelby`)].join("\n");
    const tooMany = parseOrganizationsCsv(many, areaNames);
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.issues[0]).toMatch(/högst 500/);
  });
});

describe("importOrganizations", () => {
  let t: TestDb;
  let leader: Actor;

  beforeEach(async () => {
    t = await seededTestDb();
    leader = await makeActor(t, "tour_leader");
    createArea(t.db, leader, newAreaSchema.parse({ name: "Exempelby", kind: "smaort", lat: "56,1", lng: "12,7" }));
  });
  afterEach(() => t.cleanup());

  it("imports the template: organizations, their contacts and one audit entry with counts only", () => {
    const before = organizationCount(t);
    const result = importOrganizations(t.db, leader, organizationCsvTemplate());
    expect(result).toEqual({ ok: true, added: 2, skipped: 0 });
    expect(organizationCount(t)).toBe(before + 2);
    const byalag = organizationNamed(t, "Exempelby byalag")!;
    const exempelby = t.db.select().from(areas).where(eq(areas.name, "Exempelby")).get()!;
    expect(byalag).toMatchObject({ kind: "byalag", areaId: exempelby.id, website: "https://www.example.org/exempelby-byalag" });
    expect(t.db.select().from(contacts).where(eq(contacts.organizationId, byalag.id)).all()).toMatchObject([
      { name: "Anna Exempelsson", role: "Ordförande", email: "anna.exempelsson@example.org", phone: "070-174 06 05" },
    ]);

    const audits = importAudits(t);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: leader.id, entityType: "organization", entityId: null });
    expect(audits[0]!.details).toEqual({ rows: 2, added: 2, skipped: 0, contacts: 2 });
    expect(JSON.stringify(audits[0]!.details)).not.toMatch(/Exempelsson|example\.org|070/);
  });

  it("a file with bad rows imports nothing and names every problem with its row", () => {
    const before = { organizations: organizationCount(t), contacts: contactCount(t) };
    const csv = [
      "namn;typ;ort;kontaktperson;e-post;telefon",
      "Bra förening;Förening;Exempelby;Anna A;anna@example.org;",
      "Felort byalag;Byalag;Ingenstans;;;",
      "Felpost byalag;Byalag;Exempelby;Bo B;inte-en-adress;",
      "Feltyp klubb;Klubb;Exempelby;;;",
      "Feltelefon byalag;Byalag;Exempelby;Cia C;;ring mig",
    ].join("\r\n");
    const result = importOrganizations(t.db, leader, csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      "Rad 3: ingen ort heter ”Ingenstans”. Lägg till orten under Områden eller rätta namnet.",
      expect.stringMatching(/^Rad 4, e-post: ange en giltig e-postadress/),
      expect.stringMatching(/^Rad 5, typ: ”Klubb” är ingen typ som finns; skriv Byalag, Byaförening/),
      expect.stringMatching(/^Rad 6, telefon: ange ett telefonnummer/),
    ]);
    expect(organizationCount(t)).toBe(before.organizations);
    expect(contactCount(t)).toBe(before.contacts);
    expect(importAudits(t)).toEqual([]);
  });

  it("wants a contact's name, and a way to reach them, when a row names a contact", () => {
    const result = importOrganizations(t.db, leader, "namn;typ;ort;kontaktperson;e-post\nEtt;Byalag;Exempelby;;a@example.org\nTvå;Byalag;Exempelby;Bo B;");
    expect(result).toEqual({
      ok: false,
      issues: ["Rad 2, kontaktperson: ange kontaktpersonens namn", "Rad 3, e-post: ange e-post eller telefon, så att vi kan nå personen"],
    });
  });

  it("refuses an archived ort", () => {
    const exempelby = t.db.select().from(areas).where(eq(areas.name, "Exempelby")).get()!;
    setAreaArchived(t.db, leader, exempelby.id, true);
    const result = importOrganizations(t.db, leader, "namn;typ;ort\nEtt byalag;Byalag;Exempelby");
    expect(result).toEqual({ ok: false, issues: ["Rad 2: ingen ort heter ”Exempelby”. Lägg till orten under Områden eller rätta namnet."] });
  });

  it("skips names that already exist, whatever the case, and counts them", () => {
    const existing = t.db.select().from(organizations).get()!;
    const before = organizationCount(t);
    const csv = `namn;typ;ort\n${existing.name.toLocaleUpperCase("sv")};Byalag;Exempelby\nNytt byalag;Byalag;Exempelby`;
    expect(importOrganizations(t.db, leader, csv)).toEqual({ ok: true, added: 1, skipped: 1 });
    expect(organizationCount(t)).toBe(before + 1);
    // The same file again adds nothing.
    expect(importOrganizations(t.db, leader, csv)).toEqual({ ok: true, added: 0, skipped: 2 });
    expect(organizationCount(t)).toBe(before + 1);
    expect(importAudits(t).map((a) => a.details)).toEqual([
      { rows: 2, added: 1, skipped: 1, contacts: 0 },
      { rows: 2, added: 0, skipped: 2, contacts: 0 },
    ]);
  });

  it("reads comma and semicolon separated files, with cells quoted", () => {
    const comma = 'namn,typ,ort,webbplats\n"Komma, byalag",Byalag,Exempelby,www.example.org\n';
    expect(importOrganizations(t.db, leader, comma)).toEqual({ ok: true, added: 1, skipped: 0 });
    expect(organizationNamed(t, "Komma, byalag")).toMatchObject({ website: "https://www.example.org/" });
    const semicolon = 'namn;typ;ort;webbplats\r\n"Semi; byalag";Byaförening;exempelby;\r\n';
    expect(importOrganizations(t.db, leader, semicolon)).toEqual({ ok: true, added: 1, skipped: 0 });
    expect(organizationNamed(t, "Semi; byalag")).toMatchObject({ kind: "byaforening", website: null });
  });

  it("handles formula-like cells as the area import does: an apostrophe added on export is removed, the text kept as text", () => {
    const csv = "namn;typ;ort;kontaktperson;telefon\n'=Formelbyalag;Byalag;Exempelby;'+Anna A;'+46 70 174 06 07\n=HYPERLINK(1);Byalag;Exempelby;;";
    expect(importOrganizations(t.db, leader, csv)).toEqual({ ok: true, added: 2, skipped: 0 });
    const neutralised = organizationNamed(t, "=Formelbyalag")!;
    expect(t.db.select().from(contacts).where(eq(contacts.organizationId, neutralised.id)).get()).toMatchObject({
      name: "+Anna A",
      phone: "+46 70 174 06 07",
    });
    expect(organizationNamed(t, "=HYPERLINK(1)")).toBeDefined();
    // A website that is a formula is no website.
    const bad = importOrganizations(t.db, leader, 'namn;typ;ort;webbplats\nEtt;Byalag;Exempelby;"=HYPERLINK(""https://example.org"")"');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues).toEqual([expect.stringMatching(/^Rad 2, webbplats: ange en webbadress/)]);
    // A quote inside an unquoted cell is named, with its row.
    const unquoted = importOrganizations(t.db, leader, 'namn;typ;ort;webbplats\nEtt;Byalag;Exempelby;=HYPERLINK("x")');
    expect(unquoted).toEqual({ ok: false, issues: [expect.stringMatching(/^Rad 2: filen kunde inte läsas som CSV: ett citattecken/)] });
  });

  it("decodes an uploaded file as UTF-8 with a BOM, or as Windows-1252", () => {
    const utf8 = new TextEncoder().encode(organizationCsvTemplate());
    expect(importOrganizationsUpload(t.db, leader, utf8)).toEqual({ ok: true, added: 2, skipped: 0 });
    // "Åby förening;Förening;Exempelby" in Windows-1252: Å = 0xC5, ö = 0xF6.
    const latin = Uint8Array.from(
      [..."namn;typ;ort\r\n"]
        .map((c) => c.charCodeAt(0))
        .concat([
          0xc5,
          ...[..."by f"].map((c) => c.charCodeAt(0)),
          0xf6,
          ...[..."rening;F"].map((c) => c.charCodeAt(0)),
          0xf6,
          ...[..."rening;Exempelby"].map((c) => c.charCodeAt(0)),
        ]),
    );
    expect(importOrganizationsUpload(t.db, leader, latin)).toEqual({ ok: true, added: 1, skipped: 0 });
    expect(organizationNamed(t, "Åby förening")).toMatchObject({ kind: "forening" });
  });

  it("refuses staff (Forbidden) and writes nothing", async () => {
    const staff = await makeActor(t, "staff");
    const before = organizationCount(t);
    expect(() => importOrganizations(t.db, staff, organizationCsvTemplate())).toThrow(Forbidden);
    expect(() => importOrganizationsUpload(t.db, staff, new TextEncoder().encode(organizationCsvTemplate()))).toThrow(Forbidden);
    expect(organizationCount(t)).toBe(before);
    expect(importAudits(t)).toEqual([]);
  });

  it("lets an admin import", async () => {
    const admin = await makeActor(t, "admin");
    expect(importOrganizations(t.db, admin, organizationCsvTemplate())).toEqual({ ok: true, added: 2, skipped: 0 });
  });
});
