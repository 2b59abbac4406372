/**
 * Issue 12 (hardening), points 9–13: the delivery worker against real local receivers that throttle
 * (429 + Retry-After), answer slowly, time out, and a worker process killed with SIGKILL mid-batch.
 * See docs/decisions/022-case-delivery-pacing-and-uncertain-outcomes.md.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseDeliveries } from "#db/schema";
import { caseSystemSaveSchema } from "~/domain/cases/case-system-schemas";
import { effectiveCaseSystem } from "~/domain/cases/case-system.server";
import { deliverDueCases, serviceCoverage, startCaseDeliveryWorker } from "~/domain/cases/delivery.server";
import { ConfigError, parseEnv } from "~/env.server";
import { useDeliveryHarness, sleep, until } from "../support/case-delivery-harness";
import { bundleWorker } from "../support/bundle-worker";
import { setCaseSystem } from "../support/fixtures";
import { startWebhookReceiver } from "../support/webhook-receiver";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WORKER_SOURCE = path.join(ROOT, "tests/support/case-delivery-worker.ts");
const WORKER = path.join(ROOT, "node_modules/.cache/rullarut-tests/case-delivery-worker.mjs");

const h = useDeliveryHarness();
const { open311, configureOpen311, logQuestion, rows, postsFor, eventsOf, cleanups } = h;

describe("a throttling receiver (429 with Retry-After)", () => {
  it("waits at least Retry-After before the next request, and a 429 never uses up an attempt", { timeout: 60_000 }, async () => {
    const server = await open311({ rateLimit: { perSecond: 2, retryAfterSeconds: 2 } });
    // One attempt only: if a 429 counted, every refused case would be "leverans misslyckad".
    configureOpen311(server, { maxAttempts: 1 });
    const made = Array.from({ length: 6 }, (_, i) => logQuestion({ question: `Fråga ${i} om parkering` }));
    // A pace far above what the receiver allows, so it has to say 429.
    const config = { ...effectiveCaseSystem(h.t.db), requestsPerSecond: 50 };
    for (let i = 0; i < 200 && !rows().every((x) => x.status !== "pending"); i++) {
      await deliverDueCases(h.t.db, { config });
      await sleep(200);
    }
    const refusals = server.hits.filter((h) => h.status === 429);
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) {
      const next = server.hits.find((h) => h.at > refusal.at);
      if (next) expect(next.at - refusal.answeredAt).toBeGreaterThanOrEqual(2_000 - 20);
    }
    for (const m of made) {
      expect(h.t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, m.caseId)).get()).toMatchObject({ status: "delivered", attempts: 1 });
      expect(postsFor(server, m.caseNumber)).toBe(1);
    }
  });

  it("an HTTP-date Retry-After is honoured the same way", { timeout: 60_000 }, async () => {
    const server = await open311({ rateLimit: { perSecond: 1, retryAfterSeconds: 2, httpDate: true } });
    configureOpen311(server, { maxAttempts: 1 });
    const made = Array.from({ length: 3 }, (_, i) => logQuestion({ question: `Fråga ${i} om bussar` }));
    const config = { ...effectiveCaseSystem(h.t.db), requestsPerSecond: 50 };
    for (let i = 0; i < 200 && !rows().every((x) => x.status !== "pending"); i++) {
      await deliverDueCases(h.t.db, { config });
      await sleep(200);
    }
    expect(server.hits.some((h) => h.status === 429)).toBe(true);
    for (const m of made)
      expect(h.t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, m.caseId)).get()).toMatchObject({ status: "delivered", attempts: 1 });
  });
});

describe("slow receivers and timeouts", () => {
  it("a receiver answering after 15 s gets every case once with the default settings, none failed", { timeout: 120_000 }, async () => {
    const server = await open311({ delayMs: (method) => (method === "POST" ? 15_000 : 0) });
    configureOpen311(server);
    const made = [logQuestion(), logQuestion({ question: "När kommer snöröjningen?" })];
    const r = await deliverDueCases(h.t.db, { random: () => 0.5 });
    expect(r).toMatchObject({ delivered: 2, retried: 0, failed: 0 });
    for (const m of made) {
      expect(postsFor(server, m.caseNumber)).toBe(1);
      expect(eventsOf(m.caseId, "delivery_unknown")).toHaveLength(0);
    }
  });

  it("a timeout after the POST is 'outcome unknown'; the next attempt finds the request instead of sending it again", { timeout: 60_000 }, async () => {
    const server = await open311({ delayMs: (method) => (method === "POST" ? 1_500 : 0) });
    configureOpen311(server, { timeoutSeconds: 1 });
    const made = logQuestion();
    const first = await deliverDueCases(h.t.db, { random: () => 0.5 });
    expect(first).toMatchObject({ delivered: 0, retried: 1 });
    let d = h.t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    expect(d.status).toBe("pending");
    expect(d.outcomeUnknownSince).toBeInstanceOf(Date);
    expect(d.lastError).toContain("inget svar inom 1 s");
    expect(d.lastError).toContain("Okänt om ärendet kom fram");
    expect(eventsOf(made.caseId, "delivery_unknown")).toHaveLength(1);

    // The receiver did make the request; an hour later the worker looks for it first.
    await sleep(600);
    const second = await deliverDueCases(h.t.db, { now: new Date(Date.now() + 60 * 60_000) });
    expect(second.delivered).toBe(1);
    expect(postsFor(server, made.caseNumber)).toBe(1);
    expect(server.hits.some((h) => h.method === "GET" && h.path === "/requests.json")).toBe(true);
    d = h.t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    expect(d).toMatchObject({ status: "delivered", externalId: server.requests.get(made.caseNumber)!.id, outcomeUnknownSince: null });
    const delivered = eventsOf(made.caseId, "delivered");
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.note).toContain("Fanns redan i ärendesystemet");
  });

  it("the webhook's Idempotency-Key is the same on the retry after a timeout", { timeout: 60_000 }, async () => {
    const secret = "delad-hemlighet-för-test-0123456789";
    const options = { delayMs: 1_500 };
    const receiver = await startWebhookReceiver(secret, options);
    cleanups.push(() => receiver.close());
    setCaseSystem(h.t.db, { adapter: "webhook", webhookUrl: receiver.url, webhookSecret: secret, timeoutSeconds: 1 });
    const made = logQuestion();
    expect(await deliverDueCases(h.t.db, { random: () => 0.5 })).toMatchObject({ retried: 1 });
    expect(eventsOf(made.caseId, "delivery_unknown")).toHaveLength(1);
    options.delayMs = 0;
    expect(await deliverDueCases(h.t.db, { now: new Date(Date.now() + 60 * 60_000) })).toMatchObject({ delivered: 1 });
    expect(receiver.received.map((r) => r.status)).toEqual([201, 409]);
    expect(receiver.received.every((r) => r.idempotencyKey === made.caseId)).toBe(true);
    expect(receiver.cases.size).toBe(1);
  });

  it("the timeout is set on the admin page or by CASE_SYSTEM_TIMEOUT_SECONDS, default 30 s, with Swedish messages", () => {
    expect(effectiveCaseSystem(h.t.db, {}).timeoutMs).toBe(30_000);
    expect(effectiveCaseSystem(h.t.db, { CASE_SYSTEM_TIMEOUT_SECONDS: 45 })).toMatchObject({ timeoutMs: 45_000, overridden: ["timeoutSeconds"] });
    const form = { intent: "save", adapter: "none", maxAttempts: "8" };
    expect(caseSystemSaveSchema.safeParse({ ...form, timeoutSeconds: "60" }).data?.timeoutSeconds).toBe(60);
    for (const [value, message] of [
      ["0", "Tidsgränsen måste vara minst 1 sekund"],
      ["301", "Tidsgränsen får vara högst 300 sekunder (5 minuter)"],
      ["tio", "Ange tidsgränsen i hela sekunder, 1–300"],
      ["2.5", "Ange tidsgränsen i hela sekunder, 1–300"],
    ]) {
      const parsed = caseSystemSaveSchema.safeParse({ ...form, timeoutSeconds: value });
      expect(parsed.error?.issues.find((i) => i.path[0] === "timeoutSeconds")?.message).toBe(message);
    }
    expect(() => parseEnv({ CASE_SYSTEM_TIMEOUT_SECONDS: "0", SESSION_SECRET: "x".repeat(32) } as unknown as NodeJS.ProcessEnv)).toThrow(
      /CASE_SYSTEM_TIMEOUT_SECONDS: måste vara 1–300 sekunder/,
    );
  });
});

describe("backoff and times from each attempt", () => {
  it("the next attempt counts from when each attempt failed, not from the start of the batch", { timeout: 30_000 }, async () => {
    const server = await open311({ delayMs: 400 });
    configureOpen311(server);
    const made = Array.from({ length: 3 }, (_, i) => logQuestion({ question: `Fråga ${i} om cykelbanor` }));
    server.failNext(3);
    expect(await deliverDueCases(h.t.db, { random: () => 0.5 })).toMatchObject({ retried: 3 });
    const failures = server.hits.filter((h) => h.status === 503).map((h) => h.answeredAt);
    const next = made
      .map((m) => h.t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, m.caseId)).get()!.nextAttemptAt.getTime())
      .sort((a, b) => a - b);
    expect(failures).toHaveLength(3);
    // 30 s after each failure (jitter 0.5 = none).
    next.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(failures[i]! + 30_000 - 5));
    expect(next[2]! - next[0]!).toBeGreaterThanOrEqual(700);
  });

  it("each webhook attempt is signed with its own time, and events carry the time of the attempt", async () => {
    const secret = "delad-hemlighet-för-test-0123456789";
    const receiver = await startWebhookReceiver(secret);
    cleanups.push(() => receiver.close());
    setCaseSystem(h.t.db, { adapter: "webhook", webhookUrl: receiver.url, webhookSecret: secret });
    const made = Array.from({ length: 3 }, () => logQuestion());
    let clock = Date.now();
    // A clock that moves a minute every time it is read, as in a batch of slow requests.
    await deliverDueCases(h.t.db, { now: () => new Date((clock += 60_000)) });
    const stamps = receiver.received.map((r) => Number(r.timestamp));
    expect(new Set(stamps).size).toBe(3);
    const at = made.map((m) => eventsOf(m.caseId, "delivered")[0]!.at.getTime());
    expect(new Set(at).size).toBe(3);
  });
});

describe("a worker killed mid-batch (kill -9)", () => {
  beforeAll(async () => {
    await bundleWorker(WORKER_SOURCE, WORKER);
  });

  it("strands at most one case, which a restarted worker releases at once and does not send twice", { timeout: 90_000 }, async () => {
    const server = await open311({ delayMs: (method) => (method === "POST" ? 1_500 : 0) });
    configureOpen311(server);
    const made = Array.from({ length: 5 }, (_, i) => logQuestion({ question: `Fråga ${i} om gatubelysning` }));

    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [WORKER, h.t.file], { cwd: ROOT, env: { ...process.env, NODE_ENV: "test" } });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    });
    await new Promise<void>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).on("line", (line) => line.startsWith("ready") && resolve());
      child.on("exit", () => reject(new Error("worker exited before ready")));
    });
    // The first case is through and the second is in flight: kill it there.
    await until(() => server.posts.length >= 2, 30_000, 20);
    expect(server.posts.length).toBeGreaterThanOrEqual(2);
    child.kill("SIGKILL");
    await exited;

    const claimed = rows().filter((r) => r.status === "sending");
    expect(claimed.length).toBeLessThanOrEqual(1);
    expect(claimed).toHaveLength(1);
    const stranded = claimed[0]!.caseId;

    // A restarted worker on this host sees the dead pid and releases the claim at once (not after 5 min).
    server.setDelay(0);
    const stop = startCaseDeliveryWorker({ db: h.t.db, intervalMs: 100, log: () => {} });
    try {
      await until(() => rows().every((r) => r.status === "delivered"), 30_000);
    } finally {
      await stop();
    }
    expect(rows().map((r) => r.status)).toEqual(Array(5).fill("delivered"));
    for (const m of made) expect(postsFor(server, m.caseNumber)).toBe(1);
    expect(eventsOf(stranded, "delivery_unknown")).toHaveLength(1);
    expect(eventsOf(stranded, "delivered")[0]!.details).toMatchObject({ foundEarlier: true });
  });
});

describe("service codes (categories → Open311 services)", () => {
  const SERVICES = [
    { service_code: "100", service_name: "Barnomsorg, skola och utbildning", group: "Utbildning" },
    { service_code: "ASSF", service_name: "Omsorg och stöd" },
    { service_code: "300", service_name: "Konsumentradgivning" },
    { service_code: "400", service_name: "Bygglov", group: "Stadsbyggnadsforvaltningen" },
    { service_code: "500", service_name: "Seniorer" },
    { service_code: "600", service_name: "Annat" },
  ];

  it("matches on code and on name (short and long, accents and case ignored), and the environment can set the map", async () => {
    const server = await open311({ services: SERVICES });
    configureOpen311(server, { open311ServiceCodes: {} });
    const env = { CASE_SYSTEM_SERVICE_MAP: { "f:senior": "500", other: "600" } };
    const config = effectiveCaseSystem(h.t.db, env);
    expect(config.overridden).toEqual(["open311ServiceCodes"]);
    const cases = {
      "100": logQuestion({ category: "g:BSU", departmentCode: undefined, answeredOnSpot: true }),
      ASSF: logQuestion({ category: "g:ASSF", departmentCode: undefined, answeredOnSpot: true }),
      "300": logQuestion({ category: "f:consumer", departmentCode: undefined, answeredOnSpot: true }),
      "400": logQuestion({ category: "g:BBMT", departmentCode: "stadsbyggnad" }),
      "500": logQuestion({ category: "f:senior", departmentCode: undefined, answeredOnSpot: true }),
      "600": logQuestion({ category: "other", departmentCode: undefined, answeredOnSpot: true }),
    };
    const r = await deliverDueCases(h.t.db, { config });
    expect(r).toMatchObject({ delivered: 6, retried: 0, failed: 0 });
    for (const [code, made] of Object.entries(cases)) expect(server.requests.get(made.caseNumber)!.form.service_code).toBe(code);

    // The admin page lists the categories that would find no service, before any case fails.
    const coverage = (await serviceCoverage(h.t.db, config))!;
    expect(coverage.error).toBeNull();
    const missing = coverage.categories.filter((c) => c.serviceCode === null).map((c) => c.category);
    expect(missing).toContain("g:BBMT");
    expect(missing).toContain("f:budget_debt");
    expect(missing).not.toContain("g:BSU");
    expect(missing).not.toContain("f:consumer");
    expect(missing).not.toContain("other");
  });

  it("CASE_SYSTEM_SERVICE_MAP takes JSON or key=code;key=code, and a bad value names the variable", () => {
    const base = { SESSION_SECRET: "x".repeat(32) };
    const parse = (v: string) => parseEnv({ ...base, CASE_SYSTEM_SERVICE_MAP: v } as unknown as NodeJS.ProcessEnv).CASE_SYSTEM_SERVICE_MAP;
    expect(parse('{"g:BSU": "011", "default": 99}')).toEqual({ "g:BSU": "011", default: "99" });
    expect(parse("g:BSU=011; f:consumer = 012;default=099")).toEqual({ "g:BSU": "011", "f:consumer": "012", default: "099" });
    for (const bad of ["{not json", "g:BSU", "kategori=1", '{"foo": "1"}']) {
      try {
        parse(bad);
        throw new Error(`accepted ${bad}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.join(" ")).toMatch(/^CASE_SYSTEM_SERVICE_MAP: /);
      }
    }
  });
});
