/**
 * The report's API keys, its JSON builder and period parsing, and the XLSX export (issue 7),
 * against a real SQLite with the demo data (the tours of 2016 and 2017).
 */
import ExcelJS from "exceljs";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, areas, auditLog, stops, tours } from "#db/schema";
import type { Db } from "~/db.server";
import { Forbidden } from "~/domain/errors";
import { periodFromSearchParams, reportJson } from "~/domain/report/api.server";
import { bearerKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey, verifyApiKey } from "~/domain/report/api-keys.server";
import { yearPeriod } from "~/domain/report/period";
import { yearlyReport } from "~/domain/report/report.server";
import { reportToXlsx, sheetName, sheetsToXlsx } from "~/domain/report/xlsx.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail, demoLeader } from "../support/fixtures";

let t: TestDb;
let db: Db;
let admin: Actor;
let leader: Actor;

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  db = t.db;
  admin = actorByEmail(db, "admin@rullarut.example");
  leader = demoLeader(db);
}, 120_000);
afterAll(() => t?.cleanup());

const query = (q: string) => periodFromSearchParams(db, new URLSearchParams(q));

describe("API keys", () => {
  it("are shown once and stored only as their SHA-256; verify accepts the key and nothing else", () => {
    const { id, key } = createApiKey(db, admin, { name: "  Instrumentpanel  " });
    expect(key).toMatch(/^rua_[A-Za-z0-9_-]{43}$/);
    const row = db.select().from(apiKeys).where(eq(apiKeys.id, id)).get()!;
    expect(row.name).toBe("Instrumentpanel");
    expect(row.keyHash).toBe(hashApiKey(key));
    expect(row.keyHash).not.toContain(key.slice(4));
    expect(row.createdByUserId).toBe(admin.id);
    expect(verifyApiKey(db, key)).toEqual({ id, name: "Instrumentpanel" });
    expect(verifyApiKey(db, key.slice(0, -1) + (key.endsWith("A") ? "B" : "A"))).toBeNull();
    expect(verifyApiKey(db, "")).toBeNull();
    expect(verifyApiKey(db, row.keyHash)).toBeNull();
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "api_key.create"), eq(auditLog.entityId, id)))
        .all(),
    ).toHaveLength(1);
  });

  it("marks last use at most once a minute", () => {
    const { id, key } = createApiKey(db, admin, { name: "Minutvis" });
    const t0 = new Date("2026-03-01T10:00:00Z");
    const lastUsed = () => db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id)).get()!.at;
    expect(lastUsed()).toBeNull();
    verifyApiKey(db, key, t0);
    expect(lastUsed()).toEqual(t0);
    verifyApiKey(db, key, new Date(t0.getTime() + 59_000));
    expect(lastUsed()).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    verifyApiKey(db, key, later);
    expect(lastUsed()).toEqual(later);
  });

  it("a revoked key is refused; revoking again changes nothing; only admins manage keys", () => {
    const { id, key } = createApiKey(db, admin, { name: "Återkallas" });
    revokeApiKey(db, admin, id, new Date("2026-03-02T08:00:00Z"));
    expect(verifyApiKey(db, key)).toBeNull();
    revokeApiKey(db, admin, id, new Date("2026-03-03T08:00:00Z"));
    expect(db.select({ at: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, id)).get()!.at).toEqual(new Date("2026-03-02T08:00:00Z"));
    const listed = listApiKeys(db, admin).find((k) => k.id === id)!;
    expect(listed.revokedAt).not.toBeNull();
    expect(listed.createdByName).not.toBeNull();
    expect(() => createApiKey(db, leader, { name: "Turnéledarens" })).toThrow(Forbidden);
    expect(() => listApiKeys(db, leader)).toThrow(Forbidden);
    expect(() => revokeApiKey(db, leader, id)).toThrow(Forbidden);
  });

  it("reads the key from a Bearer header only", () => {
    const req = (h?: string) => new Request("http://x/api/rapport", { headers: h ? { Authorization: h } : {} });
    expect(bearerKey(req("Bearer rua_abc"))).toBe("rua_abc");
    expect(bearerKey(req("bearer  rua_abc "))).toBe("rua_abc");
    expect(bearerKey(req("Basic dXNlcjpwdw=="))).toBeNull();
    expect(bearerKey(req())).toBeNull();
  });
});

describe("period parameters", () => {
  it("accepts a tour, a year or a date range, exactly one", () => {
    const tour = db.select({ id: tours.id, startsOn: tours.startsOn }).from(tours).all()[0]!;
    const byTour = query(`turne=${tour.id}`);
    expect(byTour.ok && byTour.period.kind === "tour" && byTour.period.startsOn === tour.startsOn).toBe(true);
    const year = query("ar=2017");
    expect(year.ok && year.period.startsOn === "2017-01-01" && year.period.endsOn === "2017-12-31").toBe(true);
    const range = query("fran=2017-05-01&till=2017-06-30");
    expect(range.ok && range.period.kind === "range").toBe(true);
  });

  it("refuses missing, mixed and malformed periods with a Swedish message", () => {
    for (const q of [
      "",
      "ar=2017&turne=x",
      "ar=17",
      "ar=abcd",
      "fran=2017-05-01",
      "fran=2017-06-01&till=2017-05-01",
      "fran=2017-02-30&till=2017-03-01",
      "turne=finns-inte",
    ]) {
      const result = query(q);
      expect(result.ok, q).toBe(false);
      if (!result.ok) expect(result.message.length, q).toBeGreaterThan(5);
    }
    // Years the date helpers cannot represent were a RangeError (a 500) in the API and the XLSX (issue 12).
    for (const q of [
      "ar=1000",
      "ar=0000",
      "ar=9999",
      "fran=1000-01-01&till=9999-12-31",
      "fran=0999-12-31&till=1000-01-01",
      "fran=2017-01-01&till=2040-01-01",
    ]) {
      const result = query(q);
      expect(result.ok, q).toBe(false);
    }
    const missing = query("turne=finns-inte");
    expect(!missing.ok && missing.message).toBe("Turnén finns inte.");
  });
});

describe("JSON", () => {
  it("has the report's figures with periods as plain dates, and survives JSON round trips unchanged", () => {
    const figures = yearlyReport(db, yearPeriod(2017));
    const json = reportJson(figures);
    expect(json.apiVersion).toBe(1);
    expect(json.period).toEqual({ kind: "year", label: "År 2017", startsOn: "2017-01-01", endsOn: "2017-12-31", tourId: null });
    expect(json.comparison.previous).toMatchObject({ kind: "year", startsOn: "2016-01-01", endsOn: "2016-12-31" });
    expect(json.stops.held).toBe(figures.stops.held);
    expect(json.stops.held).toBeGreaterThan(0);
    expect(json.questions.total).toBe(figures.questions.total);
    expect(json.comparison.current.stopsHeld).toBe(figures.stops.held);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe("XLSX", () => {
  it("writes one sheet per section with a bold header and numbers as numbers; formula-like text stays text", async () => {
    // A held 2017 stop's area gets a name that a spreadsheet would run as a formula.
    const held = db
      .select({ areaId: stops.areaId })
      .from(stops)
      .where(and(eq(stops.status, "held"), isNotNull(stops.areaId)))
      .all()
      .find(Boolean)!;
    const evil = '=HYPERLINK("https://evil.example","Klicka")';
    db.update(areas).set({ name: evil }).where(eq(areas.id, held.areaId!)).run();

    const year = Number(
      db.$client
        .prepare("select strftime('%Y', s.starts_at / 1000, 'unixepoch') from stops s where s.area_id = ? and s.status = 'held'")
        .pluck()
        .get(held.areaId) as string,
    );
    const figures = yearlyReport(db, yearPeriod(year));
    const buffer = await reportToXlsx(figures);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);

    const names = book.worksheets.map((w) => w.name);
    expect(names).toContain("Sammanfattning");
    expect(names).toContain("Personaltimmar");
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);

    const summary = book.getWorksheet("Sammanfattning")!;
    expect(summary.getCell("A1").value).toBe("Mått");
    expect(summary.getCell("A1").font?.bold).toBe(true);
    expect(summary.getCell("A3").value).toBe("Genomförda stopp");
    expect(summary.getCell("B3").value).toBe(figures.stops.held);
    expect(summary.getCell("B3").type).toBe(ExcelJS.ValueType.Number);

    const byArea = book.getWorksheet("Stopp per område")!;
    let found = false;
    byArea.eachRow((row) => {
      const cell = row.getCell(1);
      if (cell.value === evil) {
        found = true;
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(cell.numFmt).toBe("@");
        expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Number);
      }
    });
    expect(found).toBe(true);
  });

  it("keeps negative numbers as numbers and shortens sheet names to Excel's 31 characters", async () => {
    const buffer = await sheetsToXlsx(
      [
        {
          name: "Ett väldigt långt namn på ett blad: [över] gränsen",
          columns: [{ header: "Text" }, { header: "Tal" }],
          rows: [
            ["-1+2", -3],
            ["@SUM(A1)", 4],
          ],
        },
      ],
      { title: "Test" },
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe(sheetName("Ett väldigt långt namn på ett blad: [över] gränsen"));
    expect(sheet.name.length).toBe(31);
    expect(sheet.getCell("A2").value).toBe("-1+2");
    expect(sheet.getCell("A2").type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell("B2").value).toBe(-3);
    expect(sheet.getCell("A3").formula).toBeUndefined();
  });
});
