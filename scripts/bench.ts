/**
 * npm run bench -- [--no-build] [--factor 10] [--connections 10] [--duration 10] [--warmup 3] [--only rapport,arenden]
 *
 * Builds the app, fills a throw-away database with reference, demo and scale data
 * (db/seed/scale.ts), starts the production server on a free port, logs in as the demo
 * tour leader (and, for targets marked `as: "staff"`, as the demo staff member) and measures
 * each page in TARGETS with autocannon, after a warm-up of the same page that is not counted. Also times the reports cold (the first request after a
 * saved field question) and sums each page's first-load JavaScript. Prints the tables and writes
 * bench-results.json into the build folder (BUILD_DIR, default build/, as for npm run build).
 * Figures are only reported, never judged: the exit code is non-zero only when something
 * actually fails (build, server start, login, a page not 200).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import zlib from "node:zlib";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { scaleDatabase, type ScaleReport } from "#db/seed/scale";
import { openDatabase } from "~/db.server";
import { todayInStockholm } from "~/utils/dates";
import { calendarReplyMail } from "../tests/support/calendar-reply";

type BenchTarget = {
  label: string;
  path: string;
  method?: "GET" | "POST";
  body?: string;
  headers?: Record<string, string>;
  /** Ratios in the table are relative to these two. */
  baseline?: "static" | "minimal";
  /**
   * Whose session the requests carry: the demo tour leader (default), the demo staff member, or the
   * demo admin. A page opened with ?turne= makes that tour the user's chosen one on every page, so a
   * target that picks a tour runs as the admin: the tour leader's pages keep showing the season's tour.
   */
  as?: "staff" | "admin";
  /** A fresh body for every request (e.g. a new UUID per field question); overrides `body`. */
  makeBody?: () => string;
  /** Send Origin = the server's address and Sec-Fetch-Site: same-origin, as a fetch from the page does. */
  sameOrigin?: boolean;
  /** The status the pre-check expects (default 200). */
  expectStatus?: number;
  /** The page's first-load JavaScript (gzip) should stay within this many kB; printed, never judged. */
  jsBudgetKb?: number;
  /** Also measure the page cold: the first request after a write (a field question), several times. */
  cold?: boolean;
};

/**
 * The pages measured, in order. Later issues append their pages here (label, path and,
 * if needed, method, body and headers). Every request carries the session cookie of the
 * demo tour leader (turne@rullarut.example), or with `as: "staff"` that of the demo staff member
 * (personal@rullarut.example); each target must answer 200 before it is measured.
 * Keep the two baselines first: the static file and the minimal page.
 */
const TARGETS: BenchTarget[] = [
  { label: "Statisk fil", path: "/robots.txt", baseline: "static" },
  { label: "Minimal sida", path: "/diagnostik/minimal", baseline: "minimal" },
  { label: "Startsidan (områden)", path: "/" },
  // Issue 3: tour planning. The map page loads its points from /karta/data after hydration.
  { label: "Turnékarta", path: "/karta" },
  { label: "Turnékarta, punkter (JSON)", path: "/karta/data" },
  { label: "Kalender, månad", path: "/kalender" },
  { label: "Var ska vi åka?", path: "/prioriteringar" },
  { label: "Här finns vi (publik)", path: "/har-finns-vi" },
  // Issue 4: invitations. The form lists every organization that can be invited.
  { label: "Inbjudningar", path: "/inbjudningar" },
  { label: "Ny inbjudan (formuläret)", path: "/inbjudningar/ny?typ=visit_offer" },
  // Issue 5: staffing. "Mitt schema" is a staff member's own page, so it is measured as one.
  { label: "Bemanningstavla", path: "/bemanning" },
  { label: "Mitt schema", path: "/mitt-schema", as: "staff" },
  // Issue 6: field questions and cases. The POST of a field question is added in prepareDatabase,
  // once a stop to log on is known.
  { label: "Fältläge", path: "/falt", as: "staff", jsBudgetKb: 100 },
  { label: "Ärendelista", path: "/arenden" },
  { label: "Årsrapport", path: "/rapport" },
  // The report's map loads its areas and hot spots from here after hydration.
  { label: "Årsrapport, kartans data (JSON)", path: "/rapport/karta" },
];

const LOGIN = { email: "turne@rullarut.example", password: "rullarut-demo" };
const STAFF_LOGIN = { email: "personal@rullarut.example", password: "rullarut-demo" };
const ADMIN_LOGIN = { email: "admin@rullarut.example", password: "rullarut-demo" };
/** The inbound e-mail webhook's secret on the bench's server (issue 16). */
const BENCH_INBOUND_SECRET = randomBytes(24).toString("hex");
const COOKIE_NAME = "rullarut_session";
/** The build folder: BUILD_DIR (as for npm run build), default build/. */
const BUILD_DIR = path.resolve(process.env.BUILD_DIR ?? "build");
const RESULTS_FILE = path.join(BUILD_DIR, "bench-results.json");

class BenchError extends Error {}
function fail(message: string): never {
  throw new BenchError(message);
}

// ---------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} måste vara ett positivt heltal (fick "${value}")`);
  return n;
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      "no-build": { type: "boolean", default: false },
      factor: { type: "string" },
      connections: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      /** Comma-separated parts of labels or paths: measure only those targets (and the two baselines). */
      only: { type: "string" },
    },
  });
  return {
    build: !values["no-build"],
    factor: positiveInt(values.factor, "factor", 10),
    connections: positiveInt(values.connections, "connections", 10),
    duration: positiveInt(values.duration, "duration", 10),
    /** Seconds of load before each measurement, not counted: the server's JIT has compiled the page's code. */
    warmup: values.warmup === "0" ? 0 : positiveInt(values.warmup, "warmup", 3),
    only: (values.only ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  };
}

// ---------------------------------------------------------------------------------------
// Clean-up: always stop the server and remove the temp dir, also on error and Ctrl-C
// ---------------------------------------------------------------------------------------

let server: ChildProcess | undefined;
let tempDir: string | undefined;
let running: autocannon.Instance | undefined;

function serverAlive(): boolean {
  return server !== undefined && server.exitCode === null && server.signalCode === null;
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || !serverAlive()) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => {
    if (serverAlive()) child.kill("SIGKILL");
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

function removeTempDir(): void {
  if (!tempDir) return;
  fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

async function cleanup(): Promise<void> {
  running?.stop();
  running = undefined;
  await stopServer();
  removeTempDir();
}

// Last resort if the process ends some other way: synchronous only.
process.on("exit", () => {
  if (serverAlive()) server?.kill("SIGKILL");
  removeTempDir();
});

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: avbryter, stänger servern och städar …`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------

function runBuild(): void {
  console.log("Bygger appen (npm run build) …");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["run", "build"], { stdio: "inherit" });
  if (result.error) fail(`kunde inte köra npm run build: ${result.error.message}`);
  if (result.status !== 0) fail(`npm run build misslyckades (slutkod ${result.status ?? result.signal})`);
}

/** The field question POST: measured as a target, and the write before each cold request. */
let fieldWrite: BenchTarget | undefined;

async function prepareDatabase(file: string, factor: number): Promise<ScaleReport> {
  console.log(`Fyller en tillfällig databas (referens, demo, skala ×${factor}) …`);
  const db = openDatabase(file);
  try {
    seedReference(db);
    await seedDemo(db);
    const report = await scaleDatabase(db, { factor });
    // The board by default shows the current tour; measure the biggest of the ten years too.
    const biggest = db.$client.prepare("select tour_id as id, count(*) as n from stops group by tour_id order by n desc limit 1").get() as
      { id: string; n: number } | undefined;
    if (biggest) {
      TARGETS.push({
        label: `Bemanningstavla, största turnén (${biggest.n} stopp)`,
        path: `/bemanning?turne=${encodeURIComponent(biggest.id)}`,
        as: "admin",
      });
    }
    // Issue 7: the report for the latest full year of scale data, and for all ten years at once.
    const years = db.$client.prepare("select min(starts_on) as first, max(ends_on) as last from tours where name like '%(skaldata)%'").get() as {
      first: string | null;
      last: string | null;
    };
    if (years.first && years.last) {
      const lastFullYear = Number(todayInStockholm().slice(0, 4)) - 1;
      TARGETS.push({ label: `Årsrapport, år ${lastFullYear}`, path: `/rapport?typ=ar&ar=${lastFullYear}`, cold: true });
      TARGETS.push({
        label: `Årsrapport, ${years.first.slice(0, 4)}–${years.last.slice(0, 4)}`,
        path: `/rapport?typ=intervall&fran=${years.first}&till=${years.last}`,
        cold: true,
      });
    }
    // Issue 6: save a field question as the offline queue does, each request with a new UUID,
    // on a stop that is not cancelled (the latest one, so it lands in the current tour).
    const stop = db.$client.prepare("select id from stops where status <> 'cancelled' order by starts_at desc limit 1").get() as { id: string } | undefined;
    if (!stop) fail("skaldatabasen har inget stopp som inte är inställt");
    fieldWrite = {
      label: "Spara fältfråga (POST /falt/fragor)",
      path: "/falt/fragor",
      method: "POST",
      as: "staff",
      sameOrigin: true,
      expectStatus: 201,
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      makeBody: () =>
        JSON.stringify({
          id: randomUUID(),
          stopId: stop.id,
          loggedAt: new Date().toISOString(),
          question: "Bilarna kör för fort genom byn, kan kommunen sätta upp farthinder?",
          category: "g:BBMT",
          topics: ["trafik"],
          answeredOnSpot: true,
          answer: "Förklarade hur man lämnar en synpunkt om trafiksäkerhet.",
          replyWanted: false,
        }),
    };
    TARGETS.push(fieldWrite);
    // Issue 16: a calendar answer as a mail service posts it. Its UID is none of ours, so each
    // request is read whole (MIME, iCalendar, the lookup) and changes nothing.
    TARGETS.push({
      label: "Kalendersvar (POST /api/inkommande-epost)",
      path: "/api/inkommande-epost",
      method: "POST",
      headers: { "Content-Type": "message/rfc822", Authorization: `Bearer ${BENCH_INBOUND_SECRET}` },
      body: calendarReplyMail({
        from: "ahmed@kommunen.example",
        to: "kontaktcenter@kommunen.example",
        subject: "Accepterat: Byabesök",
        uid: "bench-okand@rullarut",
        sequence: 0,
        partstat: "ACCEPTED",
      }),
    });
    return report;
  } finally {
    // Write the whole file out before measuring, so the disk is not still busy with it
    // while the first pages are measured.
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.close();
    if (process.platform !== "win32") spawnSync("sync");
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("ingen ledig port"))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer(databasePath: string): Promise<string> {
  const serverFile = path.join(BUILD_DIR, "server.js");
  if (!fs.existsSync(serverFile)) fail(`${serverFile} finns inte: kör utan --no-build eller npm run build först`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  console.log(`Startar produktionsservern på ${baseUrl} …`);
  const child = spawn(process.execPath, [serverFile], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: databasePath,
      SESSION_SECRET: randomBytes(36).toString("base64url"), // 48 characters
      BASE_URL: baseUrl,
      LOG_LEVEL: "warn",
      DEMO_DATA: "0",
      INBOUND_MAIL_SECRET: BENCH_INBOUND_SECRET,
    },
  });
  server = child;
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (spawnError) fail(`servern kunde inte startas: ${spawnError.message}`);
    if (!serverAlive()) fail(`servern avslutades innan den svarade (slutkod ${child.exitCode ?? child.signalCode})`);
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return baseUrl;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) fail("servern svarade inte 200 på /healthz inom 30 s");
    await sleep(200);
  }
}

async function logIn(baseUrl: string, login: { email: string; password: string } = LOGIN): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/logga-in`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
      body: new URLSearchParams(login).toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
  } catch (error) {
    fail(`inloggningen misslyckades: ${error instanceof Error ? error.message : String(error)}`);
  }
  const pair = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!.trim())
    .find((c) => c.startsWith(`${COOKIE_NAME}=`));
  if (!pair) fail(`inloggningen som ${login.email} gav ingen ${COOKIE_NAME}-kaka (status ${res.status})`);
  return pair;
}

function targetHeaders(baseUrl: string, target: BenchTarget): Record<string, string> {
  return { ...(target.sameOrigin ? { Origin: baseUrl, "Sec-Fetch-Site": "same-origin" } : {}), ...target.headers };
}

function requestInit(baseUrl: string, target: BenchTarget, cookie: string | undefined): RequestInit {
  return {
    method: target.method ?? "GET",
    headers: { ...(cookie ? { Cookie: cookie } : {}), ...targetHeaders(baseUrl, target) },
    body: target.makeBody ? target.makeBody() : target.body,
    redirect: "manual",
    signal: AbortSignal.timeout(15_000),
  };
}

async function checkTarget(baseUrl: string, target: BenchTarget, cookie: string): Promise<void> {
  const attempts: (string | undefined)[] = target.baseline === "static" ? [undefined, cookie] : [cookie];
  for (const c of attempts) {
    let status: number;
    try {
      const res = await fetch(`${baseUrl}${target.path}`, requestInit(baseUrl, target, c));
      await res.arrayBuffer();
      status = res.status;
    } catch (error) {
      fail(`${target.label} (${target.path}) svarade inte: ${error instanceof Error ? error.message : String(error)}`);
    }
    const expected = target.expectStatus ?? 200;
    if (status !== expected) {
      fail(`${target.label} (${target.path}) svarade ${status}${c ? "" : " utan inloggning"}, väntade ${expected}`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// First-load JavaScript: what a browser fetches before the page is interactive
// ---------------------------------------------------------------------------------------

type JsSize = { label: string; path: string; files: number; gzipKb: number; rawKb: number; budgetKb: number | null };
const assetSizes = new Map<string, { raw: number; gzip: number }>();

/**
 * The page's modulepreload links and the manifest it imports: Remix preloads every module the
 * route needs on first load, and lazily loaded parts (the maps) are not among them. Each file is
 * fetched once and gzipped as the server's compression does (level 6).
 */
async function firstLoadJs(baseUrl: string, target: BenchTarget, cookie: string): Promise<JsSize | null> {
  const res = await fetch(`${baseUrl}${target.path}`, requestInit(baseUrl, target, cookie));
  const html = await res.text();
  if (!res.headers.get("content-type")?.includes("text/html")) return null;
  const hrefs = new Set<string>();
  for (const m of html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)) hrefs.add(m[1]!);
  for (const m of html.matchAll(/import\("(\/assets\/[^"]+\.js)"\)/g)) hrefs.add(m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const href of hrefs) {
    let size = assetSizes.get(href);
    if (!size) {
      const asset = Buffer.from(await (await fetch(`${baseUrl}${href}`, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer());
      size = { raw: asset.length, gzip: zlib.gzipSync(asset, { level: 6 }).length };
      assetSizes.set(href, size);
    }
    raw += size.raw;
    gzip += size.gzip;
  }
  return { label: target.label, path: target.path, files: hrefs.size, gzipKb: gzip / 1024, rawKb: raw / 1024, budgetKb: target.jsBudgetKb ?? null };
}

function printJsSizes(sizes: JsSize[]): void {
  console.log("\nJavaScript vid första laddningen (modulepreload och manifest; kartorna laddas först när de behövs):\n");
  const width = Math.max(...sizes.map((s) => `${s.label} ${s.path}`.length));
  for (const s of sizes.sort((a, b) => b.gzipKb - a.gzipKb)) {
    const budget = s.budgetKb === null ? "" : s.gzipKb <= s.budgetKb ? `  (mål ≤ ${s.budgetKb} kB: håller)` : `  (mål ≤ ${s.budgetKb} kB: ÖVER)`;
    console.log(
      `${`${s.label} ${s.path}`.padEnd(width)}  ${s.gzipKb.toFixed(1).padStart(6)} kB gzip  ${s.rawKb.toFixed(0).padStart(5)} kB  ${String(s.files).padStart(3)} filer${budget}`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// Cold pages: the first request after a write
// ---------------------------------------------------------------------------------------

type Cold = { label: string; path: string; samples: number; medianMs: number; maxMs: number };
const COLD_SAMPLES = 9;

/**
 * During the season staff log a question every minute, so a report is often asked for right after
 * a write. Each sample saves one field question (as field mode does) and then times one request.
 */
async function measureCold(baseUrl: string, target: BenchTarget, cookie: string, write: BenchTarget, writeCookie: string): Promise<Cold> {
  const times: number[] = [];
  for (let i = 0; i < COLD_SAMPLES; i++) {
    const saved = await fetch(`${baseUrl}${write.path}`, requestInit(baseUrl, write, writeCookie));
    await saved.arrayBuffer();
    if (saved.status !== (write.expectStatus ?? 200)) fail(`skrivningen före ${target.label} svarade ${saved.status}`);
    const started = performance.now();
    const res = await fetch(`${baseUrl}${target.path}`, requestInit(baseUrl, target, cookie));
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (res.status !== 200) fail(`${target.label} svarade ${res.status} efter en skrivning`);
  }
  times.sort((a, b) => a - b);
  return { label: target.label, path: target.path, samples: times.length, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times[times.length - 1]! };
}

type Measured = {
  label: string;
  path: string;
  method: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  ratioToStatic: number | null;
  ratioToMinimal: number | null;
};

async function measure(baseUrl: string, target: BenchTarget, cookie: string, connections: number, duration: number, warmup = 0): Promise<autocannon.Result> {
  if (warmup > 0) await load(baseUrl, target, cookie, connections, warmup);
  console.log(`Mäter ${target.label} (${target.path}): ${connections} anslutningar i ${duration} s …`);
  return load(baseUrl, target, cookie, connections, duration);
}

async function load(baseUrl: string, target: BenchTarget, cookie: string, connections: number, duration: number): Promise<autocannon.Result> {
  const makeBody = target.makeBody;
  // autocannon's `requests` with a setupRequest rebuilds each request, so every POST gets its own body.
  type RawRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
  const options: autocannon.Options & { requests?: { setupRequest: (req: RawRequest) => RawRequest }[] } = {
    url: `${baseUrl}${target.path}`,
    connections,
    duration,
    method: target.method ?? "GET",
    headers: { Cookie: cookie, ...targetHeaders(baseUrl, target) },
    body: target.body,
    title: target.label,
    ...(makeBody ? { requests: [{ setupRequest: (req: RawRequest) => ({ ...req, body: makeBody() }) }] } : {}),
  };
  running = autocannon(options);
  try {
    return await running;
  } finally {
    running = undefined;
  }
}

function ratio(value: number, reference: number | undefined): number | null {
  return reference && reference > 0 ? value / reference : null;
}

function formatRatio(r: number | null): string {
  return r === null ? "–" : `${r.toFixed(2)}×`;
}

function printTable(rows: Measured[]): void {
  const header = ["Sida", "req/s", "p50 ms", "p99 ms", "non-2xx", "fel", "mot statisk", "mot minimal"];
  const body = rows.map((r) => [
    `${r.label} ${r.path}`,
    r.requestsPerSecond.toFixed(0),
    r.latencyP50Ms.toFixed(0),
    r.latencyP99Ms.toFixed(0),
    String(r.non2xx),
    String(r.errors + r.timeouts),
    formatRatio(r.ratioToStatic),
    formatRatio(r.ratioToMinimal),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of body) console.log(line(row));
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = readOptions();
  if (options.build) runBuild();

  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "rullarut-bench-"));
  const databasePath = path.join(tempDir, "bench.sqlite");
  const scale = await prepareDatabase(databasePath, options.factor);
  const rowCounts = scale.totals;
  console.log(
    `Skalfaktor ${scale.factor}: ${Object.entries(rowCounts)
      .map(([table, n]) => `${table} ${n}`)
      .join(", ")}`,
  );

  if (options.only.length) {
    const wanted = (t: BenchTarget) =>
      t.baseline !== undefined || options.only.some((o) => t.label.toLowerCase().includes(o) || t.path.toLowerCase().includes(o));
    const kept = TARGETS.filter(wanted);
    TARGETS.splice(0, TARGETS.length, ...kept);
  }

  const baseUrl = await startServer(databasePath);
  const cookie = await logIn(baseUrl);
  // A second session, only when some target is measured as the staff member.
  const staffCookie = TARGETS.some((t) => t.as === "staff" || t.cold) ? await logIn(baseUrl, STAFF_LOGIN) : cookie;
  const adminCookie = TARGETS.some((t) => t.as === "admin") ? await logIn(baseUrl, ADMIN_LOGIN) : cookie;
  const cookieFor = (target: BenchTarget) => (target.as === "staff" ? staffCookie : target.as === "admin" ? adminCookie : cookie);
  for (const target of TARGETS) await checkTarget(baseUrl, target, cookieFor(target));
  const jsSizes: JsSize[] = [];
  for (const target of TARGETS) {
    if ((target.method ?? "GET") !== "GET" || target.baseline) continue;
    const size = await firstLoadJs(baseUrl, target, cookieFor(target));
    if (size) jsSizes.push(size);
  }

  const raw: { target: BenchTarget; result: autocannon.Result }[] = [];
  for (const target of TARGETS) {
    raw.push({ target, result: await measure(baseUrl, target, cookieFor(target), options.connections, options.duration, options.warmup) });
  }

  // Cold after warm: the write is the field question target's own request.
  const write = fieldWrite;
  const cold: Cold[] = [];
  for (const target of TARGETS.filter((t) => t.cold)) {
    if (!write) break;
    console.log(`Mäter ${target.label} kallt: ${COLD_SAMPLES} gånger direkt efter en sparad fältfråga …`);
    cold.push(await measureCold(baseUrl, target, cookieFor(target), write, staffCookie));
  }

  const mean = (baseline: BenchTarget["baseline"]) => raw.find((r) => r.target.baseline === baseline)?.result.requests.mean;
  const staticRps = mean("static");
  const minimalRps = mean("minimal");
  const rows: Measured[] = raw.map(({ target, result }) => ({
    label: target.label,
    path: target.path,
    method: target.method ?? "GET",
    requestsPerSecond: result.requests.mean,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.mean,
    requests: result.requests.total ?? result.latency.totalCount,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ratioToStatic: ratio(result.requests.mean, staticRps),
    ratioToMinimal: ratio(result.requests.mean, minimalRps),
  }));

  console.log(
    `\nResultat (${options.connections} anslutningar, ${options.duration} s per sida, skalfaktor ${scale.factor}, Node ${process.version}, ${os.cpus().length} kärnor):\n`,
  );
  printTable(rows);
  if (cold.length) {
    console.log("\nKallt: första svaret efter en skrivning (en sparad fältfråga), median och längsta av", COLD_SAMPLES, "försök:\n");
    const width = Math.max(...cold.map((c) => `${c.label} ${c.path}`.length));
    for (const c of cold)
      console.log(`${`${c.label} ${c.path}`.padEnd(width)}  median ${c.medianMs.toFixed(0).padStart(5)} ms  längst ${c.maxMs.toFixed(0).padStart(5)} ms`);
  }
  printJsSizes(jsSizes);
  const problems = rows.filter((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0);
  for (const r of problems) {
    console.log(`Obs: ${r.label}: ${r.non2xx} svar som inte var 2xx, ${r.errors} fel, ${r.timeouts} tidsgränser.`);
  }

  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(
    RESULTS_FILE,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        cpus: os.cpus().length,
        connections: options.connections,
        durationSeconds: options.duration,
        scaleFactor: scale.factor,
        rowCounts,
        results: rows,
        cold,
        firstLoadJs: jsSizes,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`\nResultaten finns också i ${path.relative(process.cwd(), RESULTS_FILE)}.`);
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = 1;
  if (!interrupted) {
    console.error(`\nBench misslyckades: ${error instanceof BenchError || error instanceof Error ? error.message : String(error)}`);
    if (!(error instanceof BenchError) && error instanceof Error && error.stack) console.error(error.stack);
  }
} finally {
  if (!interrupted) {
    await cleanup();
    process.exit(exitCode);
  }
}
