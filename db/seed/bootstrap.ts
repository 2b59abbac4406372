import { count } from "drizzle-orm";
import { openDatabase, type Db } from "~/db.server";
import { municipalityByQuery } from "~/domain/reference/sweden.server";
import { createUser } from "~/domain/users/users.server";
import { isHelsingborg, type Env } from "~/env.server";
import { users } from "../schema";
import { DEMO_PASSWORD, seedDemo } from "./demo";
import { seedReference } from "./reference";

export type BootstrapReport = {
  migrated: true;
  areasInserted: number;
  organizationsInserted: number;
  demo: boolean;
  /** Another municipality's empty demo install, waiting at the set-up's first step. */
  setupDemoFor: string | null;
};

/** The one account of another municipality's demo: its admin, who walks the set-up. */
export const DEMO_SETUP_ADMIN = { name: "Demo Administratör", email: "admin@rullarut.example" } as const;

/**
 * Runs at server start: migrate, and load demo data on the first start of an empty database in
 * local mode, or whenever DEMO_DATA=1. Never silently in production: there it needs DEMO_DATA=1,
 * and the start log says so. A real install starts empty: its first admin (npm run user:create)
 * is led through the set-up (/installera). The demo is Helsingborg's unless DEMO_MUNICIPALITY
 * names another municipality, whose demo is an empty install with one admin account.
 */
export async function bootstrapDatabase(env: Pick<Env, "DATABASE_PATH" | "isProduction" | "DEMO_DATA" | "DEMO_MUNICIPALITY">): Promise<BootstrapReport> {
  const db: Db = openDatabase(env.DATABASE_PATH);
  try {
    const empty = (db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
    const wantDemo = env.DEMO_DATA || (!env.isProduction && empty);
    const none = { migrated: true, areasInserted: 0, organizationsInserted: 0, demo: false, setupDemoFor: null } as const;
    if (!wantDemo) return none;
    if (!isHelsingborg(env.DEMO_MUNICIPALITY)) {
      const municipality = municipalityByQuery(env.DEMO_MUNICIPALITY!);
      if (!municipality) throw new Error(`DEMO_MUNICIPALITY: ingen svensk kommun heter eller har koden "${env.DEMO_MUNICIPALITY}".`);
      if (empty) {
        await createUser(db, null, { ...DEMO_SETUP_ADMIN, role: "admin", password: DEMO_PASSWORD, answerGroups: [], advisorFunctions: [], hourly: false });
      }
      return { ...none, demo: empty, setupDemoFor: municipality.name };
    }
    const ref = seedReference(db);
    const demo = await seedDemo(db);
    return { ...none, ...ref, demo };
  } finally {
    db.$client.close();
  }
}
