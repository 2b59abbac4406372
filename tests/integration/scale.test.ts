import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq, like, notInArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  advisorFunctions,
  answerGroups,
  areas,
  contacts,
  organizations,
  userAdvisorFunctions,
  userAnswerGroups,
  users,
} from "#db/schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { SCALE_BOUNDS, SCALE_JITTER_DEG, SCALE_TAG, scaleDatabase, type ScaleReport } from "#db/seed/scale";
import { openDatabase, type Db } from "~/db.server";
import { attemptLogin } from "~/domain/auth/login.server";

// Reference + demo data: 51 areas, 8 organizations with one contact each, 13 users.
const BASE = { areas: 51, organizations: 8, contacts: 8, users: DEMO_USERS.length } as const;
const FACTOR = 3;

function countOf(db: Db, table: typeof areas | typeof organizations | typeof contacts | typeof users): number {
  return db.select({ n: count() }).from(table).get()?.n ?? 0;
}

let dir: string;
let db: Db;
let report: ScaleReport;
let originalAreas: { id: string; name: string; lat: number; lng: number; kind: string }[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rullarut-scale-test-"));
  db = openDatabase(path.join(dir, "scale.sqlite"));
  seedReference(db);
  await seedDemo(db);
  originalAreas = db.select({ id: areas.id, name: areas.name, lat: areas.lat, lng: areas.lng, kind: areas.kind }).from(areas).all();
  report = await scaleDatabase(db, { factor: FACTOR });
}, 60_000);

afterAll(() => {
  db?.$client.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("scaleDatabase", () => {
  it("starts from the reference and demo data", () => {
    expect(originalAreas).toHaveLength(BASE.areas);
  });

  it("multiplies areas, organizations, contacts and users by the factor", () => {
    expect(countOf(db, areas)).toBe(FACTOR * BASE.areas);
    expect(countOf(db, organizations)).toBe(FACTOR * BASE.organizations);
    expect(countOf(db, contacts)).toBe(FACTOR * BASE.contacts);
    expect(countOf(db, users)).toBe(FACTOR * BASE.users);
    expect(report.inserted).toMatchObject({
      areas: (FACTOR - 1) * BASE.areas,
      organizations: (FACTOR - 1) * BASE.organizations,
      contacts: (FACTOR - 1) * BASE.contacts,
      users: (FACTOR - 1) * BASE.users,
    });
    expect(report.totals.areas).toBe(FACTOR * BASE.areas);
  });

  it("places area copies near their original, inside the municipality's box, with the same kind", () => {
    const byName = new Map(originalAreas.map((a) => [a.name, a]));
    const originalIds = originalAreas.map((a) => a.id);
    const generated = db.select().from(areas).where(notInArray(areas.id, originalIds)).all();
    expect(generated).toHaveLength((FACTOR - 1) * BASE.areas);
    expect(new Set(generated.map((a) => a.name)).size).toBe(generated.length);
    for (const a of generated) {
      expect(a.tags).toContain(SCALE_TAG);
      expect(a.lat).toBeGreaterThanOrEqual(SCALE_BOUNDS.minLat);
      expect(a.lat).toBeLessThanOrEqual(SCALE_BOUNDS.maxLat);
      expect(a.lng).toBeGreaterThanOrEqual(SCALE_BOUNDS.minLng);
      expect(a.lng).toBeLessThanOrEqual(SCALE_BOUNDS.maxLng);
      const match = /^(.*) (\d+)$/.exec(a.name);
      expect(match, a.name).not.toBeNull();
      const original = byName.get(match![1]!);
      expect(original, a.name).toBeDefined();
      expect(Number(match![2])).toBeGreaterThanOrEqual(2);
      expect(a.kind).toBe(original!.kind);
      expect(Math.abs(a.lat - original!.lat)).toBeLessThanOrEqual(SCALE_JITTER_DEG + 1e-6);
      expect(Math.abs(a.lng - original!.lng)).toBeLessThanOrEqual(SCALE_JITTER_DEG + 1e-6);
    }
    expect(byName.has("Rydebäck")).toBe(true);
    expect(generated.some((a) => a.name === "Rydebäck 2")).toBe(true);
  });

  it("links every organization to an existing area, generated ones to generated areas", () => {
    const rows = db
      .select({ org: organizations.name, areaId: organizations.areaId, area: areas.id })
      .from(organizations)
      .leftJoin(areas, eq(areas.id, organizations.areaId))
      .all();
    expect(rows).toHaveLength(FACTOR * BASE.organizations);
    for (const r of rows) expect(r.area, r.org).toBe(r.areaId);
    const originalIds = new Set(originalAreas.map((a) => a.id));
    const onGenerated = rows.filter((r) => !originalIds.has(r.areaId));
    expect(onGenerated).toHaveLength((FACTOR - 1) * BASE.organizations);
  });

  it("gives generated contacts fictional .example addresses", () => {
    for (const c of db.select().from(contacts).all()) expect(c.email ?? "").toMatch(/\.example$/);
  });

  it("creates staff with a mix of answer groups and advisor functions", () => {
    const generated = db.select().from(users).where(like(users.email, "personal-%@skala.example")).all();
    expect(generated).toHaveLength((FACTOR - 1) * BASE.users);
    for (const u of generated) expect(u.role).toBe("staff");
    const ids = new Set(generated.map((u) => u.id));
    const groups = db.select().from(userAnswerGroups).all().filter((g) => ids.has(g.userId));
    const functions = db.select().from(userAdvisorFunctions).all().filter((f) => ids.has(f.userId));
    expect(groups.length).toBeGreaterThan(0);
    expect(functions.length).toBeGreaterThan(0);
    const groupCodes = new Set(db.select().from(answerGroups).all().map((g) => g.code));
    const functionCodes = new Set(db.select().from(advisorFunctions).all().map((f) => f.code));
    for (const g of groups) expect(groupCodes.has(g.groupCode)).toBe(true);
    for (const f of functions) expect(functionCodes.has(f.functionCode)).toBe(true);
    // Everyone has something to do at a stop.
    const withRole = new Set([...groups.map((g) => g.userId), ...functions.map((f) => f.userId)]);
    expect(withRole.size).toBe(generated.length);
  });

  it("lets a generated user log in with the demo password", async () => {
    const user = db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, "personal-1@skala.example")).get();
    expect(user).toBeDefined();
    const result = await attemptLogin(db, { email: user!.email, password: DEMO_PASSWORD, ip: "127.0.0.1" });
    expect(result).toEqual({ ok: true, userId: user!.id });
  });

  it("adds more, with new unique names, when run again", async () => {
    const again = await scaleDatabase(db, { factor: 2 });
    expect(again.inserted.areas).toBe(BASE.areas);
    expect(countOf(db, areas)).toBe((FACTOR + 1) * BASE.areas);
    const names = db.select({ name: areas.name }).from(areas).all().map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    const emails = db.select({ email: users.email }).from(users).all().map((u) => u.email);
    expect(new Set(emails).size).toBe(emails.length);
  });
});
