/**
 * Issue 15, point 2: narrow cache invalidation. Each write bumps the version of its table's group
 * only (db/data-groups.ts, triggers of migration 0013), every table is accounted for, and a cached
 * read that declares its groups survives writes to other groups.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_GROUPS, UNGROUPED_TABLES, type DataGroup } from "#db/data-groups";
import { cachedUntilChange, type Db } from "~/db.server";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { lastHeldByArea } from "~/domain/stops/stops.server";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader } from "../support/fixtures";

let t: TestDb;
let db: Db;

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  db = t.db;
});

afterAll(() => t?.cleanup());

const versions = () =>
  Object.fromEntries((db.$client.prepare("select grp, version from data_versions").all() as { grp: string; version: number }[]).map((r) => [r.grp, r.version]));

describe("data versions", () => {
  it("every table is in one group or listed as ungrouped, and every grouped table has its three triggers", () => {
    const tables = (db.$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[]).sort();
    const grouped = Object.values(DATA_GROUPS).flat() as string[];
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(tables).toEqual([...grouped, ...UNGROUPED_TABLES].sort());
    const triggers = new Set(db.$client.prepare("select name from sqlite_master where type = 'trigger'").pluck().all() as string[]);
    const missing = grouped.flatMap((table) => ["insert", "update", "delete"].map((e) => `data_version_${table}_${e}`)).filter((n) => !triggers.has(n));
    expect(missing).toEqual([]);
  });

  it("a write to a table bumps its own group's version and no other", () => {
    const checked: string[] = [];
    for (const [group, tables] of Object.entries(DATA_GROUPS) as [DataGroup, readonly string[]][]) {
      for (const table of tables) {
        const rowid = db.$client.prepare(`select rowid from ${table} limit 1`).pluck().get();
        if (rowid === undefined) continue;
        const before = versions();
        // An update that changes nothing still fires the table's update trigger.
        db.$client.prepare(`update ${table} set rowid = rowid where rowid = ?`).run(rowid);
        const after = versions();
        const moved = Object.keys(after).filter((g) => after[g] !== before[g]);
        expect(moved, table).toEqual([group]);
        checked.push(table);
      }
    }
    // The demo data have rows in most tables; these must at least be among the checked.
    expect(checked).toEqual(expect.arrayContaining(["areas", "stops", "field_questions", "cases", "users", "answer_groups"]));
  });

  it("a cached read that declares its groups survives writes to other groups, and not to its own", () => {
    let computed = 0;
    const cached = () => cachedUntilChange(db, "test-places", () => ++computed, { reads: ["places"] });
    const first = cached();
    // Writes elsewhere: a session, the audit log, a tour.
    db.$client.prepare("update tours set name = name where rowid = (select min(rowid) from tours)").run();
    db.$client.prepare("delete from sessions where expires_at < 0").run();
    expect(cached()).toBe(first);
    // A write to an area.
    db.$client.prepare("update areas set name = name where rowid = (select min(rowid) from areas)").run();
    expect(cached()).toBe(first + 1);
    // Without declared groups, any write ends it.
    const whole = () => cachedUntilChange(db, "test-whole", () => ++computed);
    const w = whole();
    db.$client.prepare("update tours set name = name where rowid = (select min(rowid) from tours)").run();
    expect(whole()).toBe(w + 1);
  });

  it("a field question keeps when each area last had a held stop, and marking a stop held does not", () => {
    const leader = demoLeader(db);
    const before = lastHeldByArea(db);
    const stop = db.$client.prepare("select id, starts_at as startsAt from stops where status = 'held' order by starts_at desc limit 1").get() as {
      id: string;
      startsAt: number;
    };
    const at = new Date(Math.max(stop.startsAt, Date.now() - 86_400_000));
    recordFieldQuestion(
      db,
      leader,
      fieldQuestionSchema.parse({
        id: randomUUID(),
        stopId: stop.id,
        loggedAt: at.toISOString(),
        question: "Fråga",
        category: "other",
        topics: [],
        answeredOnSpot: true,
      }),
      new Date(at.getTime() + 60_000),
    );
    expect(lastHeldByArea(db)).toBe(before);
    db.$client.prepare("update stops set status = status where id = ?").run(stop.id);
    expect(lastHeldByArea(db)).not.toBe(before);
    expect(lastHeldByArea(db)).toEqual(before);
  });
});
