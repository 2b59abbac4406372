import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caseDeliveries } from "#db/schema";
import { effectiveCaseSystem, updateCaseSystemSettings } from "~/domain/cases/case-system.server";
import { caseBackoffMs, deliverDueCases, retryAllFailedDeliveries } from "~/domain/cases/delivery.server";
import { Forbidden } from "~/domain/errors";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail, demoLeader, makeStop, makeTour } from "../support/fixtures";

let t: TestDb;
beforeEach(async () => {
  t = await seededTestDb({ demo: true });
});
afterEach(() => t.cleanup());

const noEnv = {};

describe("effectiveCaseSystem", () => {
  it("defaults to none from the settings row", () => {
    expect(effectiveCaseSystem(t.db, noEnv)).toMatchObject({ adapter: "none", source: "settings", open311: null, webhook: null, maxAttempts: 8, problems: [] });
  });

  it("environment variables override the settings row, field by field", () => {
    updateCaseSystemSettings(t.db, actorByEmail(t.db, "admin@rullarut.example"), {
      adapter: "webhook",
      open311BaseUrl: "https://open311.example.se/v2/",
      open311ApiKey: "från-sidan",
      open311JurisdictionId: null,
      open311ServiceCodes: { default: "099" },
      webhookUrl: "https://hook.example.se",
      webhookSecret: "0123456789abcdef",
      maxAttempts: 5,
    });
    expect(effectiveCaseSystem(t.db, noEnv)).toMatchObject({
      adapter: "webhook",
      webhook: { url: "https://hook.example.se", secret: "0123456789abcdef" },
      source: "settings",
    });
    const env = effectiveCaseSystem(t.db, { CASE_SYSTEM: "open311", CASE_SYSTEM_API_KEY: "från-miljön", CASE_DELIVERY_MAX_ATTEMPTS: 3 });
    expect(env).toMatchObject({
      adapter: "open311",
      source: "env",
      maxAttempts: 3,
      open311: { baseUrl: "https://open311.example.se/v2", apiKey: "från-miljön", serviceCodes: { default: "099" } },
    });
    expect(env.overridden).toEqual(["adapter", "open311ApiKey", "maxAttempts"]);
  });

  it("an incomplete configuration is reported and the worker leaves cases waiting", async () => {
    const cfg = effectiveCaseSystem(t.db, { CASE_SYSTEM: "webhook", CASE_WEBHOOK_URL: "https://hook.example.se" });
    expect(cfg.webhook).toBeNull();
    expect(cfg.problems.join(" ")).toContain("hemligheten saknas");
    expect(await deliverDueCases(t.db, { config: cfg })).toMatchObject({ delivered: 0, waiting: true });
  });

  it("only admins change the connection", () => {
    expect(() =>
      updateCaseSystemSettings(t.db, demoLeader(t.db), {
        adapter: "none",
        open311BaseUrl: null,
        open311JurisdictionId: null,
        open311ServiceCodes: {},
        webhookUrl: null,
        maxAttempts: 8,
      }),
    ).toThrow(Forbidden);
  });
});

describe("backoff", () => {
  it("doubles from 30 s up to 1 h with ±20 % jitter", () => {
    expect(caseBackoffMs(1, () => 0.5)).toBe(30_000);
    expect(caseBackoffMs(2, () => 0.5)).toBe(60_000);
    expect(caseBackoffMs(20, () => 0.5)).toBe(3_600_000);
    expect(caseBackoffMs(1, () => 0)).toBe(24_000);
    expect(caseBackoffMs(1, () => 0.999999)).toBeLessThanOrEqual(36_000);
  });
});

describe("retryAllFailedDeliveries", () => {
  it("puts every failed delivery back, for planners only", () => {
    const leader = demoLeader(t.db);
    const tourId = makeTour(t.db, leader, { name: "Omsändningsturné 2031", startsOn: "2031-01-01", endsOn: "2031-12-31" });
    const stopId = makeStop(t.db, leader, { tourId, date: "2031-03-03", start: "10:00", end: "12:00" });
    const staff = actorByEmail(t.db, "personal@rullarut.example");
    const ids = [0, 1].map(
      (i) =>
        recordFieldQuestion(
          t.db,
          staff,
          fieldQuestionSchema.parse({
            id: randomUUID(),
            stopId,
            loggedAt: new Date().toISOString(),
            question: `Fråga ${i} om bredband`,
            category: "other",
            answeredOnSpot: true,
          }),
        ).caseId,
    );
    t.db
      .insert(caseDeliveries)
      .values(
        ids.map((caseId) => ({
          caseId,
          adapter: "webhook" as const,
          status: "failed" as const,
          attempts: 8,
          nextAttemptAt: new Date(),
          lastError: "Webhook svarade 500",
        })),
      )
      .run();
    expect(() => retryAllFailedDeliveries(t.db, actorByEmail(t.db, "personal@rullarut.example"))).toThrow(Forbidden);
    expect(retryAllFailedDeliveries(t.db, demoLeader(t.db))).toBe(2);
    const rows = t.db.select().from(caseDeliveries).all();
    expect(rows.filter((r) => ids.includes(r.caseId)).every((r) => r.status === "pending" && r.attempts === 0)).toBe(true);
  });
});
