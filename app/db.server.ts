import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "#db/schema";
import type { DataGroup } from "#db/data-groups";
import { getEnv } from "~/env.server";
import { currentTenant, type Tenant } from "~/tenancy.server";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Where the committed drizzle-kit migrations are, both from source and from the built server. */
export const MIGRATIONS_DIR = path.resolve(process.env.MIGRATIONS_DIR ?? "db/migrations");

/**
 * Opens a database file with the settings every connection must have:
 * WAL so readers never block the writer, foreign keys enforced, a busy timeout for
 * concurrent writers, and synchronous=FULL so a committed write survives power loss.
 */
export function openDatabase(file: string, options: { migrate?: boolean } = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = FULL");
  reuseStatements(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  writeTransactionsFirst(db);
  if (options.migrate ?? true) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

/**
 * Every transaction begins IMMEDIATE unless it says otherwise: it takes the write lock at BEGIN,
 * waiting its turn (busy_timeout) behind another process's write. A DEFERRED one reads first and
 * asks for the lock at its first write; if another connection committed in between, SQLite refuses
 * it at once (SQLITE_BUSY_SNAPSHOT, no waiting), and the request failed with a 500 (the clean-clone
 * e2e run of 2026-12-07: "Behov" saved while another worker wrote). The app's transactions all write.
 */
function writeTransactionsFirst(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) => transaction(fn, { behavior: "immediate", ...config })) as Db["transaction"];
}

/** How many compiled statements a connection keeps for reuse (the app runs a few hundred distinct ones). */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Makes `prepare` hand back an already compiled statement for SQL it has seen, least recently
 * used out first. drizzle prepares every query anew, and compiling it cost a page as much as
 * running it (a tenth of Mitt schema's server time). A reused statement gets better-sqlite3's
 * defaults back (not raw, not plucked, not expanded), so it behaves exactly as a fresh one; one
 * that is still busy (an iterator in progress) is not reused.
 */
function reuseStatements(sqlite: Database.Database, size = STATEMENT_CACHE_SIZE): void {
  const compile = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const known = statements.get(source);
    if (known && !known.busy) {
      statements.delete(source);
      statements.set(source, known);
      if (known.reader) known.raw(false).pluck(false).expand(false);
      return known;
    }
    const statement = compile(source);
    if (!known) {
      statements.set(source, statement);
      if (statements.size > size) statements.delete(statements.keys().next().value!);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

let instance: Db | undefined;
const tenantDbs = new Map<string, Db>();

/**
 * The database of the request or job that is running: in a shared deployment (TENANTS_FILE) the
 * running tenant's, and none outside a tenant's scope, so no code can reach a municipality's data
 * without having been given that municipality; otherwise the one file at DATABASE_PATH. Opened and
 * migrated on first use.
 */
export function getDb(): Db {
  const tenant = currentTenant();
  if (tenant) return tenantDb(tenant);
  if (getEnv().tenants) throw new Error("getDb() utanför en kommuns förfrågan eller jobb (TENANTS_FILE är satt)");
  instance ??= openDatabase(getEnv().DATABASE_PATH);
  return instance;
}

/** A tenant's database, opened and migrated on first use. */
function tenantDb(tenant: Tenant): Db {
  let db = tenantDbs.get(tenant.id);
  if (!db) {
    db = openDatabase(tenant.databasePath);
    tenantDbs.set(tenant.id, db);
  }
  return db;
}

export function closeDb(): void {
  instance?.$client.close();
  instance = undefined;
  for (const db of tenantDbs.values()) db.$client.close();
  tenantDbs.clear();
}

/**
 * Several reads that must agree with each other while others write (the report's parts): one
 * snapshot of the database for all of them. On SQLite a deferred read transaction, which takes no
 * write lock; on PostgreSQL it will be a REPEATABLE READ transaction (ADR 042, step 3, decision 3).
 */
export function readConsistently<T>(db: Db, read: () => T): T {
  return db.$client.transaction(read).deferred();
}

/** For /healthz: can we read, and is the database writable? */
export function checkDatabase(db: Db): { ok: boolean; error?: string } {
  try {
    db.$client.prepare("select count(*) from municipality_settings").get();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const probes = new WeakMap<object, () => string>();
const caches = new WeakMap<object, Map<string, { version: string; value: unknown }>>();

/**
 * A key that changes whenever anything in the database changes: PRAGMA data_version moves when
 * another connection (another server process, a script) commits, and total_changes() counts
 * this connection's own writes. Both are answered without reading any table.
 */
export function databaseVersion(db: Db): string {
  let probe = probes.get(db.$client);
  if (!probe) {
    // One compiled statement for both (db.pragma() would compile its statement on every call).
    const statement = db.$client.prepare("select data_version, total_changes() from pragma_data_version");
    probe = () => (statement.raw(true).get() as [number, number]).join(":");
    probes.set(db.$client, probe);
  }
  return probe();
}

const versionSnapshots = new WeakMap<object, Map<string, { at: string; versions: Map<string, number> }>>();

const VERSION_KEYS = { data_versions: "grp", report_year_versions: "year" } as const;

/**
 * A table of versions that triggers bump (data_versions, report_year_versions) as a map from key
 * to version, read again only when the database has changed at all since the last read
 * (databaseVersion), so a cache hit costs no query.
 */
export function versionTable(db: Db, table: keyof typeof VERSION_KEYS): Map<string, number> {
  const at = databaseVersion(db);
  let tables = versionSnapshots.get(db.$client);
  if (!tables) versionSnapshots.set(db.$client, (tables = new Map()));
  let snapshot = tables.get(table);
  if (!snapshot || snapshot.at !== at) {
    const rows = db.$client.prepare(`select ${VERSION_KEYS[table]}, version from ${table}`).raw().all() as [string, number][];
    snapshot = { at, versions: new Map(rows) };
    tables.set(table, snapshot);
  }
  return snapshot.versions;
}

/** The versions of some groups of tables (db/data-groups.ts), which triggers bump on every write to one of their tables. */
export function groupVersion(db: Db, groups: readonly DataGroup[]): string {
  const versions = versionTable(db, "data_versions");
  return groups.map((g) => versions.get(g) ?? 0).join(".");
}

/**
 * Memoises an expensive read until the database next changes (see databaseVersion), or, with
 * `alsoUntil`, until that value changes too (e.g. the current minute, for reads that depend on "now").
 * With `reads`, only writes to those groups of tables end it (see groupVersion).
 * For reads many pages repeat between writes, such as "when was each area last visited".
 * At most MAX_CACHED_READS keys are kept per connection; beyond that the cache starts afresh.
 */
const MAX_CACHED_READS = 500;

export function cachedUntilChange<T>(
  db: Db,
  key: string,
  compute: () => T,
  options: {
    alsoUntil?: string | number;
    /** The groups of tables the read depends on: then only writes to those end it (issue 15). Without it, any write does. */
    reads?: readonly DataGroup[];
  } = {},
): T {
  let cache = caches.get(db.$client);
  if (!cache) {
    cache = new Map();
    caches.set(db.$client, cache);
  }
  // Keys may carry filter values from URLs: keep the memory bounded.
  if (cache.size >= MAX_CACHED_READS && !cache.has(key)) cache.clear();
  const base = options.reads ? `groups:${groupVersion(db, options.reads)}` : databaseVersion(db);
  const version = options.alsoUntil === undefined ? base : `${base}:${options.alsoUntil}`;
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = compute();
  cache.set(key, { version, value });
  // An async read (the PostgreSQL engine's, ADR 042) is kept as its promise, so requests that come
  // while it runs share it; one that fails is forgotten, so the next request reads again.
  if (value instanceof Promise) {
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
  }
  return value;
}
