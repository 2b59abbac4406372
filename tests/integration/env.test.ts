import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, parseEnv as parseProcessEnv } from "~/env.server";
import { makeTempDir } from "../support/db";

const SECRET = "a-session-secret-of-at-least-32-chars!";

/** parseEnv with a plain object (NodeJS.ProcessEnv is typed as always having NODE_ENV). */
const parseEnv = (source: Record<string, string | undefined>) => parseProcessEnv(source as NodeJS.ProcessEnv);

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir("rullarut-env-");
});
afterEach(() => tmp.remove());

/** Runs parseEnv and returns the ConfigError it throws (fails the test if it does not throw one). */
function configErrorOf(source: Record<string, string | undefined>): ConfigError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("parseEnv accepted an invalid configuration");
}

describe("parseEnv defaults", () => {
  it("serves on port 3000 from ./data/rullarut.sqlite with OpenStreetMap tiles", () => {
    const env = parseEnv({ SESSION_SECRET: SECRET });
    expect(env.PORT).toBe(3000);
    // Local mode listens on this machine only (issue 12): its demo accounts are not for the network.
    expect(env.HOST).toBe("127.0.0.1");
    expect(parseEnv({ SESSION_SECRET: SECRET, NODE_ENV: "production", BASE_URL: "https://rullarut.example.se" }).HOST).toBe("0.0.0.0");
    expect(parseEnv({ SESSION_SECRET: SECRET, HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
    expect(env.DATABASE_PATH).toBe("./data/rullarut.sqlite");
    expect(env.dataDir).toBe(path.resolve("data"));
    expect(env.MAP_TILE_URL).toBe("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    expect(env.MAP_TILE_ATTRIBUTION).toContain("OpenStreetMap");
    expect(env.NODE_ENV).toBe("development");
    expect(env.isProduction).toBe(false);
    expect(env.DEMO_DATA).toBe(false);
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.baseOrigin).toBeNull();
    expect(env.secureCookies).toBe(false);
  });

  it("treats an empty PORT (a bare `PORT=` line) as unset and uses 3000", () => {
    expect(parseEnv({ SESSION_SECRET: SECRET, PORT: "" }).PORT).toBe(3000);
  });

  it("reads PORT as a number", () => {
    expect(parseEnv({ SESSION_SECRET: SECRET, PORT: "8080" }).PORT).toBe(8080);
  });

  it("reads DEMO_DATA=1 and DEMO_DATA=true as on, 0 and false as off", () => {
    expect(parseEnv({ SESSION_SECRET: SECRET, DEMO_DATA: "1" }).DEMO_DATA).toBe(true);
    expect(parseEnv({ SESSION_SECRET: SECRET, DEMO_DATA: "true" }).DEMO_DATA).toBe(true);
    expect(parseEnv({ SESSION_SECRET: SECRET, DEMO_DATA: "0" }).DEMO_DATA).toBe(false);
    expect(parseEnv({ SESSION_SECRET: SECRET, DEMO_DATA: "false" }).DEMO_DATA).toBe(false);
  });

  it("keeps only the origin of BASE_URL", () => {
    expect(parseEnv({ SESSION_SECRET: SECRET, BASE_URL: "https://rullarut.example.se/app/" }).baseOrigin).toBe("https://rullarut.example.se");
  });
});

describe("parseEnv refuses a bad configuration, naming the setting", () => {
  it("PORT that is not a number", () => {
    const error = configErrorOf({ SESSION_SECRET: SECRET, PORT: "abc" });
    expect(error.message).toContain("PORT");
    expect(error.problems.some((p) => p.startsWith("PORT:"))).toBe(true);
  });

  it("PORT out of range", () => {
    expect(configErrorOf({ SESSION_SECRET: SECRET, PORT: "70000" }).message).toContain("PORT");
  });

  it("MAP_TILE_URL without {z}/{x}/{y}", () => {
    const error = configErrorOf({ SESSION_SECRET: SECRET, MAP_TILE_URL: "https://tiles.example.org/tile.png" });
    expect(error.message).toContain("MAP_TILE_URL");
    expect(error.problems.every((p) => p.startsWith("MAP_TILE_URL:"))).toBe(true);
  });

  it("BASE_URL that is not a full address", () => {
    expect(configErrorOf({ SESSION_SECRET: SECRET, BASE_URL: "rullarut.example.se" }).message).toContain("BASE_URL");
  });

  it("production without SESSION_SECRET, and no secret file is generated", () => {
    const error = configErrorOf({
      NODE_ENV: "production",
      BASE_URL: "https://rullarut.example.se",
      DATABASE_PATH: path.join(tmp.dir, "prod.sqlite"),
    });
    expect(error.message).toContain("SESSION_SECRET");
    expect(fs.existsSync(path.join(tmp.dir, "session-secret"))).toBe(false);
  });

  it("production without BASE_URL", () => {
    const error = configErrorOf({ NODE_ENV: "production", SESSION_SECRET: SECRET, DATABASE_PATH: path.join(tmp.dir, "p.sqlite") });
    expect(error.message).toContain("BASE_URL");
  });

  it("SESSION_SECRET shorter than 32 characters, in any mode", () => {
    const short = "x".repeat(31);
    expect(configErrorOf({ SESSION_SECRET: short }).message).toContain("SESSION_SECRET");
    expect(configErrorOf({ NODE_ENV: "production", SESSION_SECRET: short, BASE_URL: "https://rullarut.example.se" }).message).toContain("SESSION_SECRET");
  });

  // Regression: the rejected value used to be echoed, and server/index.ts prints the message
  // to stderr, so a too-short SESSION_SECRET ended up in the logs.
  it("never shows a rejected SESSION_SECRET in the error message", () => {
    const short = "my-real-but-short-secret";
    const error = configErrorOf({ SESSION_SECRET: short });
    expect(error.message).toContain("SESSION_SECRET");
    expect(error.message).not.toContain(short);
  });

  it("never shows a valid SESSION_SECRET in the error message", () => {
    const error = configErrorOf({ SESSION_SECRET: SECRET, PORT: "abc" });
    expect(error.message).not.toContain(SECRET);
  });
});

describe("the local session secret", () => {
  it("is generated once beside the database and reused on the next start", () => {
    const databasePath = path.join(tmp.dir, "nested", "rullarut.sqlite");
    const first = parseEnv({ NODE_ENV: "development", DATABASE_PATH: databasePath });
    const file = path.join(tmp.dir, "nested", "session-secret");
    expect(fs.existsSync(file)).toBe(true);
    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(file, "utf8").trim()).toBe(first.SESSION_SECRET);
    if (process.platform !== "win32") expect(fs.statSync(file).mode & 0o077).toBe(0);

    const second = parseEnv({ NODE_ENV: "development", DATABASE_PATH: databasePath });
    expect(second.SESSION_SECRET).toBe(first.SESSION_SECRET);
  });

  it("is different for a different data directory", () => {
    const a = parseEnv({ DATABASE_PATH: path.join(tmp.dir, "a", "db.sqlite") });
    const b = parseEnv({ DATABASE_PATH: path.join(tmp.dir, "b", "db.sqlite") });
    expect(a.SESSION_SECRET).not.toBe(b.SESSION_SECRET);
  });

  it("is replaced when the stored file is too short to be a secret", () => {
    const file = path.join(tmp.dir, "session-secret");
    fs.writeFileSync(file, "short\n");
    const env = parseEnv({ DATABASE_PATH: path.join(tmp.dir, "db.sqlite") });
    expect(env.SESSION_SECRET).not.toBe("short");
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("is not written when SESSION_SECRET is given", () => {
    const env = parseEnv({ SESSION_SECRET: SECRET, DATABASE_PATH: path.join(tmp.dir, "db.sqlite") });
    expect(env.SESSION_SECRET).toBe(SECRET);
    expect(fs.existsSync(path.join(tmp.dir, "session-secret"))).toBe(false);
  });
});

describe("single sign-on settings (ADR 036)", () => {
  const base = () => ({ SESSION_SECRET: SECRET, DATABASE_PATH: path.join(tmp.dir, "db.sqlite") });

  it("reads the issuer, client, role claim and role map; password login stays on by default", () => {
    const env = parseEnv({
      ...base(),
      OIDC_ISSUER: "https://login.example/tenant/v2.0",
      OIDC_CLIENT_ID: "rullarut",
      OIDC_ROLE_CLAIM: "groups",
      OIDC_ROLE_MAP: "kc-admin=admin, kc-turne=tour_leader",
    });
    expect(env.OIDC_ROLE_MAP).toEqual({ "kc-admin": "admin", "kc-turne": "tour_leader" });
    expect(env.PASSWORD_LOGIN).toBe("on");
    expect(env.OIDC_NAME).toBe("kommunens konto");
  });

  it("refuses an unknown role, a pair without '=', password login off without a provider, and an issuer without a client", () => {
    expect(configErrorOf({ ...base(), OIDC_ROLE_MAP: "kc-admin=superuser" }).problems.join()).toContain('okänd roll "superuser"');
    expect(configErrorOf({ ...base(), OIDC_ROLE_MAP: "kc-admin" }).problems.join()).toContain("ska vara grupp=roll");
    expect(configErrorOf({ ...base(), PASSWORD_LOGIN: "off" }).problems.join()).toContain("PASSWORD_LOGIN: off kräver OIDC_ISSUER");
    expect(configErrorOf({ ...base(), OIDC_ISSUER: "https://login.example" }).problems.join()).toContain("OIDC_CLIENT_ID: krävs");
  });

  it("takes plain http only from a provider on this machine in production", () => {
    const prod = { ...base(), NODE_ENV: "production", BASE_URL: "https://rullarut.kommunen.se", OIDC_CLIENT_ID: "rullarut" };
    expect(configErrorOf({ ...prod, OIDC_ISSUER: "http://idp.kommunen.se" }).problems.join()).toContain("måste börja med https://");
    expect(parseEnv({ ...prod, OIDC_ISSUER: "http://127.0.0.1:4800" }).OIDC_ISSUER).toBe("http://127.0.0.1:4800");
  });
});
