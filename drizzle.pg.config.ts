import { defineConfig } from "drizzle-kit";

/** PostgreSQL's migrations, from the twin that scripts/pg-schema.ts writes from db/schema.ts (ADR 042). */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg.ts",
  out: "./db/migrations-pg",
  strict: true,
  verbose: true,
});
