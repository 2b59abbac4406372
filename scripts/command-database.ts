/**
 * The database a command (db:backup, db:migrate, db:seed, user:create) works on: DATABASE_PATH, or
 * in a shared deployment (TENANTS_FILE) the municipality's named by `--kommun <id>`, which is then
 * required (issue 19). Returns the remaining arguments without `--kommun <id>`.
 */
import type { Env } from "~/env.server";

export function commandDatabase(env: Env, argv: string[]): { file: string; label: string; rest: string[] } {
  const at = argv.indexOf("--kommun");
  const id = at === -1 ? undefined : argv[at + 1];
  const rest = at === -1 ? argv : [...argv.slice(0, at), ...argv.slice(at + 2)];
  if (!env.tenants) {
    if (at !== -1) fail("--kommun gäller bara en delad installation (TENANTS_FILE är inte satt).");
    return { file: env.DATABASE_PATH, label: "DATABASE_PATH", rest };
  }
  const ids = env.tenants.map((t) => t.id).join(", ");
  if (!id || id.startsWith("--")) fail(`Ange kommunen med --kommun <id> (TENANTS_FILE: ${ids}).`);
  const tenant = env.tenants.find((t) => t.id === id);
  if (!tenant) fail(`Ingen kommun med id "${id}" i TENANTS_FILE (${ids}).`);
  return { file: tenant.databasePath, label: `${tenant.name}, ${tenant.id}`, rest };
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
