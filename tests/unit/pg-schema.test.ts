/**
 * db/schema.pg.ts is PostgreSQL's twin of db/schema.ts, written by scripts/pg-schema.ts (ADR 042).
 * A change to the schema without `npm run db:generate` fails here, so the two cannot drift apart.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { formattedPgSchema, PG_SCHEMA_FILE, pgSchemaSource } from "../../scripts/pg-schema";

describe("PostgreSQL's twin of the schema", () => {
  it("is what the generator writes from db/schema.ts", async () => {
    expect(fs.readFileSync(PG_SCHEMA_FILE, "utf8")).toBe(await formattedPgSchema());
  });

  it("carries over every table, and SQLite's defaults in PostgreSQL's words", () => {
    const source = pgSchemaSource();
    expect(source.match(/= pgTable\(/g)).toHaveLength(42);
    expect(source).not.toContain("unixepoch");
    expect(source).toContain("clock_timestamp()");
  });
});
