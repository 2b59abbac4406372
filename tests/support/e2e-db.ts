import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";

/** A new id as the app makes them: for rows a spec writes straight into the e2e database. */
export const newId = () => randomBytes(16).toString("base64url");

/**
 * Runs `fn` on the e2e server's database (E2E_DATA_DIR), waiting up to 5 s for its writers, and
 * closes it. `file`: another server's database in the same folder (sso.sqlite for the sign-on server).
 */
export function withE2eDb<T>(fn: (db: Database.Database) => T, file = "e2e.sqlite"): T {
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, file));
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}
