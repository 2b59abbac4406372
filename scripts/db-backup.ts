// npm run db:backup -- FILE
// An online backup with SQLite's backup API (through better-sqlite3): consistent even while the server writes.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { parseEnv } from "~/env.server";

const target = process.argv[2];
if (!target) {
  console.error("Ange en fil att säkerhetskopiera till: npm run db:backup -- backup/rullarut-2027-01-01.sqlite");
  process.exit(2);
}
const env = parseEnv(process.env);
if (!fs.existsSync(env.DATABASE_PATH)) {
  console.error(`Databasen finns inte: ${path.resolve(env.DATABASE_PATH)} (DATABASE_PATH)`);
  process.exit(1);
}
if (fs.existsSync(target)) {
  console.error(`Filen finns redan, skriver inte över: ${path.resolve(target)}`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });

const source = new Database(env.DATABASE_PATH, { readonly: true, fileMustExist: true });
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
