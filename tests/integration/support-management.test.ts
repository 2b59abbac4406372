/**
 * The SupportManagement adapter (issue 17, ADR 039) against a server that validates every request
 * against SupportManagement's published OpenAPI document (version 15.0) and the service's create
 * rules, behind a client-credentials token, as at Sundsvall's API gateway.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caseDeliveries, caseEvents, cases, outboxMessages } from "#db/schema";
import { clearSupportManagementTokens, errandBody } from "~/domain/cases/adapters/support-management";
import { effectiveCaseSystem } from "~/domain/cases/case-system.server";
import { deliverDueCases, loadCasePayload, pollCaseStatuses, testCaseSystem } from "~/domain/cases/delivery.server";
import { parseEnv } from "~/env.server";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader, logFieldQuestion, makeStop, makeTour, setCaseSystem } from "../support/fixtures";
import { SM_CLIENT_ID, SM_CLIENT_SECRET, startSupportManagementServer, type SupportManagementServer } from "../support/support-management-server";

let sm: SupportManagementServer;
let t: TestDb;
let stopId: string;

/** The CASE_SM_* configuration, read as the app reads its environment. */
function config(over: Record<string, string> = {}) {
  const env = parseEnv({
    NODE_ENV: "test",
    SESSION_SECRET: "x".repeat(40),
    DATABASE_PATH: t.file,
    CASE_SYSTEM: "support_management",
    CASE_SM_URL: sm.baseUrl,
    CASE_SM_MUNICIPALITY_ID: "1283",
    CASE_SM_NAMESPACE: "CONTACTCENTER",
    CASE_SM_TOKEN_URL: sm.tokenUrl,
    CASE_SM_CLIENT_ID: SM_CLIENT_ID,
    CASE_SM_CLIENT_SECRET: SM_CLIENT_SECRET,
    CASE_SM_CLASSIFICATION: "g:BBMT=SAMHALLSBYGGNAD/BYGGLOV;default=KONTAKTCENTER/FRAGA",
    ...over,
  } as NodeJS.ProcessEnv);
  return effectiveCaseSystem(t.db, env);
}

beforeEach(async () => {
  clearSupportManagementTokens();
  sm = await startSupportManagementServer();
  t = await seededTestDb({ demo: true });
  const leader = demoLeader(t.db);
  const tourId = makeTour(t.db, leader, { name: "SM-turné 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" });
  stopId = makeStop(t.db, leader, { tourId, title: "KC på plats i Rydebäck", date: "2030-06-01", start: "09:00", end: "14:00" });
  // The case deliveries are made by recordFieldQuestion when an adapter is set: set one in the settings row.
  setCaseSystem(t.db, { adapter: "support_management", maxAttempts: 3 });
});
afterEach(async () => {
  await sm.close();
  t.cleanup();
});

/** The notes of a case's history. */
const eventNotes = (caseId: string) =>
  t.db
    .select({ note: caseEvents.note })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId))
    .all()
    .map((e) => e.note);

const question = (over: Record<string, unknown> = {}) =>
  logFieldQuestion(t.db, stopId, {
    question: "Behöver jag bygglov för en altan?",
    category: "g:BBMT",
    topics: ["bygglov"],
    answeredOnSpot: false,
    answer: undefined,
    departmentCode: "stadsbyggnad",
    replyWanted: true,
    contactName: "Karin Lind",
    contactEmail: "karin@example.se",
    contactPhone: "070-222 33 44",
    ...over,
  });

describe("cases as SupportManagement errands", () => {
  it("creates an errand per case with every request valid against the OpenAPI document, and brings the status back", async () => {
    const made = question();
    const plain = question({
      category: "f:consumer",
      departmentCode: undefined,
      replyWanted: false,
      contactName: undefined,
      contactEmail: undefined,
      contactPhone: undefined,
      answeredOnSpot: true,
      answer: "Ja.",
    });

    const r = await deliverDueCases(t.db, { config: config() });
    expect(r.delivered).toBe(2);
    expect(sm.invalid).toEqual([]);
    expect(sm.requests.filter((q) => q.operationId === "createErrand")).toHaveLength(2);

    const delivery = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    const errand = sm.errands.get(delivery.externalId!)!;
    expect(errand).toMatchObject({
      title: `${made.caseNumber}: BBMT`,
      priority: "MEDIUM",
      status: "NEW",
      classification: { category: "SAMHALLSBYGGNAD", type: "BYGGLOV" },
      reporterUserId: "rullarut",
      externalTags: [
        { key: "caseNumber", value: made.caseNumber },
        { key: "caseId", value: made.caseId },
      ],
      stakeholders: [
        {
          role: "CONTACT",
          firstName: "Karin",
          lastName: "Lind",
          contactChannels: [
            { type: "Email", value: "karin@example.se" },
            { type: "Phone", value: "070-222 33 44" },
          ],
        },
      ],
    });
    expect(String(errand.description)).toContain("Behöver jag bygglov för en altan?");
    const other = sm.errands.get(t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, plain.caseId)).get()!.externalId!)!;
    expect(other).toMatchObject({ classification: { category: "KONTAKTCENTER", type: "FRAGA" }, stakeholders: [] });

    // A case worker moves the errand on: the status comes back as an event; SOLVED closes the case.
    sm.setStatus(delivery.externalId!, "ONGOING");
    expect((await pollCaseStatuses(t.db, { config: config(), now: new Date(Date.now() + 3_600_000) })).changed).toBeGreaterThanOrEqual(1);
    expect(eventNotes(made.caseId)).toContain("Status i ärendesystemet: ONGOING");
    sm.setStatus(delivery.externalId!, "SOLVED", "SOLVED");
    await pollCaseStatuses(t.db, { config: config(), now: new Date(Date.now() + 7_200_000) });
    expect(t.db.select().from(cases).where(eq(cases.id, made.caseId)).get()!.status).toBe("closed");
    expect(eventNotes(made.caseId)).toContain("Avslutat i ärendesystemet (SOLVED)");
    // The resident hears that it is done (ADR 038).
    expect(
      t.db
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.relatedId, made.caseId))
        .all()
        .map((m) => m.kind),
    ).toContain("resident-done");
    expect(sm.invalid).toEqual([]);
  });

  it("the validating server does refuse a request outside the document, so the check above can fail", async () => {
    const made = question();
    const body = errandBody(config().supportManagement!, loadCasePayload(t.db, made.caseId));
    const token = await (
      await fetch(sm.tokenUrl, {
        method: "POST",
        headers: {
          Authorization: `Basic ${Buffer.from(`${SM_CLIENT_ID}:${SM_CLIENT_SECRET}`).toString("base64")}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials",
      })
    ).json();
    const post = (b: unknown) =>
      fetch(`${sm.baseUrl}/1283/CONTACTCENTER/errands`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token.access_token}`, "Content-Type": "application/json" },
        body: JSON.stringify(b),
      });
    expect((await post({ ...body, priority: "URGENT" })).status).toBe(400);
    expect((await post({ ...body, id: "mitt-eget-id" })).status).toBe(400);
    const { classification: _c, ...withoutClassification } = body;
    expect((await post(withoutClassification)).status).toBe(400);
    expect(sm.invalid).toHaveLength(3);
    expect((await post(body)).status).toBe(201);
  });

  it("a wrong client secret or a missing classification fails the delivery with a clear message and no secret", async () => {
    const made = question({ category: "f:consumer", departmentCode: undefined, answeredOnSpot: true, answer: "Ja." });
    await deliverDueCases(t.db, { config: config({ CASE_SM_CLIENT_SECRET: "fel-hemlighet-123456" }), random: () => 0.5 });
    const d = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!;
    expect(d.lastError).toContain("inloggningen hos API-gatewayen nekades (401)");
    expect(d.lastError).not.toContain("fel-hemlighet");

    const incomplete = config({ CASE_SM_CLASSIFICATION: "g:BBMT=A/B" });
    expect(incomplete.problems).toEqual(["SupportManagement: en klassificering för default saknas (CASE_SM_CLASSIFICATION)."]);
  });

  it("the connection test logs in and reads the namespace's errands", async () => {
    const result = await testCaseSystem(config());
    expect(result).toEqual({ ok: true, message: "Kontakt med SupportManagement (1283/CONTACTCENTER): 0 ärenden." });
    expect(sm.invalid).toEqual([]);
  });
});
