// npm run db:backup -- FILE            (a shared deployment: npm run db:backup -- --kommun <id> FILE)
// An online backup with SQLite's backup API (through better-sqlite3): consistent even while the server writes.
// In a shared deployment it is also the export of one municipality's data, whole (issue 19).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { parseEnv } from "~/env.server";
import { commandDatabase } from "./command-database";

const env = parseEnv(process.env);
const database = commandDatabase(env, process.argv.slice(2));
const target = database.rest[0];
if (!target) {
  console.error("Ange en fil att säkerhetskopiera till: npm run db:backup -- backup/rullarut-2027-01-01.sqlite");
  process.exit(2);
}
if (!fs.existsSync(database.file)) {
  console.error(`Databasen finns inte: ${path.resolve(database.file)} (${database.label})`);
  process.exit(1);
}
if (fs.existsSync(target)) {
  console.error(`Filen finns redan, skriver inte över: ${path.resolve(target)}`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });

const source = new Database(database.file, { readonly: true, fileMustExist: true });
source.pragma("busy_timeout = 5000");
try {
  await source.backup(target, {
    progress({ totalPages, remainingPages }) {
      if (totalPages > 10_000) process.stdout.write(`\r${totalPages - remainingPages}/${totalPages} sidor`);
      return 1000;
    },
  });
} finally {
  source.close();
}
const check = new Database(target, { readonly: true });
const integrity = check.pragma("integrity_check", { simple: true });
check.close();
if (integrity !== "ok") {
  console.error(`Säkerhetskopian klarade inte integritetskontrollen: ${String(integrity)}`);
  process.exit(1);
}
console.log(`\nSäkerhetskopia klar: ${path.resolve(target)} (${fs.statSync(target).size} byte, integritet ok)`);
