import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caseDeliveries, caseEvents } from "#db/schema";
import { Webhook } from "standardwebhooks";
import { signWebhook, standardWebhookSignature, verifyWebhookSignature } from "~/domain/cases/adapters/webhook";
import { effectiveCaseSystem } from "~/domain/cases/case-system.server";
import { countUndeliveredCases, deliverDueCases, queueUndeliveredCases, testCaseSystem } from "~/domain/cases/delivery.server";
import { Conflict, Forbidden } from "~/domain/errors";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail, demoLeader, logFieldQuestion, makeStop, makeTour, setCaseSystem } from "../support/fixtures";
import { standardSecret, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const SECRET = "delad-hemlighet-för-test-0123456789";
let t: TestDb;
let receiver: WebhookReceiver;
let stopId: string;

function configure(secret: string, maxAttempts = 8) {
  setCaseSystem(t.db, { adapter: "webhook", webhookUrl: receiver.url, webhookSecret: secret, maxAttempts });
}

function logQuestion(input: Record<string, unknown> = {}) {
  return logFieldQuestion(t.db, stopId, input);
}

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  receiver = await startWebhookReceiver(SECRET);
  const leader = demoLeader(t.db);
  const tourId = makeTour(t.db, leader, { name: "Webhookturné 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" });
  stopId = makeStop(t.db, leader, { tourId, title: "Fritidsgården", date: "2030-06-01", start: "09:00", end: "14:00" });
});

afterEach(async () => {
  await receiver.close();
  t.cleanup();
});

describe("signed JSON webhook", () => {
  it("posts the case signed with the shared secret; the receiver verifies it", async () => {
    configure(SECRET);
    const made = logQuestion();
    const withContact = logQuestion({
      answeredOnSpot: false,
      answer: undefined,
      departmentCode: "skol_fritid",
      replyWanted: true,
      contactName: "Omar",
      contactPhone: "070-123 45 67",
    });
    const r = await deliverDueCases(t.db);
    expect(r.delivered).toBe(2);
    expect(receiver.received.every((x) => x.signatureValid)).toBe(true);
    // Standard Webhooks (ADR 035), checked by the specification's reference library.
    expect(receiver.received.every((x) => x.standardValid)).toBe(true);
    expect(receiver.received.map((x) => x.webhookId).sort()).toEqual([made.caseId, withContact.caseId].sort());
    const body = receiver.cases.get(made.caseId)!;
    expect(body).toMatchObject({
      caseNumber: made.caseNumber,
      caseId: made.caseId,
      status: "answered",
      category: "f:consumer",
      department: null,
      answeredOnSpot: true,
      answer: "Kontakt med EU Leader-projektet.",
      topics: ["fritid", "foreningsliv"],
      stop: { title: "Fritidsgården", startsAt: "2030-06-01T07:00:00.000Z" },
    });
    expect(typeof body.lat).toBe("number");
    expect(body).not.toHaveProperty("contact");
    expect(receiver.cases.get(withContact.caseId)).toMatchObject({ department: "skol_fritid", contact: { name: "Omar", phone: "070-123 45 67", email: null } });
    expect(t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()).toMatchObject({
      status: "delivered",
      externalId: `EXT-${made.caseId.slice(0, 8)}`,
    });
  });

  it("with a wrong secret the receiver rejects the signature and the case is not delivered", async () => {
    configure("ett-helt-annat-hemligt-värde-999", 2);
    const made = logQuestion();
    await deliverDueCases(t.db, { random: () => 0.5 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ signatureValid: false, standardValid: false, status: 401 });
    expect(receiver.cases.size).toBe(0);
    await deliverDueCases(t.db, { now: new Date(Date.now() + 3600_000) });
    const d = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    expect(d.status).toBe("failed");
    expect(d.lastError).toContain("401");
    expect(d.lastError).not.toContain("ett-helt-annat");
  });

  it("a resend with the same Idempotency-Key (409) counts as delivered and makes no second case", async () => {
    configure(SECRET);
    const made = logQuestion();
    await deliverDueCases(t.db);
    t.db
      .update(caseDeliveries)
      .set({ status: "pending", nextAttemptAt: new Date(0) })
      .where(eq(caseDeliveries.caseId, made.caseId))
      .run();
    const again = await deliverDueCases(t.db);
    expect(again.delivered).toBe(1);
    expect(receiver.received.map((x) => x.status)).toEqual([201, 409]);
    expect(receiver.received.every((x) => x.idempotencyKey === made.caseId)).toBe(true);
    // The retry is the same Standard Webhooks message: same webhook-id, each attempt validly signed.
    expect(receiver.received.every((x) => x.webhookId === made.caseId && x.standardValid)).toBe(true);
    expect(receiver.cases.size).toBe(1);
  });

  it("retries after a 503 and delivers later", async () => {
    configure(SECRET);
    const made = logQuestion();
    receiver.failNext(1);
    expect((await deliverDueCases(t.db, { random: () => 0.5 })).retried).toBe(1);
    expect((await deliverDueCases(t.db, { now: new Date(Date.now() + 60_000) })).delivered).toBe(1);
    expect(receiver.cases.has(made.caseId)).toBe(true);
  });

  it("the connection test sends a signed ping", async () => {
    configure(SECRET);
    const ok = await testCaseSystem(effectiveCaseSystem(t.db));
    expect(ok.ok).toBe(true);
    expect(receiver.received[0]).toMatchObject({ signatureValid: true, standardValid: true, status: 200 });
    configure("fel-hemlighet-0000000000000");
    const bad = await testCaseSystem(effectiveCaseSystem(t.db));
    expect(bad).toMatchObject({ ok: false });
    expect(bad.message).toContain("401");
  });

  it("signWebhook is HMAC-SHA256 over `${timestamp}.${body}`", () => {
    const sig = signWebhook("s3cret", "1700000000", '{"a":1}');
    expect(sig).toBe("sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940");
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature("s3cret", "1700000000", '{"a":1}', sig)).toBe(true);
    expect(verifyWebhookSignature("s3cret", "1700000001", '{"a":1}', sig)).toBe(false);
    expect(verifyWebhookSignature("other", "1700000000", '{"a":1}', sig)).toBe(false);
  });

  it("the Standard Webhooks signature equals the reference library's, for a whsec_ secret and for a plain one", () => {
    const at = new Date(1_700_000_000_000);
    const body = '{"caseNumber":"KC-2030-000001"}';
    for (const secret of ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "delad-hemlighet-för-test-0123456789"]) {
      const reference = new Webhook(standardSecret(secret)).sign("case-1", at, body);
      expect(standardWebhookSignature(secret, "case-1", "1700000000", body)).toBe(reference);
      expect(reference).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    }
    expect(standardWebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "case-1", "1700000000", body)).not.toBe(
      standardWebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "case-2", "1700000000", body),
    );
  });
});

describe("cases made before a case system was set", () => {
  it("are sent on the admin's request, from a chosen date, once each", async () => {
    const admin = actorByEmail(t.db, "admin@rullarut.example");
    const since = new Date(Date.now() - 7 * 86_400_000);
    // Made while the adapter is "none": no delivery rows.
    const old = recordFieldQuestion(
      t.db,
      actorByEmail(t.db, "personal@rullarut.example"),
      fieldQuestionSchema.parse({
        id: randomUUID(),
        stopId,
        loggedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
        question: "En gammal fråga",
        category: "other",
        answeredOnSpot: true,
      }),
      new Date(Date.now() - 30 * 86_400_000),
    );
    const recent = [0, 1].map(() => logQuestion());
    const before = countUndeliveredCases(t.db, since);
    expect(before).toBeGreaterThanOrEqual(2);
    expect(() => queueUndeliveredCases(t.db, admin, since)).toThrow(Conflict);

    configure(SECRET);
    expect(() => queueUndeliveredCases(t.db, demoLeader(t.db), since)).toThrow(Forbidden);
    expect(queueUndeliveredCases(t.db, admin, since)).toBe(before);
    expect(countUndeliveredCases(t.db, since)).toBe(0);
    // The older case stays unsent; each queued case has an event in its history.
    expect(t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, old.caseId)).get()).toBeUndefined();
    for (const r of recent) {
      const events = t.db.select().from(caseEvents).where(eq(caseEvents.caseId, r.caseId)).all();
      expect(events.map((e) => e.note)).toContain("Skickas till ärendesystemet (skapat innan ett ärendesystem var inställt)");
    }

    await deliverDueCases(t.db);
    for (const r of recent) expect(receiver.cases.has(r.caseId)).toBe(true);
    expect(receiver.cases.has(old.caseId)).toBe(false);
    // Asking again sends nothing twice.
    expect(queueUndeliveredCases(t.db, admin, since)).toBe(0);
    await deliverDueCases(t.db);
    const ids = receiver.received.map((x) => (JSON.parse(x.body) as { caseId: string }).caseId);
    expect(ids.filter((id) => id === recent[0]!.caseId)).toHaveLength(1);
  });
});
