import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caseDeliveries, caseEvents, cases } from "#db/schema";
import { openDatabase } from "~/db.server";
import type { CaseSystemSettingsUpdate } from "~/domain/cases/case-system.server";
import { deliverDueCases, pollCaseStatuses, retryDelivery } from "~/domain/cases/delivery.server";
import { Forbidden } from "~/domain/errors";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { seededTestDb, type TestDb } from "../support/db";
import { configureOpen311For } from "../support/case-delivery-harness";
import { actorByEmail, demoLeader, makeStop, makeTour } from "../support/fixtures";
import { startOpen311Server, type Open311TestServer } from "../support/open311-server";

let t: TestDb;
let server: Open311TestServer;
let stopId: string;

function configure(overrides: Partial<CaseSystemSettingsUpdate> = {}) {
  configureOpen311For(t.db, server, overrides);
}

function logQuestion(input: Record<string, unknown> = {}) {
  const staff = actorByEmail(t.db, "personal@rullarut.example");
  return recordFieldQuestion(
    t.db,
    staff,
    fieldQuestionSchema.parse({
      id: randomUUID(),
      stopId,
      loggedAt: new Date().toISOString(),
      question: "Varför är det så mycket buller vid Stortorget på nätterna?",
      category: "g:BSU",
      topics: ["miljo"],
      answeredOnSpot: false,
      departmentCode: "miljo",
      ...input,
    }),
  );
}

/** Runs worker passes, moving the clock 2 h each time, until nothing is due (at most `passes`). */
/** A case's "delivered" events: one per case, however often the delivery was tried. */
function deliveredEvents(caseId: string) {
  return t.db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, "delivered")))
    .all();
}

async function drain(passes = 20, start = new Date()) {
  let now = start;
  for (let i = 0; i < passes; i++) {
    await deliverDueCases(t.db, { now, random: () => 0.5 });
    const left = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.status, "pending")).all();
    if (left.length === 0) return now;
    now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
  }
  return now;
}

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  server = await startOpen311Server();
  const leader = demoLeader(t.db);
  const tourId = makeTour(t.db, leader, { name: "Leveransturné 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" });
  stopId = makeStop(t.db, leader, { tourId, title: "Stortorget", date: "2030-05-04", start: "10:00", end: "15:00" });
  configure();
});

afterEach(async () => {
  await server.close();
  t.cleanup();
});

describe("Open311 GeoReport v2 delivery", () => {
  it("sends each case with the mapped service_code, the location and the case number", async () => {
    const mapped = logQuestion({ lat: 56.0465, lng: 12.6945 });
    const byName = logQuestion({ departmentCode: "stadsbyggnad", question: "När lagas gatan?" });
    const other = logQuestion({
      category: "other",
      departmentCode: undefined,
      answeredOnSpot: true,
      answer: "Vi tipsade om EU Leader.",
      replyWanted: true,
      contactName: "Anna Berg Lind",
      contactEmail: "anna@example.se",
    });
    const r = await deliverDueCases(t.db, { random: () => 0.5 });
    expect(r).toMatchObject({ delivered: 3, retried: 0, failed: 0 });

    const a = server.requests.get(mapped.caseNumber)!.form;
    expect(a.service_code).toBe("002"); // from the configured map
    expect(a).toMatchObject({ lat: "56.0465", long: "12.6945", api_key: server.apiKey, jurisdiction_id: "helsingborg.se" });
    expect(a.description).toContain("buller vid Stortorget");
    expect(a.description).toContain(mapped.caseNumber);
    expect(a.first_name).toBeUndefined();
    expect(a.email).toBeUndefined();

    const b = server.requests.get(byName.caseNumber)!.form;
    expect(b.service_code).toBe("001"); // Stadsbyggnadsförvaltningen matched the service group
    expect(Number(b.lat)).toBeGreaterThan(55);
    expect(Number(b.long)).toBeGreaterThan(10);

    const c = server.requests.get(other.caseNumber)!.form;
    expect(c.service_code).toBe("099"); // "övrigt" matched by keyword
    expect(c).toMatchObject({ first_name: "Anna", last_name: "Berg Lind", email: "anna@example.se" });
    expect(c.description).toContain("Vi tipsade om EU Leader.");

    const d = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, mapped.caseId)).get()!;
    expect(d).toMatchObject({ status: "delivered", attempts: 1, externalId: server.requests.get(mapped.caseNumber)!.id, lastError: null });
    expect(deliveredEvents(mapped.caseId)).toHaveLength(1);
  });

  it("cuts a long description to 4,000 characters with …", async () => {
    const long = logQuestion({ question: "a".repeat(4000), answeredOnSpot: true, answer: "b".repeat(4000) });
    await deliverDueCases(t.db);
    const description = server.requests.get(long.caseNumber)!.form.description!;
    expect(description.length).toBeLessThanOrEqual(4000);
    expect(description).toContain("…");
    expect(description).toContain(long.caseNumber);
  });

  it("after a spell of 503s delivers every case, each exactly once", async () => {
    const made = Array.from({ length: 6 }, (_, i) => logQuestion({ question: `Fråga nummer ${i + 1} om trafiken` }));
    server.failNext(9);
    const first = await deliverDueCases(t.db, { random: () => 0.5 });
    expect(first.delivered).toBe(0);
    expect(first.retried).toBe(6);
    const row = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made[0]!.caseId)).get()!;
    expect(row.lastError).toContain("503");
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    await drain();
    const rows = t.db.select().from(caseDeliveries).all();
    expect(rows.every((r) => r.status === "delivered")).toBe(true);
    expect(server.requests.size).toBe(6);
    for (const m of made) {
      expect(server.posts.filter((p) => p["attribute[kc_case_id]"] === m.caseNumber)).toHaveLength(1);
      expect(deliveredEvents(m.caseId)).toHaveLength(1);
    }
  });

  it("a repeated POST (e.g. after a lost answer) makes no second request in the receiver", async () => {
    const made = logQuestion();
    await deliverDueCases(t.db);
    const firstId = server.requests.get(made.caseNumber)!.id;
    // As if the worker died after the POST but before recording it: the row is due again.
    t.db
      .update(caseDeliveries)
      .set({ status: "pending", nextAttemptAt: new Date(0) })
      .where(eq(caseDeliveries.caseId, made.caseId))
      .run();
    await deliverDueCases(t.db);
    expect(server.posts.filter((p) => p["attribute[kc_case_id]"] === made.caseNumber)).toHaveLength(2);
    expect(server.requests.size).toBe(1);
    expect(t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!.externalId).toBe(firstId);
  });

  it("brings a closed status back onto the case", async () => {
    const made = logQuestion();
    const start = new Date();
    await deliverDueCases(t.db, { now: start });
    let p = await pollCaseStatuses(t.db, { now: start });
    expect(p.polled).toBe(1);
    expect(t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!.externalStatus).toBe("open");

    server.setStatus(made.caseNumber, "closed");
    // Not due yet: polled a moment ago.
    p = await pollCaseStatuses(t.db, { now: new Date(start.getTime() + 60_000) });
    expect(p.polled).toBe(0);
    p = await pollCaseStatuses(t.db, { now: new Date(start.getTime() + 11 * 60_000) });
    expect(p).toMatchObject({ polled: 1, closed: 1 });

    const c = t.db.select().from(cases).where(eq(cases.id, made.caseId)).get()!;
    expect(c.status).toBe("closed");
    const ext = t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, made.caseId), eq(caseEvents.kind, "external_status")))
      .all();
    expect(ext.map((e) => e.details?.status)).toEqual(["open", "closed"]);
    // Closed requests are no longer polled.
    p = await pollCaseStatuses(t.db, { now: new Date(start.getTime() + 60 * 60_000) });
    expect(p.polled).toBe(0);
  });

  it("follows tokens/{token}.json to get the service_request_id", async () => {
    server.tokenMode = true;
    const made = logQuestion();
    const start = new Date();
    await deliverDueCases(t.db, { now: start });
    let d = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    expect(d.status).toBe("delivered");
    expect(d.externalId).toBeNull();
    expect(d.externalToken).toMatch(/^tok-/);

    await pollCaseStatuses(t.db, { now: start });
    expect(t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!.externalId).toBeNull();

    server.markAllReady();
    await pollCaseStatuses(t.db, { now: new Date(start.getTime() + 11 * 60_000) });
    d = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    expect(d.externalId).toBe(server.requests.get(made.caseNumber)!.id);
    expect(d.externalStatus).toBe("open");
  });

  it("fails after maxAttempts with the error (no secret), and a planner's retry delivers it", async () => {
    configure({ open311ApiKey: "wrong-key-secret-xyz", maxAttempts: 3 });
    const made = logQuestion();
    await drain(5);
    let d = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    expect(d.status).toBe("failed");
    expect(d.attempts).toBe(3);
    expect(d.lastError).toContain("403");
    expect(d.lastError).not.toContain("wrong-key-secret-xyz");
    const failedEvents = t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, made.caseId), eq(caseEvents.kind, "delivery_failed")))
      .all();
    expect(failedEvents).toHaveLength(1);
    expect(server.requests.size).toBe(0);

    expect(() => retryDelivery(t.db, actorByEmail(t.db, "personal@rullarut.example"), made.caseId)).toThrow(Forbidden);
    configure();
    retryDelivery(t.db, demoLeader(t.db), made.caseId);
    d = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    expect(d).toMatchObject({ status: "pending", attempts: 0 });
    await deliverDueCases(t.db);
    d = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    expect(d.status).toBe("delivered");
    expect(server.requests.size).toBe(1);
    const kinds = t.db
      .select({ kind: caseEvents.kind })
      .from(caseEvents)
      .where(eq(caseEvents.caseId, made.caseId))
      .all()
      .map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["created", "delivery_failed", "delivery_retry", "delivered"]));
  });

  it("two workers on two connections deliver each case once", async () => {
    const made = Array.from({ length: 12 }, (_, i) => logQuestion({ question: `Fråga ${i} om parkering` }));
    const other = openDatabase(t.file, { migrate: false });
    try {
      await Promise.all([deliverDueCases(t.db, { workerId: "worker-a", batchSize: 8 }), deliverDueCases(other, { workerId: "worker-b", batchSize: 8 })]);
      await deliverDueCases(other, { workerId: "worker-b" });
    } finally {
      other.$client.close();
    }
    expect(server.posts).toHaveLength(12);
    expect(server.requests.size).toBe(12);
    for (const m of made) {
      expect(deliveredEvents(m.caseId)).toHaveLength(1);
    }
  });
});
