import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, countDistinct, eq, like, max, notInArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  advisorFunctions,
  answerGroups,
  areas,
  caseCounters,
  caseEvents,
  cases,
  contacts,
  fieldQuestions,
  organizations,
  STOP_KINDS,
  staffAbsences,
  stopAssignments,
  stopNeeds,
  stops,
  tours,
  userAdvisorFunctions,
  userAnswerGroups,
  users,
} from "#db/schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import {
  DEFAULT_SCALE_FACTOR,
  SCALE_BOUNDS,
  SCALE_JITTER_DEG,
  SCALE_QUESTIONS_PER_FACTOR,
  SCALE_STOPS_PER_FACTOR,
  SCALE_TAG,
  SCALE_TOUR_FOCUS,
  SCALE_TOUR_YEARS,
  scaleDatabase,
  type ScaleReport,
} from "#db/seed/scale";
import { openDatabase, type Db } from "~/db.server";
import { attemptLogin } from "~/domain/auth/login.server";
import { stockholmDate } from "~/utils/dates";

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
    const groups = db
      .select()
      .from(userAnswerGroups)
      .all()
      .filter((g) => ids.has(g.userId));
    const functions = db
      .select()
      .from(userAdvisorFunctions)
      .all()
      .filter((f) => ids.has(f.userId));
    expect(groups.length).toBeGreaterThan(0);
    expect(functions.length).toBeGreaterThan(0);
    const groupCodes = new Set(
      db
        .select()
        .from(answerGroups)
        .all()
        .map((g) => g.code),
    );
    const functionCodes = new Set(
      db
        .select()
        .from(advisorFunctions)
        .all()
        .map((f) => f.code),
    );
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

  it("logs 20,000 field questions per factor on held generated stops, each with one case and one created event", () => {
    expect(SCALE_QUESTIONS_PER_FACTOR * DEFAULT_SCALE_FACTOR).toBe(200_000);
    const demoQuestions = 233; // see db/seed/demo-questions.ts; only the scale step's count matters below
    expect(report.inserted.field_questions).toBe(SCALE_QUESTIONS_PER_FACTOR * FACTOR);
    const total = db.select({ n: count() }).from(fieldQuestions).get()!.n;
    expect(total).toBeGreaterThanOrEqual(report.inserted.field_questions!);
    expect(total - report.inserted.field_questions!).toBeLessThan(demoQuestions * 2);
    expect(db.select({ n: count() }).from(cases).get()!.n).toBe(total);
    expect(db.select({ n: count() }).from(caseEvents).where(eq(caseEvents.kind, "created")).get()!.n).toBe(total);
    const notHeld = db.$client.prepare("select count(*) n from field_questions q join stops s on s.id = q.stop_id where s.status <> 'held'").get() as {
      n: number;
    };
    expect(notHeld.n).toBe(0);
    const outside = db.$client
      .prepare("select count(*) n from field_questions q join stops s on s.id = q.stop_id where q.logged_at < s.starts_at or q.logged_at > s.ends_at")
      .get() as { n: number };
    expect(outside.n).toBe(0);
    const share = db
      .select({ a: sql<number>`avg(${fieldQuestions.answeredOnSpot})` })
      .from(fieldQuestions)
      .get()!.a;
    expect(share).toBeGreaterThan(0.87);
    expect(share).toBeLessThan(0.93);
  });

  it("numbers the cases per Stockholm year of loggedAt, gap-free and in time order, matching case_counters", () => {
    for (const c of db.select().from(caseCounters).all()) {
      const n = db
        .select({ n: count(), max: max(cases.seq) })
        .from(cases)
        .where(eq(cases.year, c.year))
        .get()!;
      expect([n.n, n.max], String(c.year)).toEqual([c.last, c.last]);
    }
    const wrongYear = db.$client
      .prepare(
        `select count(*) n from cases c join field_questions q on q.id = c.question_id
         where c.year <> cast(strftime('%Y', q.logged_at / 1000, 'unixepoch', '+1 hour') as integer)
           and strftime('%m-%d %H', q.logged_at / 1000, 'unixepoch') not in ('12-31 22', '12-31 23')`,
      )
      .get() as { n: number };
    expect(wrongYear.n).toBe(0);
    // Within a year, a later number was never logged earlier (generated cases only: the demo's come first).
    const disorder = db.$client
      .prepare(
        `select count(*) n from (
           select q.logged_at t, lag(q.logged_at) over (partition by c.year order by c.seq) prev
           from cases c join field_questions q on q.id = c.question_id join tours t on t.id = c.tour_id
           where t.name like '%(skaldata%')
         where prev > t`,
      )
      .get() as { n: number };
    expect(disorder.n).toBe(0);
    expect(
      db
        .select({ n: count() })
        .from(cases)
        .where(sql`${cases.number} <> 'KC-' || ${cases.year} || '-' || printf('%06d', ${cases.seq})`)
        .get()!.n,
    ).toBe(0);
  });

  it("keeps the free-text index in step with the questions", () => {
    const indexed = db.$client.prepare("select count(*) n from field_questions_fts where field_questions_fts match 'bygglov'").get() as { n: number };
    const direct = db.$client.prepare("select count(*) n from field_questions where question like '%bygglov%' or answer like '%bygglov%'").get() as {
      n: number;
    };
    expect(indexed.n).toBeGreaterThan(100);
    expect(indexed.n).toBe(direct.n);
  });

  it("adds more, with new unique names, when run again", async () => {
    const countersBefore = db.select().from(caseCounters).all();
    const again = await scaleDatabase(db, { factor: 2, questionsPerFactor: 500 });
    expect(again.inserted.field_questions).toBe(1_000);
    // Case numbers continue from the counters: still one gap-free series per year.
    for (const c of db.select().from(caseCounters).all()) {
      const before = countersBefore.find((b) => b.year === c.year)?.last ?? 0;
      expect(c.last).toBeGreaterThanOrEqual(before);
      const n = db
        .select({ n: count(), max: max(cases.seq) })
        .from(cases)
        .where(eq(cases.year, c.year))
        .get()!;
      expect([n.n, n.max]).toEqual([c.last, c.last]);
    }
    expect(again.inserted.areas).toBe(BASE.areas);
    expect(countOf(db, areas)).toBe((FACTOR + 1) * BASE.areas);
    const names = db
      .select({ name: areas.name })
      .from(areas)
      .all()
      .map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    const emails = db
      .select({ email: users.email })
      .from(users)
      .all()
      .map((u) => u.email);
    expect(new Set(emails).size).toBe(emails.length);
  });
});

describe("scaleDatabase: ten years of tours and stops at the default factor", () => {
  const NOW = new Date("2026-11-21T13:00:00Z");
  let bigDir: string;
  let big: Db;
  let bigReport: ScaleReport;

  beforeAll(async () => {
    bigDir = fs.mkdtempSync(path.join(os.tmpdir(), "rullarut-scale-big-"));
    big = openDatabase(path.join(bigDir, "scale.sqlite"));
    seedReference(big);
    await seedDemo(big, NOW);
    // The default is 20,000 questions per factor (200,000 at factor 10, ~30 s); a tenth keeps this test quick.
    bigReport = await scaleDatabase(big, { factor: DEFAULT_SCALE_FACTOR, now: NOW, questionsPerFactor: SCALE_QUESTIONS_PER_FACTOR / 10 });
  }, 120_000);

  afterAll(() => {
    big?.$client.close();
    if (bigDir) fs.rmSync(bigDir, { recursive: true, force: true });
  });

  const generatedTours = () => big.select().from(tours).where(like(tours.name, "%(skaldata%")).all();

  it("has at least 5,000 stops across at least 500 distinct areas", () => {
    expect(DEFAULT_SCALE_FACTOR).toBe(10);
    expect(bigReport.inserted.stops).toBe(SCALE_STOPS_PER_FACTOR * DEFAULT_SCALE_FACTOR);
    const row = big
      .select({ n: count(), areas: countDistinct(stops.areaId) })
      .from(stops)
      .get()!;
    expect(row.n).toBeGreaterThanOrEqual(5_000);
    expect(row.areas).toBeGreaterThanOrEqual(500);
    expect(bigReport.totals.areas).toBe(510);
    // Every area, original or generated, has stops.
    const without = big.$client.prepare("select count(*) as n from areas a where not exists (select 1 from stops s where s.area_id = a.id)").get() as {
      n: number;
    };
    expect(without.n).toBe(0);
  });

  it("spreads the stops over ten years of tours, one or two per year", () => {
    const list = generatedTours();
    const years = new Map<number, number>();
    for (const t of list) {
      const y = Number(t.startsOn.slice(0, 4));
      years.set(y, (years.get(y) ?? 0) + 1);
      expect(t.focus).toBe(SCALE_TOUR_FOCUS);
      expect(t.endsOn >= t.startsOn).toBe(true);
    }
    expect(years.size).toBe(SCALE_TOUR_YEARS);
    expect(Math.max(...years.keys())).toBe(2027);
    expect(Math.min(...years.keys())).toBe(2018);
    for (const n of years.values()) expect([1, 2]).toContain(n);
    const perYear = big.$client
      .prepare(
        "select substr(t.starts_on, 1, 4) as year, count(*) as n from stops s join tours t on t.id = s.tour_id where t.name like '%(skaldata%' group by 1",
      )
      .all() as { year: string; n: number }[];
    expect(perYear).toHaveLength(SCALE_TOUR_YEARS);
    for (const y of perYear) expect(y.n).toBe((SCALE_STOPS_PER_FACTOR * DEFAULT_SCALE_FACTOR) / SCALE_TOUR_YEARS);
  });

  it("gives every stop an end after its start, inside Stockholm's calendar days of its tour", () => {
    const bad = big.$client.prepare("select count(*) as n from stops where ends_at <= starts_at").get() as { n: number };
    expect(bad.n).toBe(0);
    const tourById = new Map(generatedTours().map((t) => [t.id, t]));
    for (const s of big.select().from(stops).all()) {
      const tour = tourById.get(s.tourId);
      if (!tour) continue;
      expect(stockholmDate(s.startsAt) >= tour.startsOn).toBe(true);
      expect(stockholmDate(s.startsAt) <= tour.endsOn).toBe(true);
    }
  });

  it("has a realistic mix: every kind, past stops held or cancelled, future ones proposed, planned or confirmed", () => {
    const rows = big.select().from(stops).all();
    expect(new Set(rows.map((s) => s.kind))).toEqual(new Set(STOP_KINDS));
    const past = rows.filter((s) => s.endsAt < NOW);
    const future = rows.filter((s) => s.startsAt > NOW);
    for (const s of past) expect(["held", "cancelled"]).toContain(s.status);
    for (const s of future) expect(["proposed", "planned", "confirmed", "cancelled"]).toContain(s.status);
    const held = past.filter((s) => s.status === "held");
    expect(held.length / past.length).toBeGreaterThan(0.8);
    expect(past.some((s) => s.status === "cancelled")).toBe(true);
    for (const status of ["proposed", "planned", "confirmed"] as const) {
      expect(
        future.some((s) => s.status === status),
        status,
      ).toBe(true);
    }
    for (const s of held) {
      expect(s.actualVisitors).not.toBeNull();
      expect(s.summary).toBeTruthy();
    }
    for (const s of rows) {
      if (s.internalNotes !== null) expect(s.internalNotes.startsWith("Intern anteckning:")).toBe(true);
      expect(s.publicDescription ?? "").not.toContain("Intern anteckning");
    }
  });

  it("gives every generated stop 1–3 needs that reference real advisor functions and answer groups", () => {
    const functionCodes = new Set(
      big
        .select()
        .from(advisorFunctions)
        .all()
        .map((f) => f.code),
    );
    const groupCodes = new Set(
      big
        .select()
        .from(answerGroups)
        .all()
        .map((g) => g.code),
    );
    const needs = big.select().from(stopNeeds).all();
    expect(bigReport.inserted.stop_needs).toBeGreaterThanOrEqual(5_000);
    for (const n of needs) {
      expect((n.functionCode === null) !== (n.groupCode === null)).toBe(true);
      if (n.functionCode !== null) expect(functionCodes.has(n.functionCode), n.functionCode).toBe(true);
      if (n.groupCode !== null) expect(groupCodes.has(n.groupCode), n.groupCode).toBe(true);
      expect(n.count).toBeGreaterThan(0);
    }
    const perStop = big.$client
      .prepare(
        `select s.id, (select count(*) from stop_needs n where n.stop_id = s.id) as n
         from stops s join tours t on t.id = s.tour_id where t.name like '%(skaldata%'`,
      )
      .all() as { id: string; n: number }[];
    expect(perStop).toHaveLength(SCALE_STOPS_PER_FACTOR * DEFAULT_SCALE_FACTOR);
    for (const s of perStop) {
      expect(s.n).toBeGreaterThanOrEqual(1);
      expect(s.n).toBeLessThanOrEqual(3);
    }
  });

  it("books generated staff on the needs they are qualified for: most places filled, few double bookings, some absences", () => {
    const generatedStops = `select s.id from stops s join tours t on t.id = s.tour_id where t.name like '%(skaldata%'`;
    expect(bigReport.inserted.stop_assignments).toBeGreaterThan(5_000);
    expect(bigReport.totals.stop_assignments).toBe(big.select({ n: count() }).from(stopAssignments).get()!.n);
    expect(bigReport.totals.staff_absences).toBeGreaterThan(0);
    expect(bigReport.steps.map((s) => s.step)).toContain("staffing");
    const q = <T>(sqlText: string) => big.$client.prepare(sqlText).get() as T;
    // Every booking is in a role the stop needs and the person holds, and only generated staff are booked on generated stops.
    expect(
      q<{ n: number }>(
        `select count(*) as n from stop_assignments a where a.stop_id in (${generatedStops}) and (
           not exists (select 1 from stop_needs n where n.stop_id = a.stop_id and n.function_code is a.function_code and n.group_code is a.group_code)
           or (a.function_code is not null and not exists (select 1 from user_advisor_functions f where f.user_id = a.user_id and f.function_code = a.function_code))
           or (a.group_code is not null and not exists (select 1 from user_answer_groups g where g.user_id = a.user_id and g.group_code = a.group_code))
           or a.user_id not in (select id from users where email like '%@skala.example'))`,
      ).n,
    ).toBe(0);
    // Never more people in a role than the stop needs.
    expect(
      q<{ n: number }>(
        `select count(*) as n from stop_needs n where n.stop_id in (${generatedStops}) and n.count <
           (select count(*) from stop_assignments a where a.stop_id = n.stop_id and a.function_code is n.function_code and a.group_code is n.group_code)`,
      ).n,
    ).toBe(0);
    // Held stops: nearly every place filled, all confirmed.
    const held = q<{ places: number; filled: number; requested: number }>(
      `select (select sum(n.count) from stop_needs n join stops s on s.id = n.stop_id where s.status = 'held' and s.id in (${generatedStops})) as places,
              (select count(*) from stop_assignments a join stops s on s.id = a.stop_id where s.status = 'held' and s.id in (${generatedStops})) as filled,
              (select count(*) from stop_assignments a join stops s on s.id = a.stop_id where s.status = 'held' and a.status = 'requested') as requested`,
    );
    expect(held.filled / held.places).toBeGreaterThan(0.7);
    expect(held.requested).toBe(0);
    const future = big.$client
      .prepare(`select a.status from stop_assignments a join stops s on s.id = a.stop_id where s.starts_at > ? and s.id in (${generatedStops})`)
      .all(NOW.getTime()) as { status: string }[];
    expect(future.some((a) => a.status === "requested")).toBe(true);
    expect(future.some((a) => a.status === "confirmed")).toBe(true);
    // Double bookings (overlapping, not counting travel time) exist but are rare.
    const doubles = q<{ n: number }>(
      `select count(*) as n from stop_assignments a join stops s on s.id = a.stop_id
       join stop_assignments b on b.user_id = a.user_id and b.id > a.id join stops t on t.id = b.stop_id
       where s.status <> 'cancelled' and t.status <> 'cancelled' and s.starts_at < t.ends_at and t.starts_at < s.ends_at`,
    ).n;
    expect(doubles).toBeGreaterThan(0);
    expect(doubles / bigReport.inserted.stop_assignments!).toBeLessThan(0.05);
    for (const a of big.select().from(staffAbsences).all()) expect(a.endsOn >= a.startsOn).toBe(true);
  });

  it("keeps the demo tours and reports the new tables", () => {
    expect(big.select().from(tours).where(eq(tours.name, "KC rullar ut 2017")).get()).toBeDefined();
    expect(bigReport.totals.tours).toBe(generatedTours().length + 3);
    expect(bigReport.totals.stops).toBe(big.select({ n: count() }).from(stops).get()!.n);
    expect(bigReport.steps.map((s) => s.step)).toEqual(expect.arrayContaining(["tours", "stops", "stop_needs"]));
  });
});
