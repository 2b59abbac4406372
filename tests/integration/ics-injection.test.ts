import ICAL from "ical.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areas, calendarInvites, invitations, organizations, outboxMessages, users } from "#db/schema";
import { buildIcs } from "~/domain/calendar/ics.server";
import { buildMyScheduleFeed, buildPublicFeed, buildStaffFeed } from "~/domain/calendar/feeds.server";
import { createAndSendBatch, getReplyView, submitReply } from "~/domain/invitations/invitations.server";
import { REPLY_STRINGS } from "~/domain/invitations/i18n";
import { batchSchema, replySchemaFor } from "~/domain/invitations/schemas";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop } from "~/domain/stops/stops.server";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";

/**
 * Issue 12, point 5: a line break in a tour name or stop title must never reach a calendar as a
 * raw line break, where it would start a new property (UID:, SUMMARY:) and break every
 * subscriber's feed. Checked with an independent reader (ical.js), not by matching our own output.
 */
const EVIL = "\r\nUID:evil\r\nSUMMARY:evil";
const ORIGIN = "https://rullarut.example";
const NOW = new Date("2027-03-01T10:00:00Z");

let t: TestDb;
let leader: Actor;
let tourId: string;
let stopId: string;

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c));
  return { calendar, events };
}

/** Every content line, unfolded: a property that starts a line is one the reader will see. */
function propertyLines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, "").split("\r\n");
}

/** The calendar holds exactly the expected events, nothing injected, and its name is one line. */
function expectNoInjection(ics: string, expectedUids: string[]) {
  const { calendar, events } = parse(ics);
  expect(events.map((e) => e.uid).sort()).toEqual([...expectedUids].sort());
  expect(events.every((e) => !e.summary.startsWith("evil"))).toBe(true);
  expect(calendar.getAllProperties("uid")).toHaveLength(0);
  expect(calendar.getAllProperties("summary")).toHaveLength(0);
  const lines = propertyLines(ics);
  expect(lines.filter((l) => l === "UID:evil" || l === "SUMMARY:evil")).toEqual([]);
  expect(lines.filter((l) => /^UID:/.test(l))).toHaveLength(expectedUids.length);
  for (const name of ["x-wr-calname", "name", "x-wr-caldesc"]) {
    for (const p of calendar.getAllProperties(name)) {
      expect(String(p.getFirstValue())).not.toMatch(/[\r\n]/);
    }
  }
  return { calendar, events };
}

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  leader = t.db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, "turne@rullarut.example")).get()!;
  tourId = createTour(t.db, leader, tourSchema.parse({ name: `KC rullar ut 2027${EVIL}`, startsOn: "2027-01-01", endsOn: "2027-12-31" }));
  const areaId = t.db.select({ id: areas.id }).from(areas).where(eq(areas.name, "Mörarp")).get()!.id;
  stopId = createStop(
    t.db,
    leader,
    stopSchema.parse({
      tourId,
      title: `Byalagsbesök${EVIL}`,
      kind: "village_visit",
      status: "confirmed",
      areaId,
      startDate: "2027-05-14",
      startTime: "10:00",
      endTime: "12:00",
    }),
  );
});
afterAll(() => t.cleanup());

describe("line breaks in names and titles never reach a calendar raw", () => {
  it("the builder keeps a calendar name and description with line breaks on one line each", () => {
    const ics = buildIcs({
      name: `Namn${EVIL}`,
      description: `Beskrivning\nUID:evil2\rSUMMARY:evil`,
      events: [
        {
          uid: "a@rullarut",
          summary: `Rubrik${EVIL}`,
          startsAt: new Date("2027-05-14T08:00:00Z"),
          endsAt: new Date("2027-05-14T10:00:00Z"),
          location: `Plats${EVIL}`,
          description: `Rad ett${EVIL}`,
          url: ORIGIN,
          updatedAt: NOW,
        },
      ],
    });
    const { calendar, events } = expectNoInjection(ics, ["a@rullarut"]);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Namn UID:evil SUMMARY:evil");
    expect(String(calendar.getFirstPropertyValue("x-wr-caldesc"))).toBe("Beskrivning UID:evil2 SUMMARY:evil");
    // Event text keeps its line breaks, escaped as \n (RFC 5545, 3.3.11).
    expect(events[0]!.summary).toBe("Rubrik\nUID:evil\nSUMMARY:evil");
    expect(events[0]!.description).toBe("Rad ett\nUID:evil\nSUMMARY:evil");
  });

  it("the per-tour staff feed", () => {
    const ics = buildStaffFeed(t.db, { id: leader.id, role: leader.role }, ORIGIN, { tourId, now: NOW });
    const { calendar, events } = expectNoInjection(ics, [`${stopId}.intern@rullarut`]);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("KC rullar ut – KC rullar ut 2027 UID:evil SUMMARY:evil (intern)");
    expect(events[0]!.summary).toBe("Byalagsbesök\nUID:evil\nSUMMARY:evil");
  });

  it("the all-stops, personal and public feeds", () => {
    const staffIcs = buildStaffFeed(t.db, { id: leader.id, role: leader.role }, ORIGIN, { now: NOW });
    const staffUids = parse(staffIcs).events.map((e) => e.uid);
    expect(staffUids).toContain(`${stopId}.intern@rullarut`);
    expectNoInjection(staffIcs, staffUids);
    const publicIcs = buildPublicFeed(t.db, ORIGIN, NOW);
    const publicUids = parse(publicIcs).events.map((e) => e.uid);
    expect(publicUids).toContain(`${stopId}@rullarut`);
    expectNoInjection(publicIcs, publicUids);
    expectNoInjection(buildMyScheduleFeed(t.db, { id: leader.id, role: leader.role }, ORIGIN, { now: NOW }), []);
  });

  it("the meeting request (besok.ics) of an invitation's confirmation e-mail", () => {
    // The confirmed stop's title (and the calendar's name) comes from the organization's name.
    const org = t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "Rydebäcks Byalag")).get()!;
    t.db
      .update(organizations)
      .set({ name: `Rydebäcks Byalag${EVIL}` })
      .where(eq(organizations.id, org.id))
      .run();
    const { batchId } = createAndSendBatch(
      t.db,
      leader,
      batchSchema.parse({
        intent: "send",
        tourId,
        kind: "visit_offer",
        organizationIds: [org.id],
        times: [{ date: "2027-05-11", start: "18:30", end: "20:30" }],
        subject: "Vill ni ha besök?",
        body: "Hej {organisation}! {tid} Svara senast {sista_svarsdag}: {lank}",
        deadline: "2027-03-20",
      }),
      { origin: ORIGIN, now: NOW, tokenDays: 60 },
    );
    const inv = t.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.batchId, batchId), eq(invitations.organizationId, org.id)))
      .get()!;
    const view = getReplyView(t.db, inv.id, NOW);
    const input = replySchemaFor(REPLY_STRINGS.sv, { isVisit: true, allowOtherTime: view.allowOtherTime }).parse({
      version: String(view.version),
      answer: "yes",
      timeChoice: view.times[0]!.id,
      contactName: "Britt",
    });
    expect(submitReply(t.db, inv.id, input, { origin: ORIGIN, now: NOW })).toMatchObject({ status: "saved", answer: "yes" });
    const confirmation = t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "confirmation")).get()!;
    // The meeting request on the confirmation (issue 16): its UID is the stop's and the contact's.
    const ics = confirmation.calendarContent!;
    const invite = t.db.select().from(calendarInvites).where(eq(calendarInvites.invitationId, inv.id)).get()!;
    const { calendar, events } = expectNoInjection(ics, [invite.uid]);
    expect(events[0]!.organizer).toMatch(/^mailto:/);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Byabesök hos Rydebäcks Byalag UID:evil SUMMARY:evil");
    expect(events[0]!.startDate.toString()).toBe("2027-05-11T18:30:00");
  });
});
