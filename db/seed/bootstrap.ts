import { count } from "drizzle-orm";
import { openDatabase, type Db } from "~/db.server";
import type { Env } from "~/env.server";
import { users } from "../schema";
import { seedDemo } from "./demo";
import { seedReference } from "./reference";

export type BootstrapReport = { migrated: true; areasInserted: number; organizationsInserted: number; demo: boolean };

/**
 * Runs at server start: migrate, load reference data, and load demo data on the first start
 * of an empty database in local mode, or whenever DEMO_DATA=1. Never silently in production:
 * there it needs DEMO_DATA=1, and the start log says so.
 */
export async function bootstrapDatabase(env: Pick<Env, "DATABASE_PATH" | "isProduction" | "DEMO_DATA">): Promise<BootstrapReport> {
  const db: Db = openDatabase(env.DATABASE_PATH);
  try {
    const ref = seedReference(db);
    const empty = (db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
    const wantDemo = env.DEMO_DATA || (!env.isProduction && empty);
    const demo = wantDemo ? await seedDemo(db) : false;
    return { migrated: true, ...ref, demo };
  } finally {
    db.$client.close();
  }
}
