import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "./tests/support/chromium";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from "./tests/support/oidc-client";

/**
 * E2E tests run against the production build (`npm run build` first) on a free port,
 * with a temporary database of its own. The config is evaluated again in every worker,
 * so the port and paths chosen here travel to them through the environment.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = String(await freePort());
  process.env.E2E_SETUP_PORT = String(await freePort());
  process.env.E2E_SSO_PORT = String(await freePort());
  process.env.E2E_OIDC_PORT = String(await freePort());
  process.env.E2E_TENANTS_PORT = String(await freePort());
  process.env.E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "rullarut-e2e-"));
}
const port = Number(process.env.E2E_PORT);
const LONG_SPECS = ["whole-loop.spec.ts", "wcag22.spec.ts"];
const baseURL = `http://127.0.0.1:${port}`;
/** A second server: an empty install of another municipality (Kristinehamn), set up by its spec through the set-up only. */
const SETUP_SPEC = "new-municipality.spec.ts";
const setupBaseURL = `http://127.0.0.1:${process.env.E2E_SETUP_PORT}`;
/**
 * A third server signs staff in through a real OpenID Connect provider (oidc-provider, started as a
 * fourth process), with password login off (issue 17, ADR 036).
 */
const SSO_SPEC = "sso.spec.ts";
const ssoBaseURL = `http://127.0.0.1:${process.env.E2E_SSO_PORT}`;
const oidcIssuer = `http://127.0.0.1:${process.env.E2E_OIDC_PORT}`;

/**
 * A fifth server is a shared deployment of two municipalities (issue 19): TENANTS_FILE names tenant
 * "alfa" at 127.0.0.1 and "beta" at 127.0.0.2 (all of 127/8 is this machine, and unlike *.localhost
 * both Node and Chromium reach it without a name lookup), each with its own database and demo data.
 */
const TENANTS_SPEC = "tenants.spec.ts";
const tenantsPort = Number(process.env.E2E_TENANTS_PORT);
const tenantsFile = path.join(process.env.E2E_DATA_DIR!, "tenants.json");
if (!fs.existsSync(tenantsFile)) {
  const tenant = (id: string, name: string, ip: string) => ({ id, name, hosts: [ip], baseUrl: `http://${ip}:${tenantsPort}`, database: `tenant-${id}.sqlite` });
  fs.writeFileSync(tenantsFile, JSON.stringify({ tenants: [tenant("alfa", "Alfa kommun", "127.0.0.1"), tenant("beta", "Beta kommun", "127.0.0.2")] }));
}

/** The production build on a port of its own, with a database of its own. */
/** The shared secret of the inbound e-mail webhook on the e2e servers; tests read it from the environment. */
const E2E_INBOUND_MAIL_SECRET = process.env.E2E_INBOUND_MAIL_SECRET ?? (process.env.E2E_INBOUND_MAIL_SECRET = randomBytes(24).toString("hex"));

function server(serverPort: number, env: Record<string, string>) {
  const url = `http://127.0.0.1:${serverPort}`;
  return {
    command: `node ${process.env.BUILD_DIR ?? "build"}/server.js`,
    url: `${url}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: {
      NODE_ENV: "production",
      PORT: String(serverPort),
      HOST: "127.0.0.1",
      BASE_URL: url,
      SESSION_SECRET: process.env.E2E_SESSION_SECRET ?? (process.env.E2E_SESSION_SECRET = randomBytes(32).toString("hex")),
      // The tests stand in for a reverse proxy: a test that must look like another client sets X-Forwarded-For.
      TRUST_PROXY: "loopback",
      LOG_LEVEL: "warn",
      // The inbound e-mail webhook (issue 16): calendar answers posted as a mail service would.
      INBOUND_MAIL_SECRET: E2E_INBOUND_MAIL_SECRET,
      CALENDAR_ORGANIZER: "kontaktcenter@rullarut.example",
      ...env,
    },
  };
}

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // CI machines have two cores shared by the server, two browsers and axe: give each test room (tests never assert timings).
  timeout: process.env.CI ? 60_000 : 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
    trace: process.env.CI ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  // The longest specs in a project of their own, listed first: Playwright hands out tests project by
  // project, so these start at once instead of leaving one worker alone with them at the end.
  projects: [
    { name: "new-municipality", testMatch: SETUP_SPEC, use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: setupBaseURL } },
    ...LONG_SPECS.map((spec) => ({ name: spec.replace(".spec.ts", ""), testMatch: spec, use: { ...devices["Desktop Chrome"], channel: undefined } })),
    { name: "sso", testMatch: SSO_SPEC, use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: ssoBaseURL } },
    { name: "tenants", testMatch: TENANTS_SPEC, use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://127.0.0.1:${tenantsPort}` } },
    { name: "chromium", testIgnore: [...LONG_SPECS, SETUP_SPEC, SSO_SPEC, TENANTS_SPEC], use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: [
    server(port, { DATABASE_PATH: path.join(process.env.E2E_DATA_DIR!, "e2e.sqlite"), DEMO_DATA: "1" }),
    server(Number(process.env.E2E_SETUP_PORT), {
      DATABASE_PATH: path.join(process.env.E2E_DATA_DIR!, "kristinehamn.sqlite"),
      DEMO_MUNICIPALITY: "kristinehamn",
      DEMO_DATA: "1",
    }),
    {
      command: "npx tsx tests/support/oidc-provider-server.ts",
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe" as const,
      stderr: "pipe" as const,
    },
    // Listens on every loopback address, as the two tenants are 127.0.0.1 and 127.0.0.2.
    { ...server(tenantsPort, { TENANTS_FILE: tenantsFile, DEMO_DATA: "1", BASE_URL: "", HOST: "0.0.0.0" }), url: `http://127.0.0.1:${tenantsPort}/healthz` },
    server(Number(process.env.E2E_SSO_PORT), {
      DATABASE_PATH: path.join(process.env.E2E_DATA_DIR!, "sso.sqlite"),
      DEMO_DATA: "1",
      OIDC_ISSUER: oidcIssuer,
      OIDC_CLIENT_ID: OIDC_CLIENT_ID,
      OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
      OIDC_SCOPES: "openid email profile groups",
      OIDC_ROLE_CLAIM: "groups",
      OIDC_ROLE_MAP: "kc-turne=tour_leader",
      PASSWORD_LOGIN: "off",
    }),
  ],
});
