import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "~/db.server";
import { seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";

export type TestDb = {
  db: Db;
  /** The SQLite file. */
  file: string;
  /** The temporary directory holding the file (and its -wal/-shm companions). */
  dir: string;
  /** Closes the connection and removes the directory. Safe to call twice. */
  cleanup: () => void;
};

/** A temporary directory of its own, removed by the returned function. */
export function makeTempDir(prefix = "rullarut-test-"): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh SQLite file in a new temporary directory, opened the way the app opens its database
 * (openDatabase: WAL, foreign keys, busy timeout, synchronous=FULL) and migrated with the
 * committed migrations.
 */
export function createTestDb(): TestDb {
  const { dir, remove } = makeTempDir();
  const file = path.join(dir, "test.sqlite");
  const db = openDatabase(file);
  let closed = false;
  return {
    db,
    file,
    dir,
    cleanup() {
      if (!closed && db.$client.open) db.$client.close();
      closed = true;
      remove();
    },
  };
}

/** createTestDb plus the reference data (areas, organizations, answer groups, advisor functions, settings), and demo users when asked. */
export async function seededTestDb(options: { demo?: boolean } = {}): Promise<TestDb> {
  const testDb = createTestDb();
  try {
    seedReference(testDb.db);
    if (options.demo) await seedDemo(testDb.db);
  } catch (error) {
    testDb.cleanup();
    throw error;
  }
  return testDb;
}
