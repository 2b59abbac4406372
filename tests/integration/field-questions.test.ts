import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, caseDeliveries, caseEvents, cases, caseSystemSettings, fieldQuestions, stops } from "#db/schema";
import { dayFiguresByStop, formatCaseNumber, recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema, type SyncResponse } from "~/domain/field/schemas";
import { Conflict } from "~/domain/errors";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail, demoLeader, makeStop, makeTour } from "../support/fixtures";

const rawInput = (stopId: string, overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  stopId,
  loggedAt: "2030-06-10T10:15:00Z",
  question: "Varför går bussen så sällan till byn på helgerna?",
  category: "g:BBMT",
  topics: ["kollektivtrafik"],
  answeredOnSpot: "ja",
  answer: "Skånetrafiken planerar trafiken; vi tipsade om deras synpunktsformulär.",
  ...overrides,
});
const input = (stopId: string, overrides: Record<string, unknown> = {}) => fieldQuestionSchema.parse(rawInput(stopId, overrides));

describe("recordFieldQuestion", () => {
  // The questions are logged in 2030 and received at New Year: a question's time must lie near
  // "now" (issue 12), so the clock (Date only; timers stay real) is set to then.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-01-01T12:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  let t: TestDb;
  let stopId: string;
  let staff: { id: string; role: "admin" | "tour_leader" | "staff" };
  beforeEach(async () => {
    t = await seededTestDb({ demo: true });
    const leader = demoLeader(t.db);
    const tourId = makeTour(t.db, leader, { startsOn: "2030-01-01", endsOn: "2030-12-31" });
    stopId = makeStop(t.db, leader, { tourId, date: "2030-06-10", start: "10:00", end: "14:00" });
    staff = actorByEmail(t.db, "karin.dahl@rullarut.example");
  });
  afterEach(() => t.cleanup());

  it("makes the question, its case with a yearly number, and a 'created' event, in one go", () => {
    const q = input(stopId);
    const result = recordFieldQuestion(t.db, staff, q, new Date("2030-06-10T10:16:00Z"));
    expect(result.status).toBe("created");
    expect(result.caseNumber).toMatch(/^KC-2030-\d{6}$/);
    const c = t.db.select().from(cases).where(eq(cases.id, result.caseId)).get()!;
    expect(c).toMatchObject({ questionId: q.id, status: "answered", stopId, category: "g:BBMT", loggedByUserId: staff.id, year: 2030 });
    const stored = t.db.select().from(fieldQuestions).where(eq(fieldQuestions.id, q.id)).get()!;
    expect(stored).toMatchObject({ groupCode: "BBMT", functionCode: null, topics: ["kollektivtrafik"], loggedByUserId: staff.id });
    expect(
      t.db
        .select()
        .from(caseEvents)
        .where(eq(caseEvents.caseId, c.id))
        .all()
        .map((e) => e.kind),
    ).toEqual(["created"]);
    // Adapter "none": the app's own list is the case system, nothing to deliver.
    expect(t.db.select({ n: count() }).from(caseDeliveries).get()!.n).toBe(0);
  });

  it("numbers cases per Stockholm year of logging, one after the other", () => {
    const a = recordFieldQuestion(t.db, staff, input(stopId));
    const b = recordFieldQuestion(t.db, staff, input(stopId));
    expect(Number(b.caseNumber.slice(-6))).toBe(Number(a.caseNumber.slice(-6)) + 1);
    // 23:30 UTC on New Year's Eve is already the new year in Stockholm.
    const c = recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: "2030-12-31T23:30:00Z" }));
    expect(c.caseNumber).toBe(formatCaseNumber(2031, 1));
    expect(formatCaseNumber(2027, 123)).toBe("KC-2027-000123");
  });

  it("the same id again is a duplicate with the same case number, even with another body", () => {
    const q = input(stopId);
    const first = recordFieldQuestion(t.db, staff, q);
    const again = recordFieldQuestion(t.db, staff, q);
    const changed = recordFieldQuestion(t.db, staff, { ...q, question: "Något helt annat", category: "other" });
    expect(again).toEqual({ status: "duplicate", caseId: first.caseId, caseNumber: first.caseNumber });
    expect(changed).toEqual({ status: "duplicate", caseId: first.caseId, caseNumber: first.caseNumber });
    expect(t.db.select({ n: count() }).from(cases).get()!.n).toBe(t.db.select({ n: count() }).from(fieldQuestions).get()!.n);
    expect(t.db.select().from(fieldQuestions).where(eq(fieldQuestions.id, q.id)).get()!.question).toBe(q.question);
  });

  it("sets the first status from the answer and the department", () => {
    const forwarded = recordFieldQuestion(t.db, staff, input(stopId, { answeredOnSpot: "nej", answer: "", departmentCode: "miljo" }));
    expect(t.db.select().from(cases).where(eq(cases.id, forwarded.caseId)).get()!.status).toBe("forwarded");
    // Without a department the schema refuses, but the verb still decides "new" for such input.
    const q = { ...input(stopId), answeredOnSpot: false, departmentCode: undefined };
    const fresh = recordFieldQuestion(t.db, staff, q);
    expect(t.db.select().from(cases).where(eq(cases.id, fresh.caseId)).get()!.status).toBe("new");
  });

  it("refuses cancelled or missing stops and unknown codes, naming the field", () => {
    const expectConflict = (fn: () => unknown, field: string) => {
      try {
        fn();
        expect.fail("no conflict");
      } catch (error) {
        expect(error).toBeInstanceOf(Conflict);
        expect((error as Conflict).field).toBe(field);
      }
    };
    expectConflict(() => recordFieldQuestion(t.db, staff, input("finns-inte")), "stopId");
    expectConflict(() => recordFieldQuestion(t.db, staff, input(stopId, { category: "g:XYZ" })), "category");
    expectConflict(() => recordFieldQuestion(t.db, staff, input(stopId, { category: "f:nope" })), "category");
    expectConflict(() => recordFieldQuestion(t.db, staff, input(stopId, { departmentCode: "nope" })), "departmentCode");
    expectConflict(() => recordFieldQuestion(t.db, staff, input(stopId, { topics: ["trafik", "nope"] })), "topics");
    expectConflict(() => recordFieldQuestion(t.db, staff, input(stopId, { areaId: "nope" })), "areaId");
    t.db.update(stops).set({ status: "cancelled" }).where(eq(stops.id, stopId)).run();
    expectConflict(() => recordFieldQuestion(t.db, staff, input(stopId)), "stopId");
    expect(t.db.select({ n: count() }).from(fieldQuestions).where(eq(fieldQuestions.stopId, stopId)).get()!.n).toBe(0);
  });

  it("queues a delivery when a case system is configured, and writes no question text to the audit log", () => {
    t.db
      .update(caseSystemSettings)
      .set({ adapter: "webhook", webhookUrl: "http://127.0.0.1:9/hook", webhookSecret: "x".repeat(32) })
      .run();
    const now = new Date("2030-06-10T10:20:00Z");
    const q = input(stopId, { replyWanted: "on", contactName: "Anna Andersson", contactEmail: "anna@exempel.example" });
    const result = recordFieldQuestion(t.db, staff, q, now);
    const delivery = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, result.caseId)).get()!;
    expect(delivery).toMatchObject({ adapter: "webhook", status: "pending", attempts: 0 });
    expect(delivery.nextAttemptAt.getTime()).toBe(now.getTime());
    const audit = JSON.stringify(t.db.select().from(auditLog).all());
    expect(audit).not.toContain("bussen");
    expect(audit).not.toContain("anna@exempel.example");
  });

  it("refuses a time that is not a real instant, or lies outside the year before last … a day ahead (issue 12)", () => {
    const parse = (loggedAt: unknown) => fieldQuestionSchema.safeParse({ ...rawInput(stopId), loggedAt });
    const expectConflict = (fn: () => unknown, field: string) => {
      expect(fn).toThrow(Conflict);
      try {
        fn();
      } catch (error) {
        expect((error as Conflict).field).toBe(field);
      }
    };
    // Rolled-over, offset-less, numeric and negative-year times never reach the verb.
    for (const bad of ["2030-02-30T10:00:00Z", "2030-06-10T10:00:00", "0", 0, "-000001-01-01T00:00:00Z", "2030-06-10T24:00:00Z", ""]) {
      expect(parse(bad).success, String(bad)).toBe(false);
    }
    expect(parse("2030-06-10T12:15:00+02:00").success).toBe(true);
    // Now is 2031-01-01 12:00Z: 2029-01-01 in Stockholm is the earliest, a day ahead the latest.
    const now = new Date();
    expectConflict(() => recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: "2028-12-31T22:59:00Z" })), "loggedAt");
    expectConflict(() => recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: "9999-12-31T23:59:59Z" })), "loggedAt");
    expectConflict(() => recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: new Date(now.getTime() + 25 * 3600_000).toISOString() })), "loggedAt");
    expect(recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: "2028-12-31T23:00:00Z" })).caseNumber).toMatch(/^KC-2029-/);
    expect(recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: new Date(now.getTime() + 23 * 3600_000).toISOString() })).status).toBe("created");
  });

  it("keeps contact details only when a reply is wanted", () => {
    const without = recordFieldQuestion(t.db, staff, input(stopId, { contactName: "Anna", contactPhone: "070-123 45 67" }));
    const withReply = recordFieldQuestion(t.db, staff, input(stopId, { replyWanted: true, contactName: "Anna", contactPhone: "070-123 45 67" }));
    const rows = t.db.select().from(fieldQuestions).all();
    const a = rows.find((r) => r.id === t.db.select().from(cases).where(eq(cases.id, without.caseId)).get()!.questionId)!;
    const b = rows.find((r) => r.id === t.db.select().from(cases).where(eq(cases.id, withReply.caseId)).get()!.questionId)!;
    expect(a).toMatchObject({ contactName: null, contactPhone: null, replyWanted: false });
    expect(b).toMatchObject({ contactName: "Anna", contactPhone: "070-123 45 67", replyWanted: true });
  });

  it("dayFiguresByStop counts the Stockholm day's questions per stop, answered on the spot and the user's own", () => {
    recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: "2030-06-10T08:00:00Z" }));
    recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: "2030-06-10T21:30:00Z" })); // 23:30 in Stockholm: same day
    recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: "2030-06-10T11:00:00Z", answeredOnSpot: "nej", departmentCode: "miljo" }));
    recordFieldQuestion(t.db, staff, input(stopId, { loggedAt: "2030-06-10T22:30:00Z" })); // 00:30 the next day
    const leader = demoLeader(t.db);
    recordFieldQuestion(t.db, leader, input(stopId, { loggedAt: "2030-06-10T12:00:00Z" }));

    // Per stop in one grouped query: the Stockholm day, answered on the spot, and the user's own; a stop without questions is absent.
    expect(dayFiguresByStop(t.db, [stopId, "inget-stopp"], staff.id, "2030-06-10")).toEqual(new Map([[stopId, { logged: 4, answeredOnSpot: 3, mine: 3 }]]));
    expect(dayFiguresByStop(t.db, [stopId], leader.id, "2030-06-10").get(stopId)).toEqual({ logged: 4, answeredOnSpot: 3, mine: 1 });
    expect(dayFiguresByStop(t.db, [stopId], staff.id, "2030-06-11").get(stopId)).toEqual({ logged: 1, answeredOnSpot: 1, mine: 1 });
    expect(dayFiguresByStop(t.db, [stopId], staff.id, "2030-06-12").size).toBe(0);
    expect(dayFiguresByStop(t.db, [], staff.id, "2030-06-10").size).toBe(0);
  });
});

describe("POST /falt/fragor", () => {
  let t: TestDb;
  let stopId: string;
  let cookie: string;
  let action: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    t = await seededTestDb({ demo: true });
    const leader = demoLeader(t.db);
    const tourId = makeTour(t.db, leader, { startsOn: "2030-01-01", endsOn: "2030-12-31" });
    stopId = makeStop(t.db, leader, { tourId, date: "2030-06-10", start: "10:00", end: "14:00" });
    for (const key of ["DATABASE_PATH", "SESSION_SECRET"]) saved[key] = process.env[key];
    process.env.DATABASE_PATH = t.file;
    process.env.SESSION_SECRET = "s".repeat(40);
    // Fresh modules, so the app's environment (cached on first read) sees this database.
    vi.resetModules();
    const session = await import("~/session.server");
    const { getDb } = await import("~/db.server");
    const staff = actorByEmail(getDb(), "karin.dahl@rullarut.example");
    cookie = (await session.startSession(getDb(), staff.id)).split(";")[0]!;
    action = (await import("~/routes/falt.fragor")).action as unknown as typeof action;
  });
  afterAll(async () => {
    (await import("~/db.server")).closeDb();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    t.cleanup();
  });

  const post = async (body: string | object, headers: Record<string, string> = { Cookie: cookie }) => {
    const request = new Request("http://localhost/falt/fragor", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const response = await action({ request, params: {}, context: {} });
    return { status: response.status, body: (await response.json()) as SyncResponse, type: response.headers.get("Content-Type") };
  };

  const body = (overrides: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    stopId,
    // Sent from the queue right after it was logged: a time near now (issue 12).
    loggedAt: new Date(Date.now() - 60_000).toISOString(),
    question: "Kan vi få en gatlykta vid busshållplatsen?",
    category: "other",
    topics: ["stadsmiljo"],
    answeredOnSpot: false,
    departmentCode: "stadsbyggnad",
    ...overrides,
  });

  it("the same question posted twice makes one case: 201, then 200 duplicate with the same number", async () => {
    const q = body();
    const first = await post(q);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: "created", id: q.id });
    const second = await post(q);
    expect(second.status).toBe(200);
    const number = (first.body as { caseNumber: string }).caseNumber;
    expect(second.body).toEqual({ status: "duplicate", id: q.id, caseNumber: number });
    // A different body with the same id is still the same case.
    const third = await post({ ...q, question: "Helt annan text", category: "g:BSU" });
    expect(third.status).toBe(200);
    expect(third.body).toEqual({ status: "duplicate", id: q.id, caseNumber: number });
    expect(t.db.select({ n: count() }).from(cases).where(eq(cases.questionId, q.id)).get()!.n).toBe(1);
  });

  it("answers 400 with Swedish field errors for invalid input, and for unknown codes", async () => {
    const bad = await post(body({ question: "", answeredOnSpot: false, departmentCode: "", category: "x" }));
    expect(bad.status).toBe(400);
    expect(bad.body.status).toBe("invalid");
    const errors = (bad.body as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(errors.question?.[0]).toMatch(/Skriv frågan/);
    expect(errors.category?.[0]).toBe("Välj kategori");
    expect(errors.departmentCode?.[0]).toMatch(/förvaltning/);

    const unknown = await post(body({ departmentCode: "finns-inte" }));
    expect(unknown.status).toBe(400);
    expect((unknown.body as { fieldErrors: Record<string, string[]> }).fieldErrors.departmentCode).toEqual(["Okänd förvaltning"]);
  });

  it("answers 400 with a Swedish message to an impossible or implausible time, so the queue shows it instead of retrying (issue 12)", async () => {
    const before = t.db.select({ n: count() }).from(cases).get()!.n;
    for (const loggedAt of ["-000001-01-01T00:00:00Z", "0", "2026-02-30T10:00:00Z", "2027-05-04", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", 0]) {
      const r = await post(body({ loggedAt }));
      expect(r.status, String(loggedAt)).toBe(400);
      expect(r.body.status).toBe("invalid");
      expect((r.body as { fieldErrors: Record<string, string[]> }).fieldErrors.loggedAt?.[0], String(loggedAt)).toMatch(/tid|Tiden/i);
    }
    expect(t.db.select({ n: count() }).from(cases).get()!.n).toBe(before);
  });

  it("answers 400 JSON to a body that is not JSON or is larger than 64 kB", async () => {
    const notJson = await post("{ inte json");
    expect(notJson.status).toBe(400);
    expect(notJson.type).toMatch(/application\/json/);
    expect(notJson.body.status).toBe("invalid");
    const huge = await post(JSON.stringify(body({ question: "a".repeat(70 * 1024) })));
    expect(huge.status).toBe(400);
    expect((huge.body as { fieldErrors: Record<string, string[]> }).fieldErrors[""]?.[0]).toMatch(/64 kB/);
  });

  it("answers 401 JSON {status: 'login'} without a session, never a redirect", async () => {
    const q = body();
    const anonymous = await post(q, {});
    expect(anonymous).toMatchObject({ status: 401, body: { status: "login" } });
    const expired = await post(q, { Cookie: "rullarut_session=forfalskad" });
    expect(expired).toMatchObject({ status: 401, body: { status: "login" } });
    expect(t.db.select({ n: count() }).from(fieldQuestions).where(eq(fieldQuestions.id, q.id)).get()!.n).toBe(0);
  });
});
