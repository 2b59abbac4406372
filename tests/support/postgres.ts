/**
 * PostgreSQL for the tests (issue 19): `npm test` starts Debian's server through
 * scripts/postgres-for-tests.sh and passes its URL as TEST_DATABASE_URL. Each test gets a schema of
 * its own, as a municipality does in a hosted install, and drops it afterwards.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { openPostgresPool } from "~/postgres.server";

export function postgresTestUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      "TEST_DATABASE_URL saknas. npm test startar PostgreSQL själv; för att köra ett enskilt test: export TEST_DATABASE_URL=$(scripts/postgres-for-tests.sh)",
    );
  }
  return url;
}

export type TestSchema = { schema: string; pool: pg.Pool; drop: () => Promise<void> };

/** A new, empty schema and a pool whose connections see only it. */
export function freshSchema(): TestSchema {
  const url = postgresTestUrl();
  const schema = `test_${randomBytes(6).toString("hex")}`;
  const pool = openPostgresPool(url, schema, { max: 4 });
  return {
    schema,
    pool,
    drop: async () => {
      await pool.query(`drop schema if exists ${schema} cascade`);
      await pool.end();
    },
  };
}
