/**
 * PostgreSQL, for hosted installs that serve several municipalities (issue 19, ADR 042). Each
 * municipality has a schema of its own; a pool's connections have that schema as their only
 * search_path, so the app's unqualified table names reach that municipality's tables and no other's.
 * The app queries through the same sqlite-core tables as on SQLite; the tables here are created by
 * the migrations in db/migrations-pg, which drizzle-kit makes from db/schema.pg.ts (generated from
 * db/schema.ts by scripts/pg-schema.ts).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import pg from "pg";

/** Where PostgreSQL's migrations are, both from source and from the built server. */
export const PG_MIGRATIONS_DIR = path.resolve(process.env.PG_MIGRATIONS_DIR ?? "db/migrations-pg");

/** A municipality's schema: lower-case letters, digits and underscores, as PostgreSQL names go unquoted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema) || schema.startsWith("pg_") || schema === "information_schema") {
    throw new Error(`Ogiltigt schemanamn för PostgreSQL: "${schema}" (små bokstäver, siffror och _, högst 63 tecken)`);
  }
  return schema;
}

/**
 * How values come back: bigint (counts, epoch milliseconds) and numeric (sums) as JavaScript numbers,
 * as SQLite gives them; every such value the app stores is far below 2^53. Set on pg's global parsers:
 * drizzle passes its own per-query parsers, which fall back to these, so a pool's own would be ignored.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

/** A pool whose connections see one municipality's schema and nothing else by name. */
export function openPostgresPool(url: string, schema: string, options: { max?: number } = {}): pg.Pool {
  assertSchemaName(schema);
  return new pg.Pool({ connectionString: url, max: options.max ?? 10, options: `-c search_path=${schema}` });
}

/**
 * The app's database on PostgreSQL. The app's tables are sqlite-core tables, and drizzle's node-postgres
 * driver builds PostgreSQL's SQL from them (ADR 042). It is typed as drizzle's asynchronous SQLite
 * database, the shape the two engines share: awaited statements and transaction(). The sqlite-only
 * .get(), .all() and .run() are not there at run time. This cast is the one place the two meet.
 */
export type AsyncDb = BaseSQLiteDatabase<"async", unknown>;

export function postgresDb(pool: pg.Pool): AsyncDb {
  return drizzle(pool) as unknown as AsyncDb;
}

type JournalEntry = { idx: number; tag: string };

/** One migration's statements, for a municipality's schema: drizzle-kit names foreign keys' tables "public"."x". */
function statementsOf(sqlText: string): string[] {
  return sqlText
    .split("--> statement-breakpoint")
    .map((s) => s.replaceAll('"public".', "").trim())
    .filter(Boolean);
}

/**
 * Brings a municipality's schema up to date: creates it if new, then applies each migration not yet
 * applied, each in its own transaction, under an advisory lock so two servers starting at once do not
 * both apply it. drizzle's own migrator cannot be used: it would create the foreign keys towards the
 * public schema's tables. A migration that was changed after it was applied stops the server.
 */
export async function migratePostgres(pool: pg.Pool, schema: string, folder = PG_MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  assertSchemaName(schema);
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as { entries: JournalEntry[] };
  const client = await pool.connect();
  /** One transaction holding the schema's migration lock: no other migrator works on the schema meanwhile. */
  const locked = async <T>(work: () => Promise<T>): Promise<T> => {
    await client.query("begin");
    try {
      await client.query("select pg_advisory_xact_lock(hashtext($1))", [`rullarut-migrate:${schema}`]);
      const result = await work();
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  };
  const applied: string[] = [];
  try {
    await locked(async () => {
      await client.query(`create schema if not exists ${schema}`);
      await client.query(`create table if not exists ${schema}.schema_migrations (tag text primary key, hash text not null, applied_at bigint not null)`);
    });
    for (const entry of [...journal.entries].sort((a, b) => a.idx - b.idx)) {
      const text = fs.readFileSync(path.join(folder, `${entry.tag}.sql`), "utf8");
      const hash = createHash("sha256").update(text).digest("hex");
      const applies = await locked(async () => {
        const done = await client.query<{ hash: string }>(`select hash from ${schema}.schema_migrations where tag = $1`, [entry.tag]);
        if (done.rows[0]) {
          if (done.rows[0].hash !== hash) throw new Error(`Migreringen ${entry.tag} har ändrats sedan den kördes i schemat ${schema}`);
          return false;
        }
        for (const statement of statementsOf(text)) await client.query(statement);
        await client.query(`insert into ${schema}.schema_migrations (tag, hash, applied_at) values ($1, $2, $3)`, [entry.tag, hash, Date.now()]);
        return true;
      });
      if (applies) applied.push(entry.tag);
    }
  } finally {
    client.release();
  }
  return { applied };
}
