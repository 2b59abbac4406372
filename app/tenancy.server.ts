/**
 * One deployment, several municipalities (issue 19, ADR 042). With TENANTS_FILE set, each
 * municipality (a tenant) has its own host names, public address and database; the server picks the
 * tenant from the request's host in one middleware and runs the request inside its scope, and
 * getDb() (app/db.server.ts) hands out that tenant's database only. Without TENANTS_FILE the app
 * serves one municipality from DATABASE_PATH, exactly as before.
 *
 * TENANTS_FILE is JSON:
 *   { "tenants": [ { "id": "helsingborg", "name": "Helsingborgs stad", "hosts": ["rullarut.helsingborg.se"],
 *                    "baseUrl": "https://rullarut.helsingborg.se", "database": "helsingborg.sqlite" } ] }
 * A relative database path is read from the file's own folder.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export type Tenant = {
  /** Lower-case letters, digits and _: also the tenant's PostgreSQL schema name. */
  id: string;
  name: string;
  /** Host names the tenant answers on, lower-case, without port. */
  hosts: string[];
  /** Where its links point (e-mails, feeds, single sign-on). */
  baseOrigin: string;
  /** Its SQLite file. */
  databasePath: string;
  /** For a demo install only: which municipality's demo data the tenant gets (as DEMO_MUNICIPALITY). */
  demoMunicipality?: string;
};

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, "ska vara ett värdnamn, t.ex. rullarut.kommunen.se");

const tenantsFileSchema = z.object({
  tenants: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "små bokstäver, siffror och _, börjar med en bokstav"),
        name: z.string().trim().min(1, "får inte vara tomt"),
        hosts: z.array(hostName).min(1, "minst ett värdnamn"),
        baseUrl: z.string().url("ska vara en adress, t.ex. https://rullarut.kommunen.se"),
        database: z.string().trim().min(1, "får inte vara tomt"),
        demoMunicipality: z.string().trim().min(1).optional(),
      }),
    )
    .min(1, "minst en kommun"),
});

/** Reads and checks TENANTS_FILE; every problem is returned in Swedish, naming the tenant and field. */
export function readTenantsFile(file: string): { tenants: Tenant[]; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "filen finns inte" : "filen är inte giltig JSON";
    return { tenants: [], problems: [`TENANTS_FILE: ${why} (${file})`] };
  }
  const parsed = tenantsFileSchema.safeParse(json);
  if (!parsed.success) {
    return { tenants: [], problems: parsed.error.issues.map((i) => `TENANTS_FILE: ${i.path.join(".")}: ${i.message}`) };
  }
  const dir = path.dirname(path.resolve(file));
  const problems: string[] = [];
  const seenIds = new Set<string>();
  const seenHosts = new Map<string, string>();
  const seenFiles = new Map<string, string>();
  const tenants = parsed.data.tenants.map((t): Tenant => {
    if (seenIds.has(t.id)) problems.push(`TENANTS_FILE: kommunen "${t.id}" finns två gånger`);
    seenIds.add(t.id);
    for (const host of t.hosts) {
      const other = seenHosts.get(host);
      if (other && other !== t.id) problems.push(`TENANTS_FILE: värdnamnet ${host} hör till både "${other}" och "${t.id}"`);
      seenHosts.set(host, t.id);
    }
    const databasePath = path.resolve(dir, t.database);
    const sharer = seenFiles.get(databasePath);
    if (sharer) problems.push(`TENANTS_FILE: "${sharer}" och "${t.id}" har samma databasfil`);
    seenFiles.set(databasePath, t.id);
    return { id: t.id, name: t.name, hosts: t.hosts, baseOrigin: new URL(t.baseUrl).origin, databasePath, demoMunicipality: t.demoMunicipality };
  });
  return { tenants, problems };
}

/** The tenant a host name belongs to, if any (the Host header's name, without port). */
export function tenantForHost(tenants: readonly Tenant[], host: string | undefined): Tenant | undefined {
  if (!host) return undefined;
  const name = host.toLowerCase().replace(/\.$/, "");
  return tenants.find((t) => t.hosts.includes(name));
}

/**
 * One scope per process, kept on globalThis: the server (server.js) and the app (the Remix build) are
 * two bundles, each with its own copy of this module, and must share it.
 */
const SCOPE = Symbol.for("rullarut.tenant-scope");
const scope: AsyncLocalStorage<Tenant> = ((globalThis as Record<symbol, unknown>)[SCOPE] ??= new AsyncLocalStorage<Tenant>()) as AsyncLocalStorage<Tenant>;

/** Runs `fn`, and everything it starts (promises, timers), as the tenant's. */
export function runAsTenant<T>(tenant: Tenant, fn: () => T): T {
  return scope.run(tenant, fn);
}

/** The tenant whose request or job is running, if any. */
export function currentTenant(): Tenant | undefined {
  return scope.getStore();
}
