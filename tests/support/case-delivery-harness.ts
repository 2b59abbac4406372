/**
 * The set-up the case delivery hardening tests share (tests/integration/case-delivery-*.test.ts):
 * a demo database with one stop per test, real local receivers closed after each test, and helpers
 * to configure Open311, log questions and wait. Registers its own beforeEach/afterEach.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach } from "vitest";
import { caseDeliveries, caseEvents } from "#db/schema";
import { clearOpen311Cache } from "~/domain/cases/adapters/open311";
import { updateCaseSystemSettings, type CaseSystemSettingsUpdate } from "~/domain/cases/case-system.server";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { seededTestDb, type TestDb } from "./db";
import { actorByEmail, demoLeader, makeStop, makeTour } from "./fixtures";
import { startOpen311Server, type Open311ServerOptions, type Open311TestServer } from "./open311-server";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(done: () => boolean, deadlineMs: number, stepMs = 100): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!done() && Date.now() < end) await sleep(stepMs);
}

/** Points the case system at a local Open311 server, as the admin does on /admin/arendesystem. */
export function configureOpen311For(db: TestDb["db"], server: Open311TestServer, overrides: Partial<CaseSystemSettingsUpdate> = {}) {
  updateCaseSystemSettings(db, actorByEmail(db, "admin@rullarut.example"), {
    adapter: "open311",
    open311BaseUrl: server.baseUrl,
    open311ApiKey: server.apiKey,
    open311JurisdictionId: "helsingborg.se",
    open311ServiceCodes: { "department:miljo": "002" },
    webhookUrl: null,
    maxAttempts: 8,
    ...overrides,
  });
  clearOpen311Cache();
}

export function useDeliveryHarness() {
  const state = { t: undefined as unknown as TestDb, stopId: "" };
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeEach(async () => {
    state.t = await seededTestDb({ demo: true });
    const leader = demoLeader(state.t.db);
    const tourId = makeTour(state.t.db, leader, { name: "Härdningsturné 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" });
    state.stopId = makeStop(state.t.db, leader, { tourId, title: "Stortorget", date: "2030-05-04", start: "10:00", end: "15:00" });
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    state.t.cleanup();
  });

  return {
    get t() {
      return state.t;
    },
    get stopId() {
      return state.stopId;
    },
    cleanups,
    async open311(options: Open311ServerOptions = {}): Promise<Open311TestServer> {
      const server = await startOpen311Server(options);
      cleanups.push(() => server.close());
      return server;
    },
    configureOpen311(server: Open311TestServer, overrides: Partial<CaseSystemSettingsUpdate> = {}) {
      configureOpen311For(state.t.db, server, overrides);
    },
    logQuestion(input: Record<string, unknown> = {}) {
      return recordFieldQuestion(
        state.t.db,
        actorByEmail(state.t.db, "personal@rullarut.example"),
        fieldQuestionSchema.parse({
          id: randomUUID(),
          stopId: state.stopId,
          loggedAt: new Date().toISOString(),
          question: "Varför är det så mycket buller vid Stortorget på nätterna?",
          category: "g:BSU",
          answeredOnSpot: false,
          departmentCode: "miljo",
          ...input,
        }),
      );
    },
    rows: () => state.t.db.select().from(caseDeliveries).all(),
    postsFor: (server: Open311TestServer, caseNumber: string) => server.posts.filter((p) => p["attribute[kc_case_id]"] === caseNumber).length,
    eventsOf: (caseId: string, kind: "delivered" | "delivery_unknown" | "delivery_failed") =>
      state.t.db
        .select()
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, kind)))
        .all(),
  };
}
