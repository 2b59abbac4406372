/**
 * A shared deployment's configuration (issue 19, app/tenancy.server.ts): TENANTS_FILE is checked in
 * full with Swedish messages naming the municipality and the field, a host name picks one tenant, and
 * the tenant's scope follows everything a request starts. The two-tenant e2e test (tenants.spec.ts)
 * tries every page across tenants.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "~/env.server";
import { currentTenant, readTenantsFile, runAsTenant, tenantForHost } from "~/tenancy.server";
import { makeTempDir } from "../support/db";

const SECRET = "a-session-secret-of-at-least-32-chars!";
const tenant = (id: string, host: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `${id} kommun`,
  hosts: [host],
  baseUrl: `https://${host}`,
  database: `${id}.sqlite`,
  ...extra,
});

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir("rullarut-tenants-");
});
afterEach(() => tmp.remove());

function write(content: unknown): string {
  const file = path.join(tmp.dir, "tenants.json");
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("TENANTS_FILE", () => {
  it("gives each municipality its hosts, public origin and a database beside the file", () => {
    const { tenants, problems } = readTenantsFile(
      write({ tenants: [tenant("helsingborg", "Rullarut.Helsingborg.se"), tenant("kristinehamn", "rullarut.kristinehamn.se")] }),
    );
    expect(problems).toEqual([]);
    expect(tenants.map((t) => [t.id, t.hosts, t.baseOrigin, t.databasePath])).toEqual([
      ["helsingborg", ["rullarut.helsingborg.se"], "https://rullarut.helsingborg.se", path.join(tmp.dir, "helsingborg.sqlite")],
      ["kristinehamn", ["rullarut.kristinehamn.se"], "https://rullarut.kristinehamn.se", path.join(tmp.dir, "kristinehamn.sqlite")],
    ]);
  });

  it("refuses what would let two municipalities meet, naming each problem in Swedish", () => {
    const { problems } = readTenantsFile(
      write({ tenants: [tenant("alfa", "a.example.se"), tenant("alfa", "b.example.se"), tenant("gamma", "a.example.se", { database: "alfa.sqlite" })] }),
    );
    expect(problems).toEqual([
      'TENANTS_FILE: kommunen "alfa" finns två gånger',
      'TENANTS_FILE: "alfa" och "alfa" har samma databasfil',
      'TENANTS_FILE: värdnamnet a.example.se hör till både "alfa" och "gamma"',
      'TENANTS_FILE: "alfa" och "gamma" har samma databasfil',
    ]);
  });

  it("checks every field", () => {
    const { problems } = readTenantsFile(write({ tenants: [{ id: "Alfa Kommun", name: "", hosts: ["inte ett värdnamn"], baseUrl: "alfa", database: "" }] }));
    expect(problems).toEqual([
      "TENANTS_FILE: tenants.0.id: små bokstäver, siffror och _, börjar med en bokstav",
      "TENANTS_FILE: tenants.0.name: får inte vara tomt",
      "TENANTS_FILE: tenants.0.hosts.0: ska vara ett värdnamn, t.ex. rullarut.kommunen.se",
      "TENANTS_FILE: tenants.0.baseUrl: ska vara en adress, t.ex. https://rullarut.kommunen.se",
      "TENANTS_FILE: tenants.0.database: får inte vara tomt",
    ]);
    expect(readTenantsFile(write({ tenants: [] })).problems).toEqual(["TENANTS_FILE: tenants: minst en kommun"]);
    expect(readTenantsFile(write("{ inte json")).problems).toEqual([`TENANTS_FILE: filen är inte giltig JSON (${path.join(tmp.dir, "tenants.json")})`]);
    expect(readTenantsFile(path.join(tmp.dir, "saknas.json")).problems).toEqual([`TENANTS_FILE: filen finns inte (${path.join(tmp.dir, "saknas.json")})`]);
  });

  it("stops the start with those problems; a shared deployment needs no BASE_URL, and its cookies are Secure only if every address is https", () => {
    const good = write({ tenants: [tenant("alfa", "alfa.example.se"), tenant("beta", "beta.example.se")] });
    const env = parseEnv({ SESSION_SECRET: SECRET, NODE_ENV: "production", TENANTS_FILE: good } as unknown as NodeJS.ProcessEnv);
    expect(env.tenants?.map((t) => t.id)).toEqual(["alfa", "beta"]);
    expect(env.secureCookies).toBe(true);
    const mixed = write({ tenants: [tenant("alfa", "alfa.example.se"), { ...tenant("beta", "beta.example.se"), baseUrl: "http://beta.example.se" }] });
    expect(parseEnv({ SESSION_SECRET: SECRET, NODE_ENV: "production", TENANTS_FILE: mixed } as unknown as NodeJS.ProcessEnv).secureCookies).toBe(false);
    const bad = write({ tenants: [tenant("alfa", "x.example.se"), tenant("beta", "x.example.se")] });
    expect(() => parseEnv({ SESSION_SECRET: SECRET, TENANTS_FILE: bad } as unknown as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(parseEnv({ SESSION_SECRET: SECRET } as unknown as NodeJS.ProcessEnv).tenants).toBeNull();
  });
});

describe("a request's municipality", () => {
  const { tenants } = { tenants: [tenant("alfa", "alfa.example.se"), tenant("beta", "beta.example.se")] };
  const parsed = () => readTenantsFile(write({ tenants })).tenants;

  it("is the one whose host name the request came to, whatever its case, and no one's for an unknown host", () => {
    const all = parsed();
    expect(tenantForHost(all, "BETA.example.se")?.id).toBe("beta");
    expect(tenantForHost(all, "alfa.example.se.")?.id).toBe("alfa");
    expect(tenantForHost(all, "gamma.example.se")).toBeUndefined();
    expect(tenantForHost(all, undefined)).toBeUndefined();
  });

  it("follows everything the request starts: awaited work and timers, and two requests at once keep their own", async () => {
    const [alfa, beta] = parsed();
    const seen = async (t: typeof alfa) =>
      runAsTenant(t!, async () => {
        await new Promise((r) => setTimeout(r, 5));
        const afterTimer = currentTenant()?.id;
        await Promise.resolve();
        return [afterTimer, currentTenant()?.id];
      });
    expect(await Promise.all([seen(alfa), seen(beta)])).toEqual([
      ["alfa", "alfa"],
      ["beta", "beta"],
    ]);
    expect(currentTenant()).toBeUndefined();
  });
});
