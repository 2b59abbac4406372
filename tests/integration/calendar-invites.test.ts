/**
 * Issue 16: meeting requests by e-mail (iTIP/iMIP). Bookings go out through the real mail worker
 * to a real SMTP server; each message is read back as a mail client would: postal-mime for the
 * MIME structure, ical.js for the calendar. Answers come back through the inbound e-mail webhook.
 */
import ICAL from "ical.js";
import PostalMime from "postal-mime";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { calendarInvites, outboxMessages } from "#db/schema";
import { buildMyScheduleFeed } from "~/domain/calendar/feeds.server";
import { recordCalendarReplies, staffInviteUid } from "~/domain/calendar/invites.server";
import { deliverDue } from "~/domain/email/mailer.server";
import { getOutboxAttachment, getOutboxMessage } from "~/domain/email/outbox-admin.server";
import { assignStaff, unassignStaff, withdraw } from "~/domain/staffing/staffing.server";
import { setStopStatus, updateStop } from "~/domain/stops/stops.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader, makeStaff, makeStop, makeTour, stopInput } from "../support/fixtures";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver";

const ORIGIN = "https://rullarut.kommunen.example";
const ORGANIZER = "kontaktcenter@kommunen.example";
const NOW = new Date("2031-05-02T08:00:00Z");

let smtp: SmtpReceiver;

beforeAll(async () => {
  process.env.CALENDAR_ORGANIZER = ORGANIZER;
  smtp = await startSmtpReceiver();
});
afterAll(async () => {
  delete process.env.CALENDAR_ORGANIZER;
  await smtp.close();
});

let t: TestDb;
let leader: Actor;
let tourId: string;
beforeEach(async () => {
  smtp.received.length = 0;
  t = await seededTestDb({ demo: true });
  leader = demoLeader(t.db);
  tourId = makeTour(t.db, leader, { startsOn: "2031-01-01", endsOn: "2031-12-31" });
});
afterEach(() => t.cleanup());

/** Sends everything due through the real SMTP server and returns what arrived, parsed. */
async function deliver() {
  const before = smtp.received.length;
  const transport = smtp.transport();
  await deliverDue(t.db, transport, { now: new Date(), from: `Kontaktcentret <${ORGANIZER}>` });
  transport.close();
  return Promise.all(
    smtp.received.slice(before).map(async (m) => {
      const email = await PostalMime.parse(m.raw);
      const part = email.attachments.find((a) => a.mimeType === "text/calendar");
      const file = email.attachments.find((a) => a.mimeType === "application/ics");
      const text = part ? (typeof part.content === "string" ? part.content : new TextDecoder().decode(part.content)) : null;
      const calendar = text ? new ICAL.Component(ICAL.parse(text)) : null;
      const vevent = calendar?.getFirstSubcomponent("vevent") ?? null;
      return {
        to: m.to,
        raw: m.raw,
        subject: email.subject ?? "",
        method: calendar ? String(calendar.getFirstPropertyValue("method")) : null,
        partMethod: part?.method ?? null,
        file,
        uid: vevent ? String(vevent.getFirstPropertyValue("uid")) : null,
        sequence: vevent ? Number(vevent.getFirstPropertyValue("sequence")) : null,
        attendee: vevent ? String(vevent.getFirstPropertyValue("attendee")) : null,
        organizer: vevent ? String(vevent.getFirstPropertyValue("organizer")) : null,
        dtstart: vevent?.getFirstProperty("dtstart") ?? null,
        status: vevent ? String(vevent.getFirstPropertyValue("status")) : null,
      };
    }),
  );
}

async function bookedStop() {
  const a = await makeStaff(t.db, { answerGroups: ["BSU"] });
  const b = await makeStaff(t.db, { answerGroups: ["BSU"] });
  const fixture = { tourId, title: "Byalagsbesök i Mörarp", date: "2031-06-10", start: "18:00", end: "20:00", status: "confirmed" as const };
  const stopId = makeStop(t.db, leader, fixture);
  assignStaff(t.db, leader, { stopId, userId: a.id, role: "g:BSU" }, { origin: ORIGIN });
  assignStaff(t.db, leader, { stopId, userId: b.id, role: "g:BSU" }, { origin: ORIGIN });
  const addresses = t.db.$client.prepare("select id, email from users where id in (?, ?)").all(a.id, b.id) as { id: string; email: string }[];
  const mail = new Map(addresses.map((r) => [r.id, r.email]));
  return { a, b, stopId, fixture, mailA: mail.get(a.id)!, mailB: mail.get(b.id)! };
}

describe("meeting requests to booked staff", () => {
  it("book → REQUEST, move → REQUEST with the same UID and SEQUENCE 1, cancel → CANCEL with the same UID", async () => {
    const { a, b, stopId, fixture, mailA, mailB } = await bookedStop();
    const booked = await deliver();
    expect(booked.map((m) => m.to[0]).sort()).toEqual([mailA, mailB].sort());
    const first = booked.find((m) => m.to[0] === mailA)!;
    // One message per booking: "Du är bokad" is the meeting request.
    expect(first.subject).toMatch(/^Du är bokad: /);
    expect(first.method).toBe("REQUEST");
    expect(first.uid).toBe(staffInviteUid(stopId, a.id));
    expect(first.sequence).toBe(0);
    expect(first.attendee!.toLowerCase()).toBe(`mailto:${mailA}`);
    expect(first.organizer!.toLowerCase()).toBe(`mailto:${ORGANIZER}`);
    expect(first.dtstart!.getParameter("tzid")).toBe("Europe/Stockholm");
    expect(String(first.dtstart!.getFirstValue())).toBe("2031-06-10T18:00:00");
    // What Outlook needs: a text/calendar part with method=REQUEST, and the same as a file.
    expect(first.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(first.partMethod).toBe("REQUEST");
    expect(first.file?.filename).toBe("stopp.ics");
    expect(booked.find((m) => m.to[0] === mailB)!.uid).toBe(staffInviteUid(stopId, b.id));

    updateStop(t.db, leader, stopId, stopInput({ ...fixture, start: "19:00", end: "21:00" }), { origin: ORIGIN });
    const moved = await deliver();
    expect(moved.map((m) => m.to[0]).sort()).toEqual([mailA, mailB].sort());
    for (const m of moved) {
      expect(m.method).toBe("REQUEST");
      expect(m.sequence).toBe(1);
      expect(String(m.dtstart!.getFirstValue())).toBe("2031-06-10T19:00:00");
    }
    expect(moved.find((m) => m.to[0] === mailA)!.uid).toBe(first.uid);

    // A change that touches neither time, place nor title sends no update.
    updateStop(t.db, leader, stopId, stopInput({ ...fixture, start: "19:00", end: "21:00", internalNotes: "Ta med tältet" }), { origin: ORIGIN });
    expect(await deliver()).toEqual([]);

    setStopStatus(t.db, leader, stopId, "cancelled", { origin: ORIGIN });
    const cancelled = await deliver();
    expect(cancelled.map((m) => m.to[0]).sort()).toEqual([mailA, mailB].sort());
    for (const m of cancelled) {
      expect(m.method).toBe("CANCEL");
      expect(m.partMethod).toBe("CANCEL");
      expect(m.sequence).toBe(2);
      expect(m.status).toBe("CANCELLED");
    }
    expect(cancelled.find((m) => m.to[0] === mailA)!.uid).toBe(first.uid);
  });

  it("unbooking one person sends a CANCEL to that person only; a withdrawal cancels the withdrawer's", async () => {
    const { a, b, stopId, mailA, mailB } = await bookedStop();
    await deliver();
    const assignment = t.db.$client.prepare("select id from stop_assignments where stop_id = ? and user_id = ?").get(stopId, a.id) as { id: string };
    unassignStaff(t.db, leader, stopId, assignment.id, { origin: ORIGIN });
    const off = await deliver();
    expect(off).toHaveLength(1);
    expect(off[0]).toMatchObject({ to: [mailA], method: "CANCEL", uid: staffInviteUid(stopId, a.id), sequence: 1 });

    withdraw(t.db, b, stopId, new Date(), { origin: ORIGIN });
    // The tour leaders hear of the withdrawal (no calendar in that); B gets the cancellation.
    const gone = (await deliver()).filter((m) => m.method !== null);
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ to: [mailB], method: "CANCEL", uid: staffInviteUid(stopId, b.id) });
    expect(gone[0]!.subject).toMatch(/^Borttaget ur kalendern: /);
  });

  it("booked again after an unbooking: a REQUEST with a higher SEQUENCE under the same UID", async () => {
    const { a, stopId, mailA } = await bookedStop();
    await deliver();
    const assignment = t.db.$client.prepare("select id from stop_assignments where stop_id = ? and user_id = ?").get(stopId, a.id) as { id: string };
    unassignStaff(t.db, leader, stopId, assignment.id, { origin: ORIGIN });
    await deliver();
    assignStaff(t.db, leader, { stopId, userId: a.id, role: "g:BSU" }, { origin: ORIGIN });
    const again = await deliver();
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ to: [mailA], method: "REQUEST", uid: staffInviteUid(stopId, a.id), sequence: 2 });
  });
});

describe("the personal feed", () => {
  it("carries the meeting request's UID and SEQUENCE, so a subscriber sees one event", async () => {
    const { a, stopId, fixture } = await bookedStop();
    updateStop(t.db, leader, stopId, stopInput({ ...fixture, start: "19:00", end: "21:00" }), { origin: ORIGIN });
    const feed = new ICAL.Component(ICAL.parse(buildMyScheduleFeed(t.db, { id: a.id } as never, ORIGIN, { now: NOW })));
    const event = feed.getAllSubcomponents("vevent").find((e) => String(e.getFirstPropertyValue("uid")) === staffInviteUid(stopId, a.id));
    expect(event).toBeDefined();
    const invite = t.db
      .select()
      .from(calendarInvites)
      .where(eq(calendarInvites.uid, staffInviteUid(stopId, a.id)))
      .get()!;
    expect(invite.sequence).toBe(1);
    expect(Number(event!.getFirstPropertyValue("sequence"))).toBe(invite.sequence);
  });
});

/** A calendar's answer as Outlook sends it: METHOD:REPLY, the attendee with PARTSTAT. */
function replyMail(o: { uid: string; attendee: string; partstat: string; sequence: number }): string {
  const ics = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    "METHOD:REPLY",
    "BEGIN:VEVENT",
    `UID:${o.uid}`,
    `SEQUENCE:${o.sequence}`,
    "DTSTAMP:20310502T090000Z",
    "DTSTART;TZID=Europe/Stockholm:20310610T180000",
    `ORGANIZER:mailto:${ORGANIZER}`,
    `ATTENDEE;PARTSTAT=${o.partstat}:mailto:${o.attendee}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ].join("\r\n");
  return [
    `From: ${o.attendee}`,
    `To: ${ORGANIZER}`,
    "Subject: Accepterat: Byalagsbesök i Mörarp",
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Jag kommer.",
    "--b1",
    "Content-Type: text/calendar; charset=utf-8; method=REPLY",
    "",
    ics,
    "--b1--",
    "",
  ].join("\r\n");
}

describe("answers from the calendar", () => {
  it("keeps an attendee's PARTSTAT on their invitation; a stranger, an old SEQUENCE or an unknown UID change nothing", async () => {
    const { a, b, stopId, mailA, mailB } = await bookedStop();
    const uidA = staffInviteUid(stopId, a.id);
    expect(await recordCalendarReplies(t.db, replyMail({ uid: uidA, attendee: mailA, partstat: "ACCEPTED", sequence: 0 }))).toEqual([
      { uid: uidA, status: "saved", partstat: "ACCEPTED" },
    ]);
    const partstat = (uid: string) => t.db.select({ p: calendarInvites.partstat }).from(calendarInvites).where(eq(calendarInvites.uid, uid)).get()!.p;
    expect(partstat(uidA)).toBe("ACCEPTED");
    // B cannot answer for A.
    expect((await recordCalendarReplies(t.db, replyMail({ uid: uidA, attendee: mailB, partstat: "DECLINED", sequence: 0 })))[0]!.status).toBe("not-attendee");
    expect(partstat(uidA)).toBe("ACCEPTED");
    expect((await recordCalendarReplies(t.db, replyMail({ uid: "nobody@example", attendee: mailA, partstat: "DECLINED", sequence: 0 })))[0]!.status).toBe(
      "unknown",
    );
    // After a move (SEQUENCE 1), an answer to the old time is outdated.
    updateStop(
      t.db,
      leader,
      stopId,
      stopInput({ tourId, title: "Byalagsbesök i Mörarp", date: "2031-06-10", start: "19:00", end: "21:00", status: "confirmed" }),
      { origin: ORIGIN },
    );
    const uidB = staffInviteUid(stopId, b.id);
    expect((await recordCalendarReplies(t.db, replyMail({ uid: uidB, attendee: mailB, partstat: "DECLINED", sequence: 0 })))[0]!.status).toBe("outdated");
    expect(partstat(uidB)).toBeNull();
    expect((await recordCalendarReplies(t.db, replyMail({ uid: uidB, attendee: mailB.toUpperCase(), partstat: "DECLINED", sequence: 1 })))[0]!.status).toBe(
      "saved",
    );
    expect(partstat(uidB)).toBe("DECLINED");
    // The audit names the person by id, never the address.
    const audit = t.db.$client.prepare("select details from audit_log where action = 'calendar.reply'").all() as { details: string }[];
    expect(audit).toHaveLength(2);
    expect(audit.map((r) => r.details).join()).not.toContain("@");
  });
});

describe("the outbox", () => {
  it("holds one message per person and change, with the calendar's method", async () => {
    await bookedStop();
    const rows = t.db.select({ kind: outboxMessages.kind, method: outboxMessages.calendarMethod }).from(outboxMessages).all();
    expect(rows).toEqual([
      { kind: "staff-notification", method: "REQUEST" },
      { kind: "staff-notification", method: "REQUEST" },
    ]);
    // The admin reading the outbox sees and can download the meeting request as the recipient gets it.
    const admin = { id: "admin", role: "admin" } as Actor;
    const id = t.db.select({ id: outboxMessages.id }).from(outboxMessages).get()!.id;
    expect(getOutboxMessage(t.db, admin, id).attachments).toEqual([
      expect.objectContaining({ index: 0, filename: "stopp.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST" }),
    ]);
    expect(getOutboxAttachment(t.db, admin, id, 0).content.toString("utf8")).toContain("METHOD:REQUEST");
  });
});
