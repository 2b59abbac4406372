/**
 * PostgreSQL's tables (issue 19, ADR 042), on a real server: the migrations drizzle-kit makes from the
 * generated twin create the same tables and columns as SQLite's migrations, in a municipality's own
 * schema; they apply once; a migration changed after it ran is refused; and the app's sqlite-core
 * tables read and write PostgreSQL's rows to the same JavaScript values as SQLite's.
 */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { areas } from "#db/schema";
import { openDatabase } from "~/db.server";
import { migratePostgres, openPostgresPool, PG_MIGRATIONS_DIR, postgresDb } from "~/postgres.server";
import { makeTempDir } from "../support/db";
import { freshSchema, postgresTestUrl, type TestSchema } from "../support/postgres";

/** SQLite's full-text index of the questions; PostgreSQL's search (tsvector) is a later step of issue 19. */
const SQLITE_ONLY = /^field_questions_fts/;

type Shape = Map<string, Map<string, { notNull: boolean }>>;

function sqliteShape(): Shape {
  const db = openDatabase(":memory:");
  const tables = db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'")
    .pluck()
    .all() as string[];
  const shape: Shape = new Map();
  for (const table of tables.filter((t) => !SQLITE_ONLY.test(t))) {
    const columns = db.$client.prepare(`select name, "notnull" as not_null, pk from pragma_table_info(?)`).all(table) as {
      name: string;
      not_null: number;
      pk: number;
    }[];
    shape.set(table, new Map(columns.map((c) => [c.name, { notNull: Boolean(c.not_null || c.pk) }])));
  }
  db.$client.close();
  return shape;
}

async function postgresShape(t: TestSchema): Promise<Shape> {
  const { rows } = await t.pool.query<{ table_name: string; column_name: string; is_nullable: string }>(
    "select table_name, column_name, is_nullable from information_schema.columns where table_schema = $1 and table_name <> 'schema_migrations'",
    [t.schema],
  );
  const shape: Shape = new Map();
  for (const r of rows) {
    if (!shape.has(r.table_name)) shape.set(r.table_name, new Map());
    shape.get(r.table_name)!.set(r.column_name, { notNull: r.is_nullable === "NO" });
  }
  return shape;
}

const sorted = (shape: Shape) =>
  Object.fromEntries([...shape].sort(([a], [b]) => a.localeCompare(b)).map(([t, cols]) => [t, Object.fromEntries([...cols].sort())]));

describe("PostgreSQL's schema", () => {
  let schemas: TestSchema[] = [];
  afterEach(async () => {
    await Promise.all(schemas.map((s) => s.drop()));
    schemas = [];
  });
  const fresh = () => {
    const s = freshSchema();
    schemas.push(s);
    return s;
  };

  it("has SQLite's tables and columns, with the same NOT NULLs, inside the municipality's schema", async () => {
    const t = fresh();
    const { applied } = await migratePostgres(t.pool, t.schema);
    expect(applied.length).toBeGreaterThan(0);
    expect(sorted(await postgresShape(t))).toEqual(sorted(sqliteShape()));
    // Nothing went to the public schema: foreign keys point inside the municipality's schema.
    const { rows } = await t.pool.query(
      "select count(*) as n from information_schema.referential_constraints rc join information_schema.table_constraints tc on tc.constraint_name = rc.unique_constraint_name and tc.constraint_schema = rc.unique_constraint_schema where rc.constraint_schema = $1 and tc.table_schema <> $1",
      [t.schema],
    );
    expect(rows[0].n).toBe(0);
  });

  it("applies each migration once, also when two servers start at the same moment", async () => {
    const t = fresh();
    const other = openPostgresPool(postgresTestUrl(), t.schema, { max: 1 });
    try {
      const [a, b] = await Promise.all([migratePostgres(t.pool, t.schema), migratePostgres(other, t.schema)]);
      expect([...a.applied, ...b.applied].sort()).toEqual(
        fs
          .readdirSync(PG_MIGRATIONS_DIR)
          .filter((f) => f.endsWith(".sql"))
          .map((f) => f.replace(/\.sql$/, ""))
          .sort(),
      );
      expect((await migratePostgres(t.pool, t.schema)).applied).toEqual([]);
    } finally {
      await other.end();
    }
  });

  it("refuses a migration that was changed after it ran", async () => {
    const t = fresh();
    const { dir, remove } = makeTempDir();
    try {
      fs.cpSync(PG_MIGRATIONS_DIR, dir, { recursive: true });
      await migratePostgres(t.pool, t.schema, dir);
      const first = fs.readdirSync(dir).find((f) => f.endsWith(".sql"))!;
      fs.appendFileSync(path.join(dir, first), "\n-- ändrad i efterhand\n");
      await expect(migratePostgres(t.pool, t.schema, dir)).rejects.toThrow(/har ändrats/);
    } finally {
      remove();
    }
  });

  it("reads and writes through the app's tables to the same values as SQLite", async () => {
    const t = fresh();
    await migratePostgres(t.pool, t.schema);
    const pg = postgresDb(t.pool);
    const sqlite = openDatabase(":memory:");
    const area = {
      id: "area-1",
      name: "Mörarp",
      kind: "tatort" as const,
      lat: 56.05,
      lng: 12.87,
      population: 1234,
      tags: ["by", "nordost"],
      positionEstimated: true,
    };
    const before = Date.now();
    const [written] = await pg.insert(areas).values(area).returning();
    sqlite.insert(areas).values(area).run();
    const [read] = await pg.select().from(areas).where(eq(areas.id, "area-1"));
    const local = sqlite.select().from(areas).where(eq(areas.id, "area-1")).get()!;
    const { createdAt, updatedAt, ...rest } = read!;
    const { createdAt: _c, updatedAt: _u, ...localRest } = local;
    expect(rest).toEqual(localRest);
    expect(written).toEqual(read);
    expect(rest).toMatchObject({ tags: ["by", "nordost"], positionEstimated: true, population: 1234, archivedAt: null });
    // The default (milliseconds now, from PostgreSQL's clock) comes back as a Date, as on SQLite.
    expect(createdAt).toBeInstanceOf(Date);
    expect(Math.abs(createdAt.getTime() - before)).toBeLessThan(60_000);
    expect(updatedAt).toBeInstanceOf(Date);
    sqlite.$client.close();
  });
});
