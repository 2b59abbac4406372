import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, asc, count, eq } from "drizzle-orm";
import {
  advisorFunctions,
  answerGroups,
  areas,
  auditLog,
  contacts,
  municipalitySettings,
  organizations,
  stopNeeds,
  stops,
  tours,
  userAdvisorFunctions,
  userAnswerGroups,
  users,
} from "#db/schema";
import { bootstrapDatabase } from "#db/seed/bootstrap";
import { DEMO_USERS, seedDemo } from "#db/seed/demo";
import { INTERNAL_NOTE_PREFIX, TAG_FAR_FROM_CENTRE, TAG_SOCIOECONOMIC, seedDemoTours } from "#db/seed/demo-tours";
import { stockholmDate, stockholmTime, stockholmToUtc } from "~/utils/dates";
import { ADVISOR_FUNCTIONS, ANSWER_GROUPS, seedReference } from "#db/seed/reference";
import { isSetUp } from "~/domain/setup/setup.server";
import { openDatabase, type Db } from "~/db.server";
import { createTestDb, makeTempDir, type TestDb } from "../support/db";

function countOf(db: Db, table: typeof areas | typeof organizations | typeof users | typeof contacts | typeof answerGroups): number {
  return db.select({ n: count() }).from(table).get()?.n ?? 0;
}

function areaOf(db: Db, organizationName: string): string | undefined {
  return db
    .select({ area: areas.name })
    .from(organizations)
    .innerJoin(areas, eq(areas.id, organizations.areaId))
    .where(eq(organizations.name, organizationName))
    .get()?.area;
}

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

describe("seedReference", () => {
  it("loads exactly 51 areas and 8 organizations", () => {
    const report = seedReference(t.db);
    expect(report).toEqual({ areasInserted: 51, organizationsInserted: 8 });
    expect(countOf(t.db, areas)).toBe(51);
    expect(countOf(t.db, organizations)).toBe(8);
  });

  it("gives the areas unique names and positions inside Helsingborg's municipality", () => {
    seedReference(t.db);
    const rows = t.db.select().from(areas).all();
    expect(new Set(rows.map((a) => a.name)).size).toBe(51);
    for (const a of rows) {
      expect(a.lat, a.name).toBeGreaterThan(55.9);
      expect(a.lat, a.name).toBeLessThan(56.3);
      expect(a.lng, a.name).toBeGreaterThan(12.4);
      expect(a.lng, a.name).toBeLessThan(13.0);
    }
  });

  it("links every organization to an existing area, by the first named locality", () => {
    seedReference(t.db);
    const orphans = t.db.$client.prepare("select o.name from organizations o left join areas a on a.id = o.area_id where a.id is null").all();
    expect(orphans).toEqual([]);
    expect(areaOf(t.db, "Rydebäcks Byalag")).toBe("Rydebäck");
    expect(areaOf(t.db, "Södra Luggude Hembygdsförening")).toBe("Mörarp");
    expect(areaOf(t.db, "Föreningen Ramlösabor")).toBe("Ramlösa");
    expect(areaOf(t.db, "Allerum-Hjälmshults Byaförening")).toBe("Allerum");
    expect(areaOf(t.db, "Wällufsbygdens Hembygdsförening")).toBe("Påarp");
    expect(areaOf(t.db, "Fleninge Hembygdsförening")).toBe("Fleninge");
  });

  it("keeps only real URLs as websites and moves unverified ones to the notes", () => {
    seedReference(t.db);
    const rydeback = t.db.select().from(organizations).where(eq(organizations.name, "Rydebäcks Byalag")).get();
    expect(rydeback?.website).toBeNull();
    expect(rydeback?.notes).toMatch(/^Webbplats \(ej verifierad\): rydebacksbyalag\.se/);
    const odakra = t.db.select().from(organizations).where(eq(organizations.name, "Ödåkra Byaförening")).get();
    expect(odakra?.website).toBe("https://odakraby.se/");
    for (const o of t.db.select().from(organizations).all()) {
      if (o.website !== null) expect(o.website, o.name).toMatch(/^https?:\/\//);
    }
  });

  it("loads the 3 answer groups and the 7 advisor functions", () => {
    seedReference(t.db);
    const groups = t.db.select().from(answerGroups).orderBy(asc(answerGroups.sortOrder)).all();
    expect(groups.map((g) => g.code)).toEqual(["BSU", "ASSF", "BBMT"]);
    const functions = t.db.select().from(advisorFunctions).orderBy(asc(advisorFunctions.sortOrder)).all();
    expect(functions.map((f) => f.code)).toEqual(["budget_debt", "consumer", "energy_climate", "eu_information", "volunteer_center", "senior", "disability"]);
  });

  it("sets the municipality with the contact center at Stortorget 17 and a boundary that parses as GeoJSON", () => {
    seedReference(t.db);
    const rows = t.db.select().from(municipalitySettings).all();
    expect(rows).toHaveLength(1);
    const s = rows[0]!;
    expect(s.id).toBe("default");
    expect(s.name).toBe("Helsingborgs stad");
    expect(s.officeAddress).toContain("Stortorget 17");
    expect(s.officeLat).toBe(56.0474178);
    expect(s.officeLng).toBe(12.6959072);
    expect(s.boundaryGeojson).toBeTruthy();
    const boundary = JSON.parse(s.boundaryGeojson!) as { type: string; features: { geometry: { type: string } }[] };
    expect(boundary.type).toBe("FeatureCollection");
    expect(boundary.features.length).toBeGreaterThan(0);
    expect(["Polygon", "MultiPolygon"]).toContain(boundary.features[0]!.geometry.type);
  });

  it("adds nothing when run a second time", () => {
    seedReference(t.db);
    const second = seedReference(t.db);
    expect(second).toEqual({ areasInserted: 0, organizationsInserted: 0 });
    expect(countOf(t.db, areas)).toBe(51);
    expect(countOf(t.db, organizations)).toBe(8);
    expect(t.db.select().from(answerGroups).all()).toHaveLength(ANSWER_GROUPS.length);
    expect(t.db.select().from(advisorFunctions).all()).toHaveLength(ADVISOR_FUNCTIONS.length);
    expect(t.db.select().from(municipalitySettings).all()).toHaveLength(1);
  });

  it("does not overwrite settings an administrator has changed", () => {
    seedReference(t.db);
    t.db.update(municipalitySettings).set({ officeName: "Nytt namn" }).where(eq(municipalitySettings.id, "default")).run();
    seedReference(t.db);
    expect(t.db.select().from(municipalitySettings).get()?.officeName).toBe("Nytt namn");
  });

  it("keeps what the admin changed in the lists: a second seed only adds what is missing", () => {
    seedReference(t.db);
    t.db.update(answerGroups).set({ description: "Kommunens egen text", active: false }).where(eq(answerGroups.code, "BSU")).run();
    seedReference(t.db);
    expect(t.db.select().from(answerGroups).where(eq(answerGroups.code, "BSU")).get()).toMatchObject({ description: "Kommunens egen text", active: false });
  });
});

describe("seedDemo", () => {
  beforeEach(() => {
    seedReference(t.db);
  });

  function userByEmail(email: string) {
    return t.db.query.users.findFirst({ where: eq(users.email, email), with: { answerGroups: true, advisorFunctions: true } }).sync();
  }

  it("creates the admin, the tour leader and the staff member used in the docs", async () => {
    expect(await seedDemo(t.db)).toBe(true);
    expect(userByEmail("admin@rullarut.example")?.role).toBe("admin");
    expect(userByEmail("turne@rullarut.example")?.role).toBe("tour_leader");
    const staff = userByEmail("personal@rullarut.example");
    expect(staff?.role).toBe("staff");
    expect(staff?.answerGroups.map((g) => g.groupCode)).toEqual(["BBMT"]);
    expect(staff?.advisorFunctions.map((f) => f.functionCode)).toEqual(["consumer"]);
    expect(countOf(t.db, users)).toBe(DEMO_USERS.length);
  });

  it("has staff covering every answer group and every advisor function", async () => {
    await seedDemo(t.db);
    const coveredGroups = t.db
      .selectDistinct({ code: userAnswerGroups.groupCode })
      .from(userAnswerGroups)
      .innerJoin(users, eq(users.id, userAnswerGroups.userId))
      .where(eq(users.role, "staff"))
      .all()
      .map((r) => r.code)
      .sort();
    expect(coveredGroups).toEqual(ANSWER_GROUPS.map((g) => g.code).sort());
    const coveredFunctions = t.db
      .selectDistinct({ code: userAdvisorFunctions.functionCode })
      .from(userAdvisorFunctions)
      .innerJoin(users, eq(users.id, userAdvisorFunctions.userId))
      .where(eq(users.role, "staff"))
      .all()
      .map((r) => r.code)
      .sort();
    expect(coveredFunctions).toEqual(ADVISOR_FUNCTIONS.map((f) => f.code).sort());
  });

  it("gives every organization a fictional contact", async () => {
    await seedDemo(t.db);
    expect(countOf(t.db, contacts)).toBe(8);
    for (const c of t.db.select().from(contacts).all()) {
      expect(c.email, c.name).toMatch(/\.example$/);
      // The PTS series reserved for fiction: 070-174 06 05 … 070-174 06 99.
      expect(c.phone, c.name).toMatch(/^070-174 06 (0[5-9]|[1-9]\d)$/);
    }
  });

  it("stores no demo password in clear", async () => {
    await seedDemo(t.db);
    for (const u of t.db.select().from(users).all()) {
      expect(u.passwordHash).toMatch(/^\$argon2id\$/);
      expect(u.passwordHash).not.toContain("rullarut-demo");
    }
  });

  it("does nothing on a database that already has users", async () => {
    await seedDemo(t.db);
    const before = t.db.select({ id: users.id }).from(users).all();
    expect(await seedDemo(t.db)).toBe(false);
    expect(t.db.select({ id: users.id }).from(users).all()).toEqual(before);
    expect(countOf(t.db, contacts)).toBe(8);
  });

  it("does nothing when a single real user exists", async () => {
    t.db.insert(users).values({ name: "Riktig Admin", email: "riktig@helsingborg.se", passwordHash: "x", role: "admin" }).run();
    expect(await seedDemo(t.db)).toBe(false);
    expect(countOf(t.db, users)).toBe(1);
    expect(countOf(t.db, contacts)).toBe(0);
  });
});

describe("bootstrapDatabase", () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.remove());

  async function bootstrapAndCount(env: { isProduction: boolean; DEMO_DATA: boolean; DEMO_MUNICIPALITY?: string }) {
    const file = path.join(tmp.dir, "nested", "app.sqlite");
    const report = await bootstrapDatabase({ DATABASE_PATH: file, ...env });
    const db = openDatabase(file);
    try {
      return { report, areas: countOf(db, areas), users: countOf(db, users), setUp: isSetUp(db), answerGroups: countOf(db, answerGroups) };
    } finally {
      db.$client.close();
    }
  }

  it("in local mode, creates, migrates and fills an empty database with reference and demo data", async () => {
    const result = await bootstrapAndCount({ isProduction: false, DEMO_DATA: false });
    expect(result.report).toEqual({ migrated: true, areasInserted: 51, organizationsInserted: 8, demo: true, setupDemoFor: null });
    expect(result.areas).toBe(51);
    expect(result.users).toBe(DEMO_USERS.length);
    expect(result.setUp).toBe(true);
  });

  it("in production without DEMO_DATA, starts empty: no municipality, no lists, no users, the set-up waits", async () => {
    const result = await bootstrapAndCount({ isProduction: true, DEMO_DATA: false });
    expect(result.report.demo).toBe(false);
    expect(result.areas).toBe(0);
    expect(result.answerGroups).toBe(0);
    expect(result.users).toBe(0);
    expect(result.setUp).toBe(false);
  });

  it("DEMO_MUNICIPALITY=kristinehamn starts an empty install of its own with one admin, at the set-up's first step", async () => {
    const result = await bootstrapAndCount({ isProduction: false, DEMO_DATA: false, DEMO_MUNICIPALITY: "kristinehamn" });
    expect(result.report).toMatchObject({ demo: true, setupDemoFor: "Kristinehamn", areasInserted: 0 });
    expect(result.areas).toBe(0);
    expect(result.answerGroups).toBe(0);
    expect(result.users).toBe(1);
    expect(result.setUp).toBe(false);
    await expect(
      bootstrapDatabase({ DATABASE_PATH: path.join(tmp.dir, "x.sqlite"), isProduction: false, DEMO_DATA: false, DEMO_MUNICIPALITY: "Atlantis" }),
    ).rejects.toThrow(/DEMO_MUNICIPALITY: ingen svensk kommun/);
  });

  it("in production with DEMO_DATA=true, loads the demo users", async () => {
    const result = await bootstrapAndCount({ isProduction: true, DEMO_DATA: true });
    expect(result.report.demo).toBe(true);
    expect(result.users).toBe(DEMO_USERS.length);
  });

  it("on a second start adds nothing", async () => {
    await bootstrapAndCount({ isProduction: false, DEMO_DATA: false });
    const second = await bootstrapAndCount({ isProduction: false, DEMO_DATA: true });
    expect(second.report).toEqual({ migrated: true, areasInserted: 0, organizationsInserted: 0, demo: false, setupDemoFor: null });
    expect(second.areas).toBe(51);
    expect(second.users).toBe(DEMO_USERS.length);
  });

  it("closes its connection when done", async () => {
    const file = path.join(tmp.dir, "closed.sqlite");
    await bootstrapDatabase({ DATABASE_PATH: file, isProduction: true, DEMO_DATA: false });
    expect(fs.existsSync(file)).toBe(true);
    // SQLite checkpoints and deletes the WAL file when the last connection to the database closes.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});

describe("seedDemoTours (demo tours and stops)", () => {
  const NOW = new Date("2026-11-21T13:00:00Z");

  async function seedAll(now = NOW) {
    seedReference(t.db);
    expect(await seedDemo(t.db, now)).toBe(true);
  }

  function tourStops(name: string) {
    const tour = t.db.select().from(tours).where(eq(tours.name, name)).get();
    expect(tour, name).toBeDefined();
    return { tour: tour!, stops: t.db.select().from(stops).where(eq(stops.tourId, tour!.id)).all() };
  }

  function tagsOf(name: string): string[] {
    return t.db.select({ tags: areas.tags }).from(areas).where(eq(areas.name, name)).get()?.tags ?? [];
  }

  it("tags Söder, Planteringen and Drottninghög, and the localities far from the central town", async () => {
    await seedAll();
    for (const name of ["Söder", "Planteringen", "Drottninghög"]) expect(tagsOf(name), name).toContain(TAG_SOCIOECONOMIC);
    for (const name of ["Rydebäck", "Ödåkra", "Laröd", "Mörarp", "Kattarp", "Tånga och Rögle", "Utvälinge", "Vallåkra"]) {
      expect(tagsOf(name), name).toContain(TAG_FAR_FROM_CENTRE);
    }
    expect(tagsOf("Helsingborg")).not.toContain(TAG_FAR_FROM_CENTRE);
    expect(tagsOf("Centrum")).toEqual([]);
    const districtsFar = t.db
      .select({ name: areas.name, tags: areas.tags })
      .from(areas)
      .where(eq(areas.kind, "stadsdel"))
      .all()
      .filter((a) => a.tags.includes(TAG_FAR_FROM_CENTRE));
    expect(districtsFar).toEqual([]);
    // Still exactly the 51 reference areas.
    expect(countOf(t.db, areas)).toBe(51);
  });

  it("has a 2016 tour of held stops in Söder, Planteringen and Drottninghög", async () => {
    await seedAll();
    const { tour, stops: list } = tourStops("KC rullar ut 2016");
    expect(tour.targetTags).toEqual([TAG_SOCIOECONOMIC]);
    expect([tour.startsOn, tour.endsOn]).toEqual(["2016-04-01", "2016-12-31"]);
    const areaNames = new Set(list.map((s) => t.db.select({ name: areas.name }).from(areas).where(eq(areas.id, s.areaId!)).get()?.name));
    expect([...areaNames].sort()).toEqual(["Drottninghög", "Planteringen", "Söder"]);
    for (const s of list) {
      expect(s.status, s.title).toBe("held");
      expect(s.actualVisitors, s.title).toBeGreaterThan(0);
      expect(s.summary, s.title).toBeTruthy();
    }
  });

  it("has the 2017 tour with the four byalag visits linked to the right organizations, all held with summaries", async () => {
    await seedAll();
    const { tour, stops: list } = tourStops("KC rullar ut 2017");
    expect(tour.targetTags).toEqual([TAG_FAR_FROM_CENTRE]);
    const visits = list.filter((s) => s.kind === "village_visit");
    const linked = visits
      .map((s) => {
        const org = t.db.select().from(organizations).where(eq(organizations.id, s.organizationId!)).get();
        const area = t.db.select({ name: areas.name }).from(areas).where(eq(areas.id, s.areaId!)).get();
        return { org: org?.name, orgArea: org?.areaId, area: area?.name, areaId: s.areaId, stop: s };
      })
      .sort((a, b) => a.stop.startsAt.getTime() - b.stop.startsAt.getTime());
    expect(linked.map((v) => [v.org, v.area])).toEqual([
      ["Rydebäcks Byalag", "Rydebäck"],
      ["Ödåkra Byaförening", "Ödåkra"],
      ["Byalaget i Laröd", "Laröd"],
      ["Södra Luggude Hembygdsförening", "Mörarp"],
    ]);
    for (const v of linked) {
      expect(v.orgArea).toBe(v.areaId);
      expect(v.stop.status).toBe("held");
      expect(v.stop.summary).toBeTruthy();
      expect(v.stop.actualVisitors).toBeGreaterThan(0);
      const needs = t.db.select().from(stopNeeds).where(eq(stopNeeds.stopId, v.stop.id)).all();
      expect(needs.map((n) => n.functionCode)).toEqual(expect.arrayContaining(["consumer", "energy_climate"]));
    }
    // The rest of the year, from the annual report.
    const kinds = list.map((s) => s.kind);
    expect(kinds.filter((k) => k === "info_evening").length).toBeGreaterThanOrEqual(1);
    expect(kinds.filter((k) => k === "fair").length).toBeGreaterThanOrEqual(3);
    expect(kinds).toContain("market");
    expect(kinds).toContain("city_festival");
    const titles = list.map((s) => s.title).join(" | ");
    for (const word of ["Seniormässan", "Bomässan", "Företagardagarna", "Invasam", "Mångfaldsveckan", "Knutpunkten", "Kulturhotellet", "julmarknad", "Hx"]) {
      expect(titles).toContain(word);
    }
    const settings = t.db.select().from(municipalitySettings).get()!;
    for (const s of list.filter((x) => x.kind === "info_evening")) {
      expect([s.lat, s.lng]).toEqual([settings.officeLat, settings.officeLng]);
      expect(s.venueAddress).toContain("Stortorget 17");
    }
    for (const s of list) {
      expect(s.status, s.title).toBe("held");
      expect(s.summary, s.title).toBeTruthy();
      expect(s.actualVisitors, s.title).not.toBeNull();
      expect(s.startsAt.getTime()).toBeGreaterThanOrEqual(stockholmToUtc("2017-01-01", "00:00").getTime());
      expect(s.endsAt.getTime()).toBeLessThan(stockholmToUtc("2018-01-01", "00:00").getTime());
    }
  });

  it.each([
    ["2026-11-21T13:00:00Z", "KC rullar ut 2026/2027"],
    ["2026-07-01T09:00:00Z", "KC rullar ut 2026"],
    ["2027-01-02T23:30:00Z", "KC rullar ut 2026/2027"],
    ["2030-12-28T12:00:00Z", "KC rullar ut 2030/2031"],
  ])("with now = %s, the current tour %s has ≥ 4 confirmed future stops and no held future stop", (iso, name) => {
    const now = new Date(iso);
    seedReference(t.db);
    expect(seedDemoTours(t.db, now)).not.toBeNull();
    const { tour, stops: list } = tourStops(name);
    const future = list.filter((s) => s.startsAt > now);
    const confirmed = future.filter((s) => s.status === "confirmed");
    expect(confirmed.length).toBeGreaterThanOrEqual(4);
    for (const s of confirmed) {
      expect(s.publicDescription, s.title).toBeTruthy();
      expect(stockholmTime(s.startsAt)).toBe("10:00");
      expect(stockholmTime(s.endsAt)).toBe("14:00");
      const needs = t.db.select().from(stopNeeds).where(eq(stopNeeds.stopId, s.id)).all();
      expect(
        needs.some((n) => n.functionCode !== null),
        s.title,
      ).toBe(true);
    }
    expect(future.filter((s) => s.status === "planned" || s.status === "proposed").length).toBeGreaterThanOrEqual(2);
    expect(future.filter((s) => s.status === "cancelled")).toHaveLength(1);
    expect(list.filter((s) => s.status === "held" && s.endsAt < now).length).toBeGreaterThanOrEqual(2);
    // Across every demo tour: nothing in the future is held, nothing in the past is still open.
    for (const s of t.db.select().from(stops).all()) {
      if (s.startsAt > now) expect(s.status, s.title).not.toBe("held");
      if (s.endsAt < now) expect(["held", "cancelled"], s.title).toContain(s.status);
    }
    // Every stop lies inside its tour's period.
    for (const s of list) {
      expect(stockholmDate(s.startsAt) >= tour.startsOn, s.title).toBe(true);
      expect(stockholmDate(s.endsAt) <= tour.endsOn, s.title).toBe(true);
    }
  });

  it("keeps internal notes out of public texts, and marks every internal note", async () => {
    await seedAll();
    const all = t.db.select().from(stops).all();
    expect(all.length).toBeGreaterThan(20);
    for (const s of all) {
      expect(s.endsAt > s.startsAt, s.title).toBe(true);
      if (s.internalNotes !== null) expect(s.internalNotes.startsWith(INTERNAL_NOTE_PREFIX), s.title).toBe(true);
      expect(s.publicDescription ?? "", s.title).not.toContain("Intern anteckning:");
      expect(s.summary ?? "", s.title).not.toContain("Intern anteckning:");
    }
    expect(all.filter((s) => s.status === "held").every((s) => s.internalNotes?.startsWith("Intern anteckning:"))).toBe(true);
  });

  it("gives every stop valid needs and writes its creation to the audit log by the demo tour leader", async () => {
    await seedAll();
    const leader = t.db.select().from(users).where(eq(users.email, "turne@rullarut.example")).get()!;
    const functionCodes = new Set(ADVISOR_FUNCTIONS.map((f) => f.code as string));
    const groupCodes = new Set(ANSWER_GROUPS.map((g) => g.code as string));
    for (const s of t.db.select().from(stops).all()) {
      const needs = t.db.select().from(stopNeeds).where(eq(stopNeeds.stopId, s.id)).all();
      expect(needs.length, s.title).toBeGreaterThan(0);
      for (const n of needs) {
        expect(n.count).toBeGreaterThan(0);
        if (n.functionCode !== null) expect(functionCodes.has(n.functionCode), n.functionCode).toBe(true);
        else expect(groupCodes.has(n.groupCode!), n.groupCode ?? "").toBe(true);
      }
      const created = t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "stop"), eq(auditLog.entityId, s.id), eq(auditLog.action, "stop.create")))
        .all();
      expect(created, s.title).toHaveLength(1);
      expect(created[0]!.actorUserId).toBe(leader.id);
      expect(JSON.stringify(created[0]!.details)).not.toContain("Intern anteckning");
    }
  });

  it("loads nothing twice: a second seedDemo or seedDemoTours adds no tours", async () => {
    await seedAll();
    const before = t.db.select({ n: count() }).from(stops).get()!.n;
    expect(await seedDemo(t.db, NOW)).toBe(false);
    expect(seedDemoTours(t.db, NOW)).toBeNull();
    expect(t.db.select({ n: count() }).from(tours).get()!.n).toBe(3);
    expect(t.db.select({ n: count() }).from(stops).get()!.n).toBe(before);
  });

  it("does nothing without reference data", () => {
    expect(seedDemoTours(t.db, NOW)).toBeNull();
    expect(t.db.select({ n: count() }).from(tours).get()!.n).toBe(0);
  });
});

describe("demo invitations of 2017", () => {
  it("invite every organization to the info evening and offer visits; the four byalag visits come from a yes", async () => {
    const { seededTestDb } = await import("../support/db");
    const t = await seededTestDb({ demo: true });
    try {
      const { invitationBatches, invitations, invitationReplies, organizations, stops } = await import("#db/schema");
      const { eq } = await import("drizzle-orm");
      const batches = t.db.select().from(invitationBatches).all();
      expect(batches.map((b) => b.kind).sort()).toEqual(["info_evening", "visit_offer"]);
      const offer = batches.find((b) => b.kind === "visit_offer")!;
      const rows = t.db
        .select({ org: organizations.name, status: invitations.status, stopId: invitations.stopId, kind: stops.kind })
        .from(invitations)
        .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
        .leftJoin(stops, eq(stops.id, invitations.stopId))
        .where(eq(invitations.batchId, offer.id))
        .all();
      const accepted = rows.filter((r) => r.status === "accepted");
      expect(accepted.map((r) => r.org).sort()).toEqual(
        ["Byalaget i Laröd", "Rydebäcks Byalag", "Södra Luggude Hembygdsförening", "Ödåkra Byaförening"].sort(),
      );
      expect(accepted.every((r) => r.kind === "village_visit")).toBe(true);
      expect(rows.find((r) => r.org === "Allerum-Hjälmshults Byaförening")?.status).toBe("declined");
      const info = batches.find((b) => b.kind === "info_evening")!;
      expect(t.db.select().from(invitations).where(eq(invitations.batchId, info.id)).all()).toHaveLength(8);
      expect(t.db.select().from(invitationReplies).all().length).toBeGreaterThanOrEqual(12);
    } finally {
      t.cleanup();
    }
  });
});

describe("demo staffing", () => {
  const NOW = new Date("2026-11-21T13:00:00Z");

  it("books qualified demo staff without double bookings, leaves open places and one absence conflict, and marks hourly staff", async () => {
    const t = createTestDb();
    try {
      seedReference(t.db);
      expect(await seedDemo(t.db, NOW)).toBe(true);
      const { stopAssignments, staffAbsences, stopNeeds, users: userTable } = await import("#db/schema");
      const { DEMO_CONFLICT, DEMO_OPEN_PLACES, seedDemoStaffing } = await import("#db/seed/demo-staffing");
      const { getStopStaffing } = await import("~/domain/staffing/staffing.server");
      const { qualificationsOf } = await import("~/domain/staffing/staffing.server");
      const { qualifiedFor } = await import("~/domain/staffing/rules");

      const hourly = t.db
        .select({ email: userTable.email })
        .from(userTable)
        .where(eq(userTable.hourly, true))
        .all()
        .map((u) => u.email);
      expect(hourly.sort()).toEqual(
        DEMO_USERS.filter((u) => u.hourly)
          .map((u) => u.email)
          .sort(),
      );
      expect(hourly.length).toBeGreaterThanOrEqual(1);

      const bookings = t.db.select().from(stopAssignments).all();
      expect(bookings.length).toBeGreaterThan(50);
      for (const b of bookings) expect(qualifiedFor(qualificationsOf(t.db, b.userId), b), b.id).toBe(true);
      const allStops = t.db.select().from(stops).all();
      const past = new Set(allStops.filter((s) => s.startsAt < NOW).map((s) => s.id));
      expect(bookings.filter((b) => past.has(b.stopId)).every((b) => b.status === "confirmed")).toBe(true);
      expect(bookings.some((b) => b.status === "requested")).toBe(true);
      expect(t.db.select().from(staffAbsences).all().length).toBeGreaterThanOrEqual(1);

      // Conflicts: exactly the deliberate one (Lars Öberg's leave on the Rydebäck visit), no double bookings, no over-staffing.
      const conflicts = allStops.flatMap((s) => getStopStaffing(t.db, s.id).conflicts);
      expect(conflicts).toHaveLength(1);
      const conflictStop = allStops.find((s) => s.id === conflicts[0]!.stopId)!;
      expect(conflicts[0]).toMatchObject({ kind: "absence" });
      expect(conflictStop.title).toBe(DEMO_CONFLICT.stopTitle);

      // The coming stops named in DEMO_OPEN_PLACES still miss people; proposed stops have nobody yet.
      for (const title of Object.keys(DEMO_OPEN_PLACES)) {
        const s = allStops.find((x) => x.title === title && x.startsAt > NOW)!;
        expect(getStopStaffing(t.db, s.id).missing, title).toBeGreaterThan(0);
      }
      for (const s of allStops.filter((x) => x.status === "proposed")) {
        expect(bookings.filter((b) => b.stopId === s.id)).toHaveLength(0);
      }
      // Held stops are staffed.
      const heldWithNeeds = allStops.filter((s) => s.status === "held" && t.db.select().from(stopNeeds).where(eq(stopNeeds.stopId, s.id)).all().length);
      expect(heldWithNeeds.every((s) => bookings.some((b) => b.stopId === s.id))).toBe(true);

      // Loading it twice adds nothing.
      expect(seedDemoStaffing(t.db, NOW)).toBeNull();
    } finally {
      t.cleanup();
    }
  });
});

describe("demo field questions and cases", () => {
  const NOW = new Date("2026-11-21T13:00:00Z");

  it("gives every held 2017 stop 8–25 realistic questions with cases, ~90 % answered on the spot, logged in the stop's time by booked staff", async () => {
    const t = createTestDb();
    try {
      seedReference(t.db);
      expect(await seedDemo(t.db, NOW)).toBe(true);
      const { caseCounters, caseEvents, cases, fieldQuestions, stopAssignments } = await import("#db/schema");
      const { seedDemoQuestions } = await import("#db/seed/demo-questions");
      const questions = t.db.select().from(fieldQuestions).all();
      const allCases = t.db.select().from(cases).all();
      const tour2017 = t.db.select().from(tours).where(eq(tours.name, "KC rullar ut 2017")).get()!;
      const held2017 = t.db
        .select()
        .from(stops)
        .where(and(eq(stops.tourId, tour2017.id), eq(stops.status, "held")))
        .all();
      expect(held2017.length).toBeGreaterThan(10);
      for (const s of held2017) {
        const n = questions.filter((q) => q.stopId === s.id).length;
        expect(n, s.title).toBeGreaterThanOrEqual(8);
        expect(n, s.title).toBeLessThanOrEqual(25);
      }
      // A handful on the current season's past stops too.
      const stopById = new Map(
        t.db
          .select()
          .from(stops)
          .all()
          .map((s) => [s.id, s]),
      );
      const current = questions.filter((q) => stopById.get(q.stopId)!.tourId !== tour2017.id);
      expect(current.length).toBeGreaterThanOrEqual(3);
      expect(current.every((q) => stopById.get(q.stopId)!.endsAt < NOW)).toBe(true);

      // One case per question, one "created" event per case; statuses follow the answer.
      expect(allCases).toHaveLength(questions.length);
      expect(t.db.select().from(caseEvents).where(eq(caseEvents.kind, "created")).all()).toHaveLength(questions.length);
      const share = questions.filter((q) => q.answeredOnSpot).length / questions.length;
      expect(share).toBeGreaterThan(0.82);
      expect(share).toBeLessThan(0.97);
      for (const q of questions) {
        const c = allCases.find((x) => x.questionId === q.id)!;
        expect(c.status).toBe(q.answeredOnSpot ? "answered" : "forwarded");
        if (!q.answeredOnSpot) expect(q.departmentCode).toBeTruthy();
        const stop = stopById.get(q.stopId)!;
        expect(q.loggedAt >= stop.startsAt && q.loggedAt <= stop.endsAt, q.id).toBe(true);
        expect(c.number).toMatch(new RegExp(`^KC-${c.year}-\\d{6}$`));
        expect(q.topics.length).toBeGreaterThan(0);
      }
      // Case numbers follow time within each year, and the counters are where the numbers end.
      for (const counter of t.db.select().from(caseCounters).all()) {
        const ofYear = allCases.filter((c) => c.year === counter.year).sort((a, b) => a.seq - b.seq);
        expect(ofYear.map((c) => c.seq)).toEqual(ofYear.map((_, i) => i + 1));
        expect(counter.last).toBe(ofYear.length);
      }
      // Spread over the groups and functions, with local questions (the village's name) and the EU Leader answer.
      const categories = new Set(allCases.map((c) => c.category));
      for (const c of ["g:BSU", "g:ASSF", "g:BBMT", "other"]) expect(categories, c).toContain(c);
      expect([...categories].filter((c) => c.startsWith("f:")).length).toBeGreaterThanOrEqual(5);
      expect(questions.some((q) => q.question.includes("Rydebäck"))).toBe(true);
      expect(questions.some((q) => q.answer?.includes("Leader"))).toBe(true);
      // Contact details only with reply wanted; fictional phone numbers and example.se addresses.
      const withContact = questions.filter((q) => q.replyWanted);
      expect(withContact.length).toBeGreaterThanOrEqual(2);
      for (const q of questions) {
        if (!q.replyWanted) expect([q.contactName, q.contactPhone, q.contactEmail]).toEqual([null, null, null]);
        if (q.contactPhone) expect(q.contactPhone.replace(/\D/g, "")).toMatch(/^07017406(0[5-9]|[1-9]\d)$/);
        if (q.contactEmail) expect(q.contactEmail).toMatch(/@example\.se$/);
      }
      // Logged by staff booked (confirmed) on that stop.
      const booked = t.db.select().from(stopAssignments).all();
      const loggedByBooked = questions.filter((q) => booked.some((b) => b.stopId === q.stopId && b.userId === q.loggedByUserId)).length;
      expect(loggedByBooked / questions.length).toBeGreaterThan(0.95);

      // Deterministic and loaded once.
      expect(seedDemoQuestions(t.db, NOW)).toBeNull();
      const again = createTestDb();
      try {
        seedReference(again.db);
        await seedDemo(again.db, NOW);
        const texts = (db: Db) => db.select({ id: fieldQuestions.id, q: fieldQuestions.question }).from(fieldQuestions).orderBy(asc(fieldQuestions.id)).all();
        expect(texts(again.db)).toEqual(texts(t.db));
      } finally {
        again.cleanup();
      }
    } finally {
      t.cleanup();
    }
  });
});
