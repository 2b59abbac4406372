import path from "node:path";
import { openDatabase, type Db } from "~/db.server";

/**
 * Runs `fn` on the e2e server's database (E2E_DATA_DIR) through drizzle and the app's schema, and
 * closes it. The file is opened as the app opens a second connection to its database (openDatabase
 * without migrating: the server has; WAL, foreign keys, and a busy timeout of 5 s for its writers).
 * `file`: another server's database in the same folder (sso.sqlite for the sign-on server).
 */
export function withE2eDb<T>(fn: (db: Db) => T, file = "e2e.sqlite"): T {
  const db = openDatabase(path.join(process.env.E2E_DATA_DIR!, file), { migrate: false });
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}
