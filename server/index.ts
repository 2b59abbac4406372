import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { bootstrapDatabase } from "#db/seed/bootstrap";
import { closeDb, getDb } from "~/db.server";
import { startCaseDeliveryWorker } from "~/domain/cases/delivery.server";
import { startContactRetention } from "~/domain/cases/retention.server";
import { startMailWorker, type MailWorker } from "~/domain/email/mailer.server";
import { startDailyDigests } from "~/domain/notices/notices.server";
import { startReminderScheduler } from "~/domain/invitations/reminders.server";
import { ConfigError, parseEnv } from "~/env.server";
import { runAsTenant, tenantForHost, type Tenant } from "~/tenancy.server";
import { createGuardedRequestHandler } from "./remix-handler";
import { requestGuard } from "./request-guard";
import { canonicalHost, cspNonce, loggablePath, referrerPolicy, sameOriginOnly, securityHeaders } from "./security";

const dev = process.argv.includes("--dev");

function loadEnv() {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const env = loadEnv();
const log = (level: "info" | "warn" | "error", message: string) => {
  const order = ["debug", "info", "warn", "error", "silent"];
  if (order.indexOf(level) >= order.indexOf(env.LOG_LEVEL)) console[level === "info" ? "log" : level](message);
};

// Each database is migrated, and in a demo seeded, before the server answers: the one install's, or
// in a shared deployment (TENANTS_FILE) each municipality's.
const databases = env.tenants
  ? env.tenants.map((t) => ({ label: `${t.name} (${t.hosts.join(", ")})`, file: t.databasePath, demo: t.demoMunicipality ?? env.DEMO_MUNICIPALITY }))
  : [{ label: "Databas", file: env.DATABASE_PATH, demo: env.DEMO_MUNICIPALITY }];
for (const database of databases) {
  const report = await bootstrapDatabase({ ...env, DATABASE_PATH: database.file, DEMO_MUNICIPALITY: database.demo });
  log("info", `${database.label}: ${path.resolve(database.file)} (migrerad)`);
  if (report.areasInserted) log("info", `Referensdata: ${report.areasInserted} områden, ${report.organizationsInserted} organisationer`);
  if (report.setupDemoFor) {
    log(
      "info",
      `Demo för ${report.setupDemoFor}: en tom installation. Logga in som admin@rullarut.example (lösenord rullarut-demo) och gå igenom uppsättningen.`,
    );
  } else if (report.demo) {
    log(env.isProduction ? "warn" : "info", "Demodata laddad (demokonton med lösenordet rullarut-demo)");
  }
}

const app = express();
app.disable("x-powered-by");
if (env.TRUST_PROXY) {
  const v = env.TRUST_PROXY;
  app.set("trust proxy", /^\d+$/.test(v) ? Number(v) : v === "true" ? true : v);
}
// A shared deployment: the request's host name picks the municipality (res.locals.tenant), and the
// app handles the request as that municipality's (getDb, public origin). An unknown host reaches nothing.
if (env.tenants) {
  const tenants = env.tenants;
  app.use((req, res, next) => {
    const tenant = tenantForHost(tenants, req.hostname);
    if (!tenant) {
      res.status(404).type("text/plain; charset=utf-8").send("Okänd adress: ingen kommun använder Rullar ut på den här adressen.");
      return;
    }
    res.locals.tenant = tenant;
    next();
  });
}
app.use(compression());
app.use(cspNonce);
app.use(
  securityHeaders({
    tileUrl: env.MAP_TILE_URL,
    dev,
    https: env.tenants ? env.secureCookies : (env.baseOrigin?.startsWith("https://") ?? false),
    ssoOrigin: env.OIDC_ISSUER ? new URL(env.OIDC_ISSUER).origin : null,
  }),
);
app.use(referrerPolicy);
const publicOriginOf = env.tenants ? (res: express.Response) => (res.locals.tenant as Tenant).baseOrigin : env.baseOrigin;
app.use(sameOriginOnly({ baseOrigin: publicOriginOf }));
app.use(canonicalHost({ baseOrigin: publicOriginOf }));

if (env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "info") {
  // Method, path without query, status and time. Never bodies, cookies, IPs or tokens.
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      if (req.path.startsWith("/assets/") || (env.LOG_LEVEL !== "debug" && res.statusCode < 400)) return;
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      console.log(`${req.method} ${loggablePath(req.originalUrl)} ${res.statusCode} ${ms.toFixed(1)} ms`);
    });
    next();
  });
}

// Methods, body types, sizes and form shapes, before any file or route sees the request (issue 12).
app.use(requestGuard());

let build: ServerBuild | (() => Promise<ServerBuild>);
if (dev) {
  const vite = await import("vite");
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  app.use(viteServer.middlewares);
  build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  // The folder `npm run build` wrote (BUILD_DIR, default build/), next to this file when bundled.
  const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
  // Hashed file names: safe to cache for a year. Everything else in public/: one hour.
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  const clientDir = path.join(buildDir, "client");
  const servePublic = express.static(clientDir, {
    maxAge: "1h",
    // The field page's service worker and manifest must be re-checked on every visit (ADR 016).
    setHeaders: (res, file) => {
      if (file.endsWith(`${path.sep}sw.js`) || file.endsWith(".webmanifest")) res.setHeader("Cache-Control", "no-cache");
    },
  });
  // Only paths under the public folder's own entries (robots.txt, sw.js, icons/ …) ask the disk: for
  // every page, express.static's failed stat and the error object it builds cost as much as a small page.
  const publicEntries = new Set(fs.readdirSync(clientDir).filter((name) => name !== "assets"));
  app.use((req, res, next) => (publicEntries.has(req.path.split("/")[1] ?? "") ? servePublic(req, res, next) : next()));
  build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
}

const remixHandler = createGuardedRequestHandler({
  build,
  mode: env.isProduction ? "production" : "development",
  getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? "unknown" }),
});
// The app runs in the request's municipality's scope: everything the handler starts (loaders,
// actions, their promises) sees that municipality's database through getDb(), and no other.
app.all("*", env.tenants ? (req, res, next) => runAsTenant(res.locals.tenant as Tenant, () => remixHandler(req, res, next)) : remixHandler);

const mailWorkers: MailWorker[] = [];
const jobs: { stop: () => void }[] = [];
const caseDeliveries: (() => Promise<void>)[] = [];

/** The background work of one municipality (or of the one install), started in its scope so getDb() is its. */
function startJobs(tenant: Tenant | null) {
  const origin = tenant?.baseOrigin ?? env.baseOrigin;
  // E-mail leaves the outbox only with a mail server configured; otherwise it waits at /admin/utkorg.
  // See docs/decisions/013-email-outbox.md.
  if (env.SMTP_URL && env.MAIL_WORKER) mailWorkers.push(startMailWorker(getDb, env, { log }));
  if (env.MAIL_WORKER) jobs.push(startReminderScheduler(getDb, { log }));
  // Tour leaders who chose a daily summary of "Nytt sedan sist" get it after 07:00 (issue 13).
  if (env.MAIL_WORKER) jobs.push(startDailyDigests({ db: getDb, origin, log }));
  // Cases go to the external case system configured by CASE_* or /admin/arendesystem; with none, the
  // worker finds nothing to send. See docs/decisions/017-case-delivery.md.
  if (env.CASE_DELIVERY_WORKER) caseDeliveries.push(startCaseDeliveryWorker({ db: getDb, log }));
  // Residents' contact details are erased after the retention period (/admin/installningar), hourly.
  // Safe in every process: each batch is one immediate transaction.
  jobs.push(startContactRetention(getDb, { log }));
}

const server = app.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  log("info", `Rullar ut lyssnar på http://localhost:${port}${env.isProduction ? "" : " (lokalt läge)"}`);
  if (env.SMTP_URL && env.MAIL_WORKER) log("info", "E-post skickas via SMTP_URL");
  else if (!env.SMTP_URL) log("info", "Ingen SMTP_URL: e-post stannar i utkorgen (/admin/utkorg)");
  if (env.tenants) for (const tenant of env.tenants) runAsTenant(tenant, () => startJobs(tenant));
  else startJobs(null);
});

// "Expect: 100-continue": the request guard decides first, so a body it refuses is never invited.
server.on("checkContinue", (req, res) => app(req, res));

server.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EADDRINUSE") console.error(`Porten ${env.PORT} används redan. Stäng det andra programmet eller välj en annan med PORT=…`);
  else console.error(error);
  process.exit(1);
});

function shutdown(signal: string) {
  log("info", `${signal}: stänger servern`);
  // Let a send in progress finish and record its outcome before the process ends.
  for (const job of jobs) job.stop();
  const stopped = [...mailWorkers.map((w) => w.stop()), ...caseDeliveries.map((stop) => stop())];
  server.close(() => {
    void Promise.allSettled(stopped).finally(() => {
      closeDb();
      process.exit(0);
    });
  });
  server.closeIdleConnections();
  // Requests still running after 10 s are cut off.
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
