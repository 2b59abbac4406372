import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq, is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "#db/schema";
import { areas, organizations } from "#db/schema";
import { checkDatabase, closeDb, getDb, openDatabase, STATEMENT_CACHE_SIZE } from "~/db.server";
import { createTestDb, type TestDb } from "../support/db";

const schemaTables = (Object.values(schema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable)).map((table) => getTableConfig(table));

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

describe("the app's database connection", () => {
  it("uses WAL so readers never block the writer", () => {
    expect(t.db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("enforces foreign keys", () => {
    expect(t.db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("waits at least 5 s for a busy database instead of failing at once", () => {
    expect(Number(t.db.$client.pragma("busy_timeout", { simple: true }))).toBeGreaterThanOrEqual(5000);
  });

  it("begins transactions IMMEDIATE: one that reads first still writes after another process wrote (a 500 before)", () => {
    const other = openDatabase(t.file, { migrate: false });
    try {
      other.$client.pragma("busy_timeout = 0");
      let otherWrote: boolean | undefined;
      t.db.transaction((tx) => {
        tx.select({ id: areas.id }).from(areas).limit(1).all();
        // Another process writes meanwhile: it waits for this transaction (here, with no
        // patience, it is refused) instead of slipping in before this one's write.
        try {
          other.$client.prepare("insert into audit_log (id, action, entity_type) values ('other-write', 'test.other', 'test')").run();
          otherWrote = true;
        } catch {
          otherWrote = false;
        }
        tx.insert(areas).values({ name: "Transaktionsby", kind: "smaort", lat: 56.1, lng: 12.7 }).run();
      });
      expect(otherWrote).toBe(false);
      expect(t.db.select().from(areas).where(eq(areas.name, "Transaktionsby")).all()).toHaveLength(1);
      // Asked for, a transaction may still be deferred.
      expect(() => t.db.transaction(() => undefined, { behavior: "deferred" })).not.toThrow();
    } finally {
      other.$client.close();
    }
  });

  it("uses synchronous=FULL so committed writes survive power loss", () => {
    expect(t.db.$client.pragma("synchronous", { simple: true })).toBe(2);
  });

  it("compiles a statement once and hands it back as a fresh one (issue 15)", () => {
    const sql = "select id, name from areas where name = ?";
    const first = t.db.$client.prepare(sql);
    expect(t.db.$client.prepare(sql)).toBe(first);
    t.db.insert(areas).values({ name: "Testby", kind: "other", lat: 56, lng: 12.7 }).run();
    // A caller that plucked or asked for raw rows leaves no mode behind for the next one.
    expect(t.db.$client.prepare(sql).pluck().get("Testby")).toEqual(expect.any(String));
    expect(t.db.$client.prepare(sql).get("Testby")).toEqual({ id: expect.any(String), name: "Testby" });
    expect(t.db.$client.prepare(sql).raw().get("Testby")).toEqual([expect.any(String), "Testby"]);
    expect(t.db.select({ name: areas.name }).from(areas).where(eq(areas.name, "Testby")).all()).toEqual([{ name: "Testby" }]);
    expect(t.db.$client.prepare(sql).all("Testby")).toEqual([{ id: expect.any(String), name: "Testby" }]);
    // While one caller iterates, another gets its own statement.
    const iterating = t.db.$client.prepare("select name from areas").iterate();
    iterating.next();
    expect(t.db.$client.prepare("select name from areas").all()).toEqual([{ name: "Testby" }]);
    iterating.return?.();
    // Writes, schema changes and a full cache keep working.
    for (let i = 0; i < STATEMENT_CACHE_SIZE + 5; i++) t.db.$client.prepare(`select ${i} as n`).get();
    t.db.$client.exec("create table extra (x integer)");
    t.db.$client.prepare("insert into extra (x) values (?)").run(1);
    expect(t.db.$client.prepare("select * from extra").all()).toEqual([{ x: 1 }]);
    t.db.$client.exec("alter table extra add column y integer default 2");
    expect(t.db.$client.prepare("select * from extra").all()).toEqual([{ x: 1, y: 2 }]);
  });

  it("keeps its data and settings when the same file is opened again", () => {
    t.db.insert(areas).values({ name: "Testby", kind: "other", lat: 56, lng: 12.7 }).run();
    t.db.$client.close();
    const again = openDatabase(t.file);
    try {
      expect(again.$client.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(again.$client.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(
        again
          .select()
          .from(areas)
          .all()
          .map((a) => a.name),
      ).toEqual(["Testby"]);
    } finally {
      again.$client.close();
    }
  });

  it("is what getDb() opens at DATABASE_PATH", () => {
    const previous = { DATABASE_PATH: process.env.DATABASE_PATH, BASE_URL: process.env.BASE_URL };
    const file = `${t.dir}/app.sqlite`;
    process.env.DATABASE_PATH = file;
    try {
      const db = getDb();
      expect(db.$client.name).toBe(file);
      expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.$client.pragma("synchronous", { simple: true })).toBe(2);
      expect(getDb()).toBe(db);
    } finally {
      closeDb();
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("reports a readable database as healthy and a closed one as not", () => {
    expect(checkDatabase(t.db)).toEqual({ ok: true });
    t.db.$client.close();
    const result = checkDatabase(t.db);
    expect(result.ok).toBe(false);
    expect(result.error).toBeTruthy();
  });
});

describe("the committed migrations", () => {
  it("create every table declared in db/schema.ts", () => {
    const present = new Set(
      t.db.$client
        .prepare("select name from sqlite_master where type = 'table'")
        .all()
        .map((row) => (row as { name: string }).name),
    );
    expect(schemaTables.length).toBeGreaterThanOrEqual(12);
    for (const table of schemaTables) expect(present, `table ${table.name}`).toContain(table.name);
  });

  it("create every column declared in db/schema.ts", () => {
    for (const table of schemaTables) {
      const columns = t.db.$client
        .prepare(`select name from pragma_table_info(?)`)
        .all(table.name)
        .map((row) => (row as { name: string }).name)
        .sort();
      expect(columns, `columns of ${table.name}`).toEqual(table.columns.map((c) => c.name).sort());
    }
  });

  it("are recorded so that they are not applied twice", () => {
    const applied = t.db.$client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBeGreaterThanOrEqual(1);
    t.db.$client.close();
    const again = openDatabase(t.file);
    try {
      const after = again.$client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
      expect(after.n).toBe(applied.n);
    } finally {
      again.$client.close();
    }
  });
});

describe("foreign keys", () => {
  it("refuse an organization that points at an area that does not exist", () => {
    expect(() => t.db.insert(organizations).values({ name: "Spökföreningen", kind: "forening", areaId: "no-such-area" }).run()).toThrow(
      /FOREIGN KEY constraint failed/,
    );
    expect(t.db.select().from(organizations).all()).toHaveLength(0);
  });

  it("refuse to delete an area that still has organizations (on delete restrict)", () => {
    const area = t.db.insert(areas).values({ name: "Testby", kind: "other", lat: 56, lng: 12.7 }).returning().get();
    t.db.insert(organizations).values({ name: "Testbyns byalag", kind: "byalag", areaId: area.id }).run();
    expect(() => t.db.$client.prepare("delete from areas where id = ?").run(area.id)).toThrow(/FOREIGN KEY constraint failed/);
  });
});
