/**
 * Writes db/schema.pg.ts, the PostgreSQL twin of db/schema.ts, for drizzle-kit to make PostgreSQL's
 * migrations from (ADR 042). db/schema.ts stays the only schema anyone edits: the app queries both
 * engines through its sqlite-core tables, and this twin only says how PostgreSQL stores them, with
 * the same physical types so that drizzle maps rows to the same values on both:
 *
 * - text (also enums and JSON) stays text; real becomes double precision;
 * - integers, timestamps (epoch milliseconds) included, become bigint, read back as numbers;
 * - booleans stay 0/1 integers;
 * - keys, foreign keys, unique constraints, indexes (partial ones too) and checks are carried over.
 *
 * A default written in SQLite's SQL must have its PostgreSQL form in SQL_DEFAULTS below; an unknown
 * one stops the generator, so the twin can never silently differ. `npm run db:generate` runs this and
 * then drizzle-kit for both engines; tests/unit/pg-schema.test.ts fails when the committed twin is
 * behind the schema.
 *
 *   npx tsx scripts/pg-schema.ts          write db/schema.pg.ts
 *   npx tsx scripts/pg-schema.ts --check  exit 1 if db/schema.pg.ts is not what the schema gives
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { is, SQL, type Column } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import prettier from "prettier";
import * as schema from "../db/schema";

export const PG_SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../db/schema.pg.ts");

/** SQLite's SQL defaults, as written in db/schema.ts, and what PostgreSQL says for the same. */
const SQL_DEFAULTS: Record<string, string> = {
  "(cast(unixepoch('subsec') * 1000 as integer))": "(floor(extract(epoch from clock_timestamp()) * 1000))::bigint",
  "'[]'": "'[]'",
  "'{}'": "'{}'",
};

const dialect = new PgDialect();

/** A fragment of SQL (a check, an index's condition) as PostgreSQL text, columns by name only. */
function pgSql(fragment: SQL, where: string): string {
  const query = dialect.sqlToQuery(fragment, "indexes");
  if (query.params.length) throw new Error(`${where}: SQL with parameters cannot be carried over (${query.sql})`);
  return query.sql;
}

function literal(value: unknown): string {
  return JSON.stringify(value);
}

type AnyColumn = Column & { columnType: string };

function columnSource(column: AnyColumn, table: string): string {
  const name = literal(column.name);
  let source: string;
  switch (column.columnType) {
    case "SQLiteText":
    case "SQLiteTextJson":
      source = `text(${name})`;
      break;
    case "SQLiteReal":
      source = `doublePrecision(${name})`;
      break;
    case "SQLiteBoolean":
      source = `integer(${name})`;
      break;
    case "SQLiteInteger":
    case "SQLiteTimestamp":
      source = `bigint(${name}, { mode: "number" })`;
      break;
    default:
      throw new Error(`${table}.${column.name}: no PostgreSQL type for ${column.columnType}`);
  }
  if (column.primary) source += ".primaryKey()";
  if (column.notNull && !column.primary) source += ".notNull()";
  if (column.default !== undefined) {
    if (is(column.default, SQL)) {
      const sqlite = dialect.sqlToQuery(column.default).sql;
      const pg = SQL_DEFAULTS[sqlite];
      if (pg === undefined) throw new Error(`${table}.${column.name}: add the PostgreSQL form of the default ${sqlite} to SQL_DEFAULTS`);
      source += `.default(sql.raw(${literal(pg)}))`;
    } else if (typeof column.default === "boolean") {
      source += `.default(${column.default ? 1 : 0})`;
    } else if (typeof column.default === "string" || typeof column.default === "number") {
      source += `.default(${literal(column.default)})`;
    } else {
      throw new Error(`${table}.${column.name}: a default of type ${typeof column.default} cannot be carried over`);
    }
  }
  if (column.isUnique) source += `.unique(${literal(column.uniqueName)})`;
  return source;
}

export function pgSchemaSource(): string {
  // By name: a module namespace lists its exports in a different order under tsx and under vitest.
  const tables = (Object.entries(schema).filter(([, value]) => is(value, SQLiteTable)) as [string, SQLiteTable][]).sort(([a], [b]) => a.localeCompare(b));
  const variableOf = new Map(tables.map(([variable, table]) => [table, variable]));
  const blocks = tables.map(([variable, table]) => {
    const config = getTableConfig(table);
    const keyOf = new Map(Object.entries(table).map(([key, column]) => [column, key]));
    const col = (column: Column) => `t.${keyOf.get(column) ?? fail(`${config.name}: column ${column.name} has no key`)}`;
    const columns = config.columns.map((c) => `  ${keyOf.get(c)}: ${columnSource(c as AnyColumn, config.name)},`);
    const extras: string[] = [];
    for (const pk of config.primaryKeys) extras.push(`primaryKey({ name: ${literal(pk.getName())}, columns: [${pk.columns.map(col).join(", ")}] })`);
    for (const u of config.uniqueConstraints) extras.push(`unique(${literal(u.getName())}).on(${u.columns.map(col).join(", ")})`);
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      const target = variableOf.get(ref.foreignTable as SQLiteTable) ?? fail(`${config.name}: foreign key to a table outside the schema`);
      const foreignKeyOf = new Map(Object.entries(ref.foreignTable).map(([key, column]) => [column, key]));
      let source = `foreignKey({ name: ${literal(fk.getName())}, columns: [${ref.columns.map(col).join(", ")}], foreignColumns: [${ref.foreignColumns
        .map((c) => `${target}.${foreignKeyOf.get(c)}`)
        .join(", ")}] })`;
      if (fk.onDelete && fk.onDelete !== "no action") source += `.onDelete(${literal(fk.onDelete)})`;
      if (fk.onUpdate && fk.onUpdate !== "no action") source += `.onUpdate(${literal(fk.onUpdate)})`;
      extras.push(source);
    }
    for (const index of config.indexes) {
      const c = index.config;
      const on = c.columns.map((column) => (is(column, SQL) ? `sql.raw(${literal(pgSql(column, c.name))})` : col(column as Column))).join(", ");
      let source = `${c.unique ? "uniqueIndex" : "index"}(${literal(c.name)}).on(${on})`;
      if (c.where) source += `.where(sql.raw(${literal(pgSql(c.where, c.name))}))`;
      extras.push(source);
    }
    for (const check of config.checks) extras.push(`check(${literal(check.name)}, sql.raw(${literal(pgSql(check.value, check.name))}))`);
    const extra = extras.length ? `, (t) => [\n${extras.map((e) => `  ${e},`).join("\n")}\n]` : "";
    return `export const ${variable} = pgTable(${literal(config.name)}, {\n${columns.join("\n")}\n}${extra});`;
  });
  const body = blocks.join("\n");
  const builders = ["bigint", "check", "doublePrecision", "foreignKey", "index", "integer", "pgTable", "primaryKey", "text", "unique", "uniqueIndex"].filter(
    (b) => new RegExp(`\\b${b}\\(`).test(body),
  );
  return [
    "// Generated by scripts/pg-schema.ts from db/schema.ts: do not edit. PostgreSQL's tables for drizzle-kit (ADR 042).",
    'import { sql } from "drizzle-orm";',
    `import { ${builders.join(", ")} } from "drizzle-orm/pg-core";`,
    "",
    ...blocks.map((b) => `${b}\n`),
  ].join("\n");
}

function fail(message: string): never {
  throw new Error(message);
}

export async function formattedPgSchema(): Promise<string> {
  const options = (await prettier.resolveConfig(PG_SCHEMA_FILE)) ?? {};
  return prettier.format(pgSchemaSource(), { ...options, parser: "typescript" });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const source = await formattedPgSchema();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(PG_SCHEMA_FILE) ? fs.readFileSync(PG_SCHEMA_FILE, "utf8") : "";
    if (current !== source) {
      console.error("db/schema.pg.ts är inte i takt med db/schema.ts: kör npm run db:generate.");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(PG_SCHEMA_FILE, source);
    console.log(`Skrev ${path.relative(process.cwd(), PG_SCHEMA_FILE)}`);
  }
}
