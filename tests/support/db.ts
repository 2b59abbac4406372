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
 * A fresh SQLite file (or a copy of `copyOf`) in a new temporary directory, opened the way the app opens its database
 * (openDatabase: WAL, foreign keys, busy timeout, synchronous=FULL) and migrated with the
 * committed migrations.
 */
export function createTestDb(copyOf?: string): TestDb {
  const { dir, remove } = makeTempDir();
  const file = path.join(dir, "test.sqlite");
  if (copyOf) fs.copyFileSync(copyOf, file);
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

/**
 * Seeded databases are built once and copied: seeding the demo data (argon2 hashes, a tour's worth
 * of stops and questions) takes seconds, a file copy milliseconds. A template is made per worker
 * process, per variant and per minute of the clock, since the demo data is placed relative to "now"
 * (a test that fakes the date gets a template of its own).
 */
const templates = new Map<string, Promise<string>>();
const templateDirs: (() => void)[] = [];
process.once("exit", () => templateDirs.forEach((remove) => remove()));

function templateFile(demo: boolean): Promise<string> {
  const now = new Date();
  const key = `${demo ? "demo" : "reference"}:${Math.floor(now.getTime() / 60_000)}`;
  let pending = templates.get(key);
  if (!pending) {
    pending = (async () => {
      const { dir, remove } = makeTempDir("rullarut-template-");
      templateDirs.push(remove);
      const file = path.join(dir, "template.sqlite");
      const db = openDatabase(file);
      try {
        seedReference(db);
        if (demo) await seedDemo(db, now);
        db.$client.pragma("wal_checkpoint(TRUNCATE)");
      } finally {
        db.$client.close();
      }
      return file;
    })();
    pending.catch(() => templates.delete(key));
    templates.set(key, pending);
  }
  return pending;
}

/** createTestDb plus the reference data (areas, organizations, answer groups, advisor functions, settings), and demo users when asked. */
export async function seededTestDb(options: { demo?: boolean } = {}): Promise<TestDb> {
  return createTestDb(await templateFile(Boolean(options.demo)));
}
