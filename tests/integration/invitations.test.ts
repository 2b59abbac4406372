import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contacts, invitationReplies, invitations, organizations, outboxMessages, stopNeeds, stops } from "#db/schema";
import { openDatabase } from "~/db.server";
import { invitationStateByArea, mapData } from "~/domain/map/tour-map.server";
import { Conflict } from "~/domain/errors";
import { REPLY_STRINGS } from "~/domain/invitations/i18n";
import {
  createAndSendBatch,
  getBoard,
  getReplyView,
  invitableOrganizations,
  openByToken,
  previewBatch,
  resendInvitation,
  revokeInvitation,
  submitReply,
} from "~/domain/invitations/invitations.server";
import { sendDueReminders } from "~/domain/invitations/reminders.server";
import { batchSchema, replySchemaFor } from "~/domain/invitations/schemas";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop } from "~/domain/stops/stops.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail, areaIdByName, demoLeader, makeTour } from "../support/fixtures";

const ORIGIN = "https://rullarut.example";
const NOW = new Date("2027-03-01T10:00:00Z");
const BODY = "Hej {organisation}! {tid} Svara senast {sista_svarsdag}: {lank}";

let t: TestDb;
let leader: Actor;
let staff: Actor;
let tourId: string;
let infoEveningId: string;
let rydebackOrgId: string;

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  leader = demoLeader(t.db);
  staff = actorByEmail(t.db, "personal@rullarut.example");
  tourId = makeTour(t.db, leader, { name: "KC rullar ut 2027", startsOn: "2027-01-01", endsOn: "2027-12-31" });
  infoEveningId = createStop(
    t.db,
    leader,
    stopSchema.parse({
      tourId,
      title: "Informationskväll för byalagen",
      kind: "info_evening",
      status: "planned",
      areaId: areaIdByName(t.db, "Rydebäck"),
      startDate: "2027-04-08",
      startTime: "18:00",
      endTime: "20:00",
    }),
  );
  rydebackOrgId = t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "Rydebäcks Byalag")).get()!.id;
});
afterEach(() => t.cleanup());

function infoEvening(overrides: Record<string, unknown> = {}) {
  return batchSchema.parse({
    intent: "send",
    tourId,
    kind: "info_evening",
    stopId: infoEveningId,
    organizationKinds: ["byalag"],
    subject: "Inbjudan till {organisation}",
    body: BODY,
    deadline: "2027-03-20",
    ...overrides,
  });
}

function visitOffer(overrides: Record<string, unknown> = {}) {
  return batchSchema.parse({
    intent: "send",
    tourId,
    kind: "visit_offer",
    organizationIds: [rydebackOrgId],
    times: [
      { date: "2027-05-04", start: "18:00", end: "20:00" },
      { date: "2027-05-11", start: "18:30", end: "20:30" },
      { date: "2027-05-18", start: "10:00", end: "12:00" },
    ],
    allowOtherTime: "on",
    subject: "Vill ni ha besök?",
    body: BODY,
    deadline: "2027-03-20",
    ...overrides,
  });
}

function tokenFromOutbox(invitationId: string): string {
  const row = t.db.select({ text: outboxMessages.textBody }).from(outboxMessages).where(eq(outboxMessages.relatedId, invitationId)).get()!;
  return /\/svar\/([A-Za-z0-9_-]{43})/.exec(row.text)![1]!;
}

function invitationOf(batchId: string, organizationId: string) {
  return t.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.batchId, batchId), eq(invitations.organizationId, organizationId)))
    .get()!;
}

const sv = REPLY_STRINGS.sv;
function reply(view: { kind: string; allowOtherTime: boolean; version: number }, values: Record<string, unknown>) {
  return replySchemaFor(sv, { isVisit: view.kind === "visit_offer", allowOtherTime: view.allowOtherTime }).parse({ version: String(view.version), ...values });
}

describe("the organizations the form offers (issue 15)", () => {
  it("are kept between views and follow a new e-mail address at once", () => {
    const first = invitableOrganizations(t.db)[0]!;
    expect(invitableOrganizations(t.db)).toBe(invitableOrganizations(t.db));
    t.db.insert(contacts).values({ organizationId: first.id, name: "Ny kontakt", email: "ny@example.org" }).run();
    expect(invitableOrganizations(t.db).find((o) => o.id === first.id)?.emails).toBe(first.emails + 1);
  });
});

describe("sending invitations", () => {
  it("only planners may send, and the preview writes nothing", () => {
    expect(() => createAndSendBatch(t.db, staff, infoEvening(), { origin: ORIGIN, now: NOW, tokenDays: 60 })).toThrow(/turnéledare/);
    const preview = previewBatch(t.db, leader, infoEvening());
    expect(preview.body).toContain("https://…/svar/(personlig länk)");
    expect(preview.body).toContain("20 mars 2027");
    expect(t.db.select().from(outboxMessages).all()).toHaveLength(0);
  });

  it("queues one e-mail per contact address, stores only the token's hash, and reports organizations without e-mail", () => {
    const larod = t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "Byalaget i Laröd")).get()!;
    t.db.update(contacts).set({ email: null }).where(eq(contacts.organizationId, larod.id)).run();
    const result = createAndSendBatch(t.db, leader, infoEvening(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const rows = t.db.select().from(invitations).where(eq(invitations.batchId, result.batchId)).all();
    const byalag = t.db.select().from(organizations).where(eq(organizations.kind, "byalag")).all();
    expect(rows).toHaveLength(byalag.length);
    const outbox = t.db.select().from(outboxMessages).all();
    expect(outbox.length).toBe(result.emails);
    expect(result.sent).toBe(rows.filter((r) => r.status === "sent").length);
    expect(result.sent + result.withoutEmail.length).toBe(byalag.length);
    expect(result.withoutEmail).toContain("Byalaget i Laröd");
    expect(invitationOf(result.batchId, larod.id).status).toBe("draft");

    const rydeback = invitationOf(result.batchId, rydebackOrgId);
    const token = tokenFromOutbox(rydeback.id);
    expect(outbox.find((m) => m.relatedId === rydeback.id)!.textBody).toContain(`${ORIGIN}/svar/${token}`);
    expect(rydeback.tokenExpiresAt!.getTime()).toBe(NOW.getTime() + 60 * 24 * 3600_000);
    // No text column of any invitation holds the token in clear.
    const raw = t.db.$client.prepare("select * from invitations").all() as Record<string, unknown>[];
    for (const r of raw) for (const v of Object.values(r)) if (typeof v === "string") expect(v).not.toContain(token);
    const auditRaw = JSON.stringify(t.db.$client.prepare("select * from audit_log").all());
    expect(auditRaw).not.toContain(token);
  });

  it("writes no invitation and no e-mail when the transaction fails", () => {
    t.db.$client.exec("create trigger fail_send before insert on audit_log when new.action = 'invitation_batch.send' begin select raise(abort, 'boom'); end;");
    // The demo data hold the 2017 invitations already: nothing may be added to them.
    const invitationsBefore = t.db.select().from(invitations).all().length;
    expect(() => createAndSendBatch(t.db, leader, infoEvening(), { origin: ORIGIN, now: NOW, tokenDays: 60 })).toThrow(/boom/);
    expect(t.db.select().from(outboxMessages).all()).toHaveLength(0);
    expect(t.db.select().from(invitations).all()).toHaveLength(invitationsBefore);
  });
});

describe("reply links", () => {
  it("give the same answer for unknown, malformed, tampered, expired and revoked tokens", () => {
    const { batchId } = createAndSendBatch(t.db, leader, infoEvening(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const inv = invitationOf(batchId, rydebackOrgId);
    const token = tokenFromOutbox(inv.id);
    const tampered = (token[0] === "A" ? "B" : "A") + token.slice(1);
    expect(openByToken(t.db, "A".repeat(43), NOW)).toBeNull();
    expect(openByToken(t.db, "not-a-token", NOW)).toBeNull();
    expect(openByToken(t.db, tampered, NOW)).toBeNull();
    expect(openByToken(t.db, token, new Date(NOW.getTime() + 61 * 24 * 3600_000))).toBeNull();
    expect(openByToken(t.db, token, NOW)).toBe(inv.id);
    expect(invitationOf(batchId, rydebackOrgId).status).toBe("opened");
    revokeInvitation(t.db, leader, batchId, inv.id, NOW);
    expect(openByToken(t.db, token, NOW)).toBeNull();
    expect(() => getReplyView(t.db, inv.id, NOW)).toThrow();
  });

  it("resend makes a new token and the old link stops working", () => {
    const { batchId } = createAndSendBatch(t.db, leader, infoEvening(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const inv = invitationOf(batchId, rydebackOrgId);
    const oldToken = tokenFromOutbox(inv.id);
    resendInvitation(t.db, leader, batchId, inv.id, { origin: ORIGIN, now: new Date(NOW.getTime() + 1000), tokenDays: 60 });
    const texts = t.db.select({ text: outboxMessages.textBody }).from(outboxMessages).where(eq(outboxMessages.relatedId, inv.id)).all();
    expect(texts).toHaveLength(2);
    const newToken = /\/svar\/([A-Za-z0-9_-]{43})/.exec(texts[1]!.text)![1]!;
    expect(newToken).not.toBe(oldToken);
    expect(openByToken(t.db, oldToken, NOW)).toBeNull();
    expect(openByToken(t.db, newToken, NOW)).toBe(inv.id);
  });
});

describe("replies", () => {
  it("a yes to a visit offer creates a confirmed stop at the chosen time with the wanted advisors, and queues a confirmation with an .ics", () => {
    const { batchId } = createAndSendBatch(t.db, leader, visitOffer(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const inv = invitationOf(batchId, rydebackOrgId);
    const view = getReplyView(t.db, inv.id, NOW);
    expect(view.times).toHaveLength(3);
    expect(
      t.db
        .select()
        .from(stops)
        .where(eq(stops.organizationId, rydebackOrgId))
        .all()
        .filter((s) => s.tourId === tourId),
    ).toHaveLength(0);
    const outcome = submitReply(
      t.db,
      inv.id,
      reply(view, {
        answer: "yes",
        timeChoice: view.times[1]!.id,
        advisorFunctions: ["consumer", "energy_climate"],
        answerGroups: ["BBMT"],
        attendees: "15",
        contactName: "Britt Larsson",
        contactPhone: "070-174 06 05",
      }),
      { origin: ORIGIN, now: NOW },
    );
    expect(outcome).toMatchObject({ status: "saved", answer: "yes" });
    const stop = t.db
      .select()
      .from(stops)
      .where(eq(stops.id, (outcome as { stopId: string }).stopId))
      .get()!;
    expect(stop).toMatchObject({ kind: "village_visit", status: "confirmed", tourId, organizationId: rydebackOrgId, expectedVisitors: 15 });
    expect(stop.startsAt.toISOString()).toBe("2027-05-11T16:30:00.000Z");
    expect(stop.internalNotes).toContain("15");
    const needs = t.db.select().from(stopNeeds).where(eq(stopNeeds.stopId, stop.id)).all();
    expect(needs.map((n) => n.functionCode ?? n.groupCode).sort()).toEqual(["BBMT", "consumer", "energy_climate"]);
    expect(invitationOf(batchId, rydebackOrgId)).toMatchObject({ status: "accepted", stopId: stop.id });
    const confirmation = t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "confirmation")).get()!;
    // The visit comes as a meeting request (issue 16), not as a file to import.
    expect(confirmation.calendarMethod).toBe("REQUEST");
    const ics = confirmation.calendarContent!;
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain("METHOD:REQUEST");
    expect(ics).toContain("DTSTART;TZID=Europe/Stockholm:20270511T183000");
    const board = getBoard(t.db, leader, batchId, NOW);
    expect(board.rows[0]).toMatchObject({ state: "accepted", stopId: stop.id });
  });

  it("the confirmation is in the language the contact replied in: Swedish by default, English after the English page", () => {
    const confirmationTo = (invitationId: string) =>
      t.db
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.kind, "confirmation"))
        .all()
        .filter((m) => m.relatedId === invitationId)
        .at(-1)!;
    const sv = createAndSendBatch(t.db, leader, visitOffer(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const svInvitation = invitationOf(sv.batchId, rydebackOrgId);
    let view = getReplyView(t.db, svInvitation.id, NOW);
    submitReply(t.db, svInvitation.id, reply(view, { answer: "yes", timeChoice: view.times[1]!.id, contactName: "Britt" }), { origin: ORIGIN, now: NOW });
    const swedish = confirmationTo(svInvitation.id);
    expect(swedish.subject).toMatch(/^Bekräftelse: /);
    expect(swedish.textBody).toContain("Tack för ert svar. Välkomna:");
    expect(swedish.textBody).toContain("tis 11 maj 2027 18:30–20:30");

    const en = createAndSendBatch(t.db, leader, visitOffer(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const enInvitation = invitationOf(en.batchId, rydebackOrgId);
    view = getReplyView(t.db, enInvitation.id, NOW);
    submitReply(t.db, enInvitation.id, reply(view, { answer: "yes", timeChoice: view.times[1]!.id, contactName: "Britt" }), {
      origin: ORIGIN,
      now: NOW,
      lang: "en",
    });
    const english = confirmationTo(enInvitation.id);
    expect(english.subject).toMatch(/^Confirmation: /);
    expect(english.textBody).toContain("Thank you for your reply. Welcome:");
    expect(english.textBody).toContain("Tuesday, 11 May 2027, 18:30–20:30");
    expect(english.textBody).toContain("The contact centre of ");
    expect(english.textBody).not.toMatch(/Tack|Välkomna|Vänliga hälsningar/);
    expect(english.calendarFilename).toBe("besok.ics");
  });

  it("changing a yes to a no cancels the visit; a no leaves the invitation declined", () => {
    const { batchId } = createAndSendBatch(t.db, leader, visitOffer(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const inv = invitationOf(batchId, rydebackOrgId);
    let view = getReplyView(t.db, inv.id, NOW);
    const first = submitReply(t.db, inv.id, reply(view, { answer: "yes", timeChoice: view.times[0]!.id, contactName: "Britt" }), { origin: ORIGIN, now: NOW });
    view = getReplyView(t.db, inv.id, NOW);
    submitReply(t.db, inv.id, reply(view, { answer: "no" }), { origin: ORIGIN, now: NOW });
    expect(invitationOf(batchId, rydebackOrgId).status).toBe("declined");
    expect(
      t.db
        .select()
        .from(stops)
        .where(eq(stops.id, (first as { stopId: string }).stopId))
        .get()!.status,
    ).toBe("cancelled");
    // The contact's calendar: the visit's meeting request (on the confirmation), then its cancellation, same UID (issue 16).
    const calendar = t.db
      .select({ method: outboxMessages.calendarMethod, content: outboxMessages.calendarContent, to: outboxMessages.toAddress })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.relatedType, "invitation"), eq(outboxMessages.relatedId, inv.id)))
      .all()
      .filter((m) => m.method)
      // Both were queued at the same NOW: in the order they were sent, by SEQUENCE.
      .sort((a, b) => Number(/SEQUENCE:(\d+)/.exec(a.content!)![1]) - Number(/SEQUENCE:(\d+)/.exec(b.content!)![1]));
    expect(calendar.map((m) => m.method)).toEqual(["REQUEST", "CANCEL"]);
    const uid = (m: (typeof calendar)[number]) => /UID:(\S+)/.exec(m.content!)![1];
    expect(uid(calendar[1]!)).toBe(uid(calendar[0]!));
    expect(calendar[1]!.to).toBe(calendar[0]!.to);
    expect(calendar[1]!.content).toContain("SEQUENCE:1");
  });

  it("a filled honeypot is accepted silently and stores nothing", () => {
    const { batchId } = createAndSendBatch(t.db, leader, visitOffer(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const inv = invitationOf(batchId, rydebackOrgId);
    const view = getReplyView(t.db, inv.id, NOW);
    expect(submitReply(t.db, inv.id, reply(view, { answer: "no", website: "http://spam.example" }), { origin: ORIGIN, now: NOW })).toEqual({
      status: "ignored",
    });
    expect(t.db.select().from(invitationReplies).where(eq(invitationReplies.invitationId, inv.id)).all()).toHaveLength(0);
  });

  it("refuses answers after the deadline date (Stockholm time)", () => {
    const { batchId } = createAndSendBatch(t.db, leader, visitOffer(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const inv = invitationOf(batchId, rydebackOrgId);
    const view = getReplyView(t.db, inv.id, NOW);
    // 23:30 Stockholm on the deadline is still open; 00:30 the next day is not.
    expect(() => submitReply(t.db, inv.id, reply(view, { answer: "no" }), { origin: ORIGIN, now: new Date("2027-03-20T22:30:00Z") })).not.toThrow();
    const v2 = getReplyView(t.db, inv.id, NOW);
    expect(() => submitReply(t.db, inv.id, reply(v2, { answer: "no" }), { origin: ORIGIN, now: new Date("2027-03-20T23:30:00Z") })).toThrow(Conflict);
  });

  it("two replies read at the same version, over two connections: one wins, the other changes nothing", () => {
    const { batchId } = createAndSendBatch(t.db, leader, visitOffer(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const inv = invitationOf(batchId, rydebackOrgId);
    const other = openDatabase(t.file);
    try {
      const viewA = getReplyView(t.db, inv.id, NOW);
      const viewB = getReplyView(other, inv.id, NOW);
      expect(viewA.version).toBe(viewB.version);
      submitReply(t.db, inv.id, reply(viewA, { answer: "yes", timeChoice: viewA.times[0]!.id, contactName: "A", advisorFunctions: ["consumer"] }), {
        origin: ORIGIN,
        now: NOW,
      });
      expect(() =>
        submitReply(other, inv.id, reply(viewB, { answer: "yes", timeChoice: viewB.times[2]!.id, contactName: "B" }), { origin: ORIGIN, now: NOW }),
      ).toThrow(expect.objectContaining({ code: "stale" }));
      const replies = t.db.select().from(invitationReplies).where(eq(invitationReplies.invitationId, inv.id)).all();
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ contactName: "A", chosenTimeId: viewA.times[0]!.id });
      const visitStops = t.db
        .select()
        .from(stops)
        .where(and(eq(stops.organizationId, rydebackOrgId), eq(stops.tourId, tourId)))
        .all();
      expect(visitStops).toHaveLength(1);
      expect(t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "confirmation")).all()).toHaveLength(1);
    } finally {
      other.$client.close();
    }
  });
});

describe("reminders", () => {
  it("go out once per invitation and once per visit, even when two processes run at the same time", () => {
    const info = createAndSendBatch(t.db, leader, infoEvening(), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const visit = createAndSendBatch(t.db, leader, visitOffer({ organizationIds: [rydebackOrgId] }), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const inv = invitationOf(visit.batchId, rydebackOrgId);
    const view = getReplyView(t.db, inv.id, NOW);
    submitReply(t.db, inv.id, reply(view, { answer: "yes", timeChoice: view.times[0]!.id, contactName: "Britt" }), { origin: ORIGIN, now: NOW });

    // Ten days before the deadline: nothing is due yet.
    expect(sendDueReminders(t.db, new Date("2027-03-10T08:00:00Z"), { invitationDays: 5, visitDays: 2 })).toEqual({
      invitationReminders: 0,
      visitReminders: 0,
    });
    const other = openDatabase(t.file);
    try {
      const at = new Date("2027-03-16T08:00:00Z");
      const runs = [sendDueReminders(t.db, at, { invitationDays: 5, visitDays: 2 }), sendDueReminders(other, at, { invitationDays: 5, visitDays: 2 })];
      const unanswered = t.db
        .select()
        .from(invitations)
        .where(eq(invitations.batchId, info.batchId))
        .all()
        .filter((i) => i.status === "sent");
      expect(runs[0]!.invitationReminders + runs[1]!.invitationReminders).toBe(unanswered.length);
      expect(runs[1]!.invitationReminders).toBe(0);
      const reminders = t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "reminder")).all();
      expect(new Set(reminders.map((r) => `${r.relatedId}|${r.toAddress}`)).size).toBe(reminders.length);
      expect(reminders.length).toBeGreaterThan(0);

      const beforeVisit = new Date("2027-05-03T08:00:00Z");
      const visitRuns = [
        sendDueReminders(other, beforeVisit, { invitationDays: 5, visitDays: 2 }),
        sendDueReminders(t.db, beforeVisit, { invitationDays: 5, visitDays: 2 }),
      ];
      expect(visitRuns.map((r) => r.visitReminders)).toEqual([1, 0]);
      expect(t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "visit-reminder")).all()).toHaveLength(1);
    } finally {
      other.$client.close();
    }
  });
});

describe("the tour map", () => {
  it("marks each area with its invitation state for the tour: tackat nej, still invited", () => {
    const odakraOrgId = t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "Ödåkra Byaförening")).get()!.id;
    const sent = createAndSendBatch(t.db, leader, visitOffer({ organizationIds: [rydebackOrgId, odakraOrgId] }), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const inv = invitationOf(sent.batchId, rydebackOrgId);
    const view = getReplyView(t.db, inv.id, NOW);
    submitReply(t.db, inv.id, reply(view, { answer: "no" }), { origin: ORIGIN, now: NOW });

    const areaOf = (name: string) => areaIdByName(t.db, name);
    const states = invitationStateByArea(t.db, tourId, NOW);
    expect(states.get(areaOf("Rydebäck"))).toBe("declined");
    expect(states.get(areaOf("Ödåkra"))).toBe("invited");
    // After the deadline, an unanswered invitation reads "ingen respons".
    expect(invitationStateByArea(t.db, tourId, new Date("2027-03-25T10:00:00Z")).get(areaOf("Ödåkra"))).toBe("no_response");

    const data = mapData(t.db, { tourId, year: null, kind: null, status: null, tag: null });
    const row = data.areas.find((a) => a[1] === "Rydebäck")!;
    expect(row[5]).toBe("declined");
    // Another tour's map knows nothing of these invitations.
    expect(mapData(t.db, { tourId: null, year: 2027, kind: null, status: null, tag: null }).areas.find((a) => a[1] === "Rydebäck")![5]).toBe("");
  });
});
