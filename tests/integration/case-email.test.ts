/**
 * The e-mail adapter (issue 17, ADR 037) end to end: cases → case deliveries → mail outbox →
 * a real SMTP server, each message read back as a mail client would (postal-mime).
 */
import { and, eq } from "drizzle-orm";
import PostalMime from "postal-mime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caseDeliveries, outboxMessages } from "#db/schema";
import { webhookBody } from "~/domain/cases/adapters/webhook";
import { effectiveCaseSystem } from "~/domain/cases/case-system.server";
import { deliverDueCases, loadCasePayload, retryDelivery, testCaseSystem } from "~/domain/cases/delivery.server";
import { purgeResidentContacts } from "~/domain/cases/retention.server";
import { deliverDue } from "~/domain/email/mailer.server";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader, logFieldQuestion, makeStop, makeTour, setCaseSystem } from "../support/fixtures";
import { useSmtpReceiver } from "../support/smtp-receiver";

const INBOX = "arenden@kommunen.example";
const smtp = useSmtpReceiver();
let t: TestDb;
let stopId: string;

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  const leader = demoLeader(t.db);
  const tourId = makeTour(t.db, leader, { name: "E-postturné 2030", startsOn: "2030-01-01", endsOn: "2030-12-31" });
  stopId = makeStop(t.db, leader, { tourId, title: "Biblioteket i Påarp", date: "2030-06-01", start: "09:00", end: "14:00" });
  setCaseSystem(t.db, { adapter: "email", emailTo: INBOX, maxAttempts: 2 });
});
afterEach(() => t.cleanup());

/** A forwarded building-permit question unless `input` says otherwise. */
function logQuestion(input: Record<string, unknown> = {}) {
  return logFieldQuestion(t.db, stopId, {
    question: "Var söker man bygglov för ett uterum?\nOch vad kostar det?",
    category: "g:BBMT",
    topics: ["bygglov"],
    answeredOnSpot: false,
    answer: undefined,
    departmentCode: "stadsbyggnad",
    ...input,
  });
}

/** The mail worker through the real SMTP server; returns what arrived, parsed. */
async function sendMail(options: { maxAttempts?: number } = {}) {
  const before = smtp.received.length;
  const transport = smtp.transport();
  await deliverDue(t.db, transport, { now: new Date(), maxAttempts: options.maxAttempts });
  transport.close();
  return Promise.all(smtp.received.slice(before).map(async (m) => ({ to: m.to, raw: m.raw, email: await PostalMime.parse(m.raw) })));
}

const later = (ms: number) => ({ now: new Date(Date.now() + ms), random: () => 0.5 });

describe("cases as e-mail to the case system's inbox", () => {
  it("sends one structured message per case, with a JSON attachment, and counts it delivered once the mail server took it", async () => {
    const forwarded = logQuestion({ replyWanted: true, contactName: "Mona", contactEmail: "mona@example.se" });
    const answered = logQuestion({ answeredOnSpot: true, answer: "Bygglov söks i e-tjänsten.", departmentCode: undefined, category: "f:consumer" });

    // First round: the messages go into the outbox; the deliveries wait for them without counting an attempt.
    const first = await deliverDueCases(t.db);
    expect(first.delivered).toBe(0);
    expect(t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "case")).all()).toHaveLength(2);
    expect(t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, forwarded.caseId)).get()).toMatchObject({ status: "pending", attempts: 0 });

    // To the inbox (Mona also gets her receipt, ADR 038).
    const mails = (await sendMail()).filter((m) => m.to[0] === INBOX);
    expect(mails).toHaveLength(2);
    const byNumber = new Map(mails.map((m) => [m.email.subject!.match(/KC-\d{4}-\d{6}/)![0], m]));
    const mail = byNumber.get(forwarded.caseNumber)!;
    expect(mail.to).toEqual([INBOX]);
    expect(mail.email.subject).toBe(`Ärende ${forwarded.caseNumber} – BBMT`);
    const text = mail.email.text!;
    expect(text).toContain(`Ärendenummer: ${forwarded.caseNumber}`);
    expect(text).toContain("Status: Vidarebefordrad");
    expect(text).toMatch(/^Kategori: BBMT – .+ \(g:BBMT\)$/m);
    expect(text).toContain("Besvarad på plats: nej");
    expect(text).toContain("Stopp: Biblioteket i Påarp, ");
    expect(text).toContain("Fråga:\nVar söker man bygglov för ett uterum?\nOch vad kostar det?");
    expect(text).toContain("Invånaren vill ha svar:\nNamn: Mona\nE-post: mona@example.se");

    // The attachment is the webhook's JSON, machine-readable.
    const json = mail.email.attachments.find((a) => a.filename === `arende-${forwarded.caseNumber}.json`)!;
    expect(json.mimeType).toBe("application/json");
    const parsed = JSON.parse(typeof json.content === "string" ? json.content : new TextDecoder().decode(json.content));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(webhookBody(loadCasePayload(t.db, forwarded.caseId)))));
    expect(parsed).toMatchObject({ caseNumber: forwarded.caseNumber, department: "stadsbyggnad", contact: { name: "Mona", email: "mona@example.se" } });
    const other = byNumber.get(answered.caseNumber)!;
    expect(other.email.text).not.toContain("Invånaren vill ha svar");
    expect(other.email.text).toContain("Svar:\nBygglov söks i e-tjänsten.");

    // Next round: delivered, with the message's Message-ID as the external id.
    const second = await deliverDueCases(t.db, later(60_000));
    expect(second.delivered).toBe(2);
    const delivery = t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, forwarded.caseId)).get()!;
    expect(delivery.status).toBe("delivered");
    expect(delivery.externalId).toBe(mail.email.messageId);

    // Nothing more goes out: exactly one message per case.
    await deliverDueCases(t.db, later(120_000));
    expect((await sendMail()).filter((m) => m.to[0] === INBOX)).toHaveLength(0);
  });

  it("a resend after the inbox refused the message sends the same message again, with the same Message-ID", async () => {
    const made = logQuestion();
    await deliverDueCases(t.db);
    smtp.rejectNext(1);
    expect(await sendMail({ maxAttempts: 1 })).toHaveLength(0);
    expect(smtp.rejected).toHaveLength(1);
    const refusedId = (await PostalMime.parse(smtp.rejected[0]!.raw)).messageId;
    expect(
      t.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.kind, "case"), eq(outboxMessages.relatedId, made.caseId)))
        .get()!.status,
    ).toBe("failed");

    // The case's delivery sees the outbox gave up, and fails after its attempts.
    await deliverDueCases(t.db, later(60_000));
    await deliverDueCases(t.db, later(3_600_000));
    expect(t.db.select().from(caseDeliveries).where(eq(caseDeliveries.caseId, made.caseId)).get()!.status).toBe("failed");

    // The tour leader sends it again: the same outbox row, so the same Message-ID.
    retryDelivery(t.db, demoLeader(t.db), made.caseId);
    const resent = await sendMail();
    expect(resent).toHaveLength(1);
    expect(resent[0]!.email.messageId).toBe(refusedId);
    expect(t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "case")).all()).toHaveLength(1);
    expect((await deliverDueCases(t.db, later(60_000))).delivered).toBe(1);
  });

  it("the connection test sends a test message to the inbox; a missing address is a problem, not a crash", async () => {
    const ok = await testCaseSystem(effectiveCaseSystem(t.db), fetch, t.db);
    expect(ok.ok).toBe(true);
    const [mail] = await sendMail();
    expect(mail!.to).toEqual([INBOX]);
    expect(mail!.email.subject).toContain("Test från Rullar ut");

    t.db
      .update((await import("#db/schema")).caseSystemSettings)
      .set({ emailTo: null })
      .run();
    const config = effectiveCaseSystem(t.db);
    expect(config.problems).toEqual(["E-post: inkorgens adress saknas eller är ogiltig."]);
    logQuestion();
    expect((await deliverDueCases(t.db)).delivered).toBe(0);
    expect(t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "case")).all()).toHaveLength(0);
  });

  it("the outbox's copy of a case e-mail loses the resident's details when they are erased", async () => {
    const made = logQuestion({ answeredOnSpot: true, answer: "Se e-tjänsten.", replyWanted: true, contactName: "Mona Månsson", contactPhone: "070-111 22 33" });
    await deliverDueCases(t.db);
    await sendMail();
    expect((await deliverDueCases(t.db, later(60_000))).delivered).toBe(1);
    const copy = () =>
      t.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.kind, "case"), eq(outboxMessages.relatedId, made.caseId)))
        .get()!;
    expect(copy().textBody).toContain("Mona Månsson");

    const result = purgeResidentContacts(t.db, new Date(Date.now() + 400 * 86_400_000));
    expect(result.erased).toBe(1);
    expect(copy().textBody).not.toContain("Mona");
    expect(copy().textBody).not.toContain("070-111");
    expect(copy().attachments).toEqual([]);
  });
});
