/**
 * Issue 13, point 4: an info evening created from the invitation form (through the stops verbs, in
 * the batch's transaction, at KC's office without an area), only the chosen tour's evenings, the
 * byalag's message in the stop's internal notes, and the confirmation named for what it holds.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { areas, auditLog, invitationBatches, invitations, municipalitySettings, organizations, outboxMessages, stops } from "#db/schema";
import { Conflict } from "~/domain/errors";
import { REPLY_STRINGS } from "~/domain/invitations/i18n";
import { createAndSendBatch, getReplyView, infoEveningOptions, previewBatch, submitReply } from "~/domain/invitations/invitations.server";
import { batchSchema, NEW_EVENING, replySchemaFor } from "~/domain/invitations/schemas";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop, updateStop } from "~/domain/stops/stops.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader, makeTour } from "../support/fixtures";

const ORIGIN = "https://rullarut.example";
const NOW = new Date("2027-03-01T10:00:00Z");
const BODY = "Hej {organisation}! {tid} Svara senast {sista_svarsdag}: {lank}";

let t: TestDb;
let leader: Actor;
let tourId: string;
let otherTourId: string;
let rydebackOrgId: string;

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  leader = demoLeader(t.db);
  tourId = makeTour(t.db, leader, { name: "KC rullar ut 2027", startsOn: "2027-01-01", endsOn: "2027-12-31" });
  otherTourId = makeTour(t.db, leader, { name: "KC rullar ut 2028", startsOn: "2028-01-01", endsOn: "2028-12-31" });
  rydebackOrgId = t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, "Rydebäcks Byalag")).get()!.id;
});
afterEach(() => t.cleanup());

const newEvening = (overrides: Record<string, unknown> = {}) => ({
  title: "Informationskväll för byalagen",
  startDate: "2027-04-08",
  startTime: "18:00",
  endTime: "20:30",
  venueName: "Helsingborgs stads kontaktcenter",
  venueAddress: "Stortorget 17, 252 20 Helsingborg",
  areaId: "",
  ...overrides,
});

function eveningBatch(overrides: Record<string, unknown> = {}) {
  return {
    intent: "send",
    tourId,
    kind: "info_evening",
    stopId: NEW_EVENING,
    evening: newEvening(),
    organizationIds: [rydebackOrgId],
    subject: "Inbjudan till {organisation}",
    body: BODY,
    deadline: "2027-03-20",
    ...overrides,
  };
}

const stopsOfTour = (id: string) => t.db.select().from(stops).where(eq(stops.tourId, id)).all();

describe("a new info evening from the invitation form", () => {
  it("is created as the tour's info evening at KC's office, without an area, through the stops verbs", () => {
    const input = batchSchema.parse(eveningBatch());
    expect(input.newEvening).toMatchObject({ kind: "info_evening", tourId, title: "Informationskväll för byalagen" });
    const preview = previewBatch(t.db, leader, input);
    expect(preview.body).toContain("18:00–20:30, Helsingborgs stads kontaktcenter, Stortorget 17");
    expect(stopsOfTour(tourId)).toHaveLength(0);

    const { batchId } = createAndSendBatch(t.db, leader, input, { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const [evening] = stopsOfTour(tourId);
    const office = t.db.select().from(municipalitySettings).get()!;
    expect(evening).toMatchObject({
      kind: "info_evening",
      status: "planned",
      areaId: null,
      lat: office.officeLat,
      lng: office.officeLng,
      venueName: "Helsingborgs stads kontaktcenter",
    });
    expect(evening!.startsAt.toISOString()).toBe("2027-04-08T16:00:00.000Z");
    expect(t.db.select().from(invitationBatches).where(eq(invitationBatches.id, batchId)).get()!.stopId).toBe(evening!.id);
    expect(t.db.select().from(invitations).where(eq(invitations.batchId, batchId)).get()!.stopId).toBe(evening!.id);
    // The stops verbs wrote its history, as for a stop made on the stop form.
    const history = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, evening!.id), eq(auditLog.action, "stop.create")))
      .all();
    expect(history).toHaveLength(1);
    expect(history[0]!.actorUserId).toBe(leader.id);
  });

  it("is not created when the invitations cannot be sent: one transaction", () => {
    t.db.$client.exec("create trigger fail_send before insert on audit_log when new.action = 'invitation_batch.send' begin select raise(abort, 'boom'); end;");
    expect(() => createAndSendBatch(t.db, leader, batchSchema.parse(eveningBatch()), { origin: ORIGIN, now: NOW, tokenDays: 60 })).toThrow(/boom/);
    expect(stopsOfTour(tourId)).toHaveLength(0);
    // Nor when no organization matches.
    expect(() =>
      createAndSendBatch(t.db, leader, batchSchema.parse(eveningBatch({ organizationIds: ["finns-inte"] })), { origin: ORIGIN, now: NOW, tokenDays: 60 }),
    ).toThrow(Conflict);
    expect(stopsOfTour(tourId)).toHaveLength(0);
  });

  it("answers bad input next to the evening's fields, in Swedish", () => {
    const issues = (input: Record<string, unknown>) => {
      const parsed = batchSchema.safeParse(input);
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
    };
    expect(issues(eveningBatch({ evening: newEvening({ startDate: "2027-02-30", venueName: "" }) }))).toMatchObject({
      "evening.startDate": expect.stringMatching(/^Ange datum som ÅÅÅÅ-MM-DD/),
      "evening.venueName": "Ange lokal",
    });
    expect(issues(eveningBatch({ evening: newEvening({ startTime: "19:00", endTime: "18:00" }) }))).toMatchObject({
      "evening.endTime": "Sluttiden måste vara efter starttiden",
    });
    expect(issues(eveningBatch({ deadline: "2027-04-09" }))).toMatchObject({ deadline: "Sista svarsdag måste vara senast dagen för informationskvällen" });
    // The visit offer's "at least one time" sits at the first time's date.
    expect(issues({ ...eveningBatch(), kind: "visit_offer", stopId: undefined, times: [{ date: "", start: "18:00", end: "20:00" }] })).toMatchObject({
      "times.0.date": "Föreslå minst en tid (högst fem)",
    });
  });
});

describe("only the chosen tour's info evenings", () => {
  it("are offered, and another tour's evening is refused", () => {
    const area = t.db.select({ id: areas.id }).from(areas).where(eq(areas.name, "Rydebäck")).get()!;
    const other = createStop(
      t.db,
      leader,
      stopSchema.parse({
        tourId: otherTourId,
        title: "Kväll 2028",
        kind: "info_evening",
        status: "planned",
        areaId: area.id,
        startDate: "2028-04-08",
        startTime: "18:00",
        endTime: "20:00",
      }),
    );
    expect(infoEveningOptions(t.db, tourId, NOW)).toEqual([]);
    expect(infoEveningOptions(t.db, otherTourId, NOW).map((e) => e.id)).toEqual([other]);
    const input = batchSchema.parse(eveningBatch({ stopId: other }));
    expect(() => previewBatch(t.db, leader, input)).toThrow(Conflict);
    expect(() => createAndSendBatch(t.db, leader, input, { origin: ORIGIN, now: NOW, tokenDays: 60 })).toThrow(/turnén/);
  });
});

describe("the byalag's message", () => {
  const sv = REPLY_STRINGS.sv;
  function answer(invitationId: string, values: Record<string, unknown>) {
    const view = getReplyView(t.db, invitationId, NOW);
    const input = replySchemaFor(sv, { isVisit: view.kind === "visit_offer", allowOtherTime: view.allowOtherTime }).parse({
      version: String(view.version),
      ...values,
    });
    return submitReply(t.db, invitationId, input, { origin: ORIGIN, now: NOW });
  }

  it("is added to the info evening's internal notes, keeping the tour leader's, once; the calendar file is informationskvall.ics", () => {
    const { batchId } = createAndSendBatch(t.db, leader, batchSchema.parse(eveningBatch()), { origin: ORIGIN, now: NOW, tokenDays: 60 });
    const [evening] = stopsOfTour(tourId);
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = evening!;
    updateStop(t.db, leader, evening!.id, {
      ...fields,
      internalNotes: "Boka stora salen.",
      areaId: undefined,
      organizationId: undefined,
      venueName: fields.venueName ?? undefined,
      venueAddress: fields.venueAddress ?? undefined,
      publicDescription: undefined,
      expectedVisitors: undefined,
      actualVisitors: undefined,
      summary: undefined,
    });
    const inv = t.db.select().from(invitations).where(eq(invitations.batchId, batchId)).get()!;
    answer(inv.id, { answer: "yes", message: "Vi har ramp vid entrén", contactName: "Britt" });
    answer(inv.id, { answer: "yes", message: "Vi har ramp vid entrén", contactName: "Britt" });
    const notes = t.db.select({ notes: stops.internalNotes }).from(stops).where(eq(stops.id, evening!.id)).get()!.notes!;
    expect(notes.startsWith("Boka stora salen.\n")).toBe(true);
    expect(notes.match(/Vi har ramp vid entrén/g)).toHaveLength(1);
    expect(notes).toContain("Rydebäcks Byalag");
    const confirmation = t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "confirmation")).get()!;
    expect(confirmation.calendarFilename).toBe("informationskvall.ics");
    expect(confirmation.calendarMethod).toBe("REQUEST");
    expect(confirmation.textBody).toContain("Helsingborgs stads kontaktcenter");
    expect(confirmation.textBody).not.toContain("Helsingborg kontaktcenter");
    // The thank-you page reads the booked evening.
    expect(getReplyView(t.db, inv.id, NOW).booked).toMatchObject({ title: "Informationskväll för byalagen" });
  });

  it("reaches a visit's notes, and a second answer adds to them instead of replacing them", () => {
    const { batchId } = createAndSendBatch(
      t.db,
      leader,
      batchSchema.parse({
        intent: "send",
        tourId,
        kind: "visit_offer",
        organizationIds: [rydebackOrgId],
        times: [
          { date: "2027-05-04", start: "18:00", end: "20:00" },
          { date: "2027-05-11", start: "18:30", end: "20:30" },
        ],
        subject: "Vill ni ha besök?",
        body: BODY,
        deadline: "2027-03-20",
      }),
      { origin: ORIGIN, now: NOW, tokenDays: 60 },
    );
    const inv = t.db.select().from(invitations).where(eq(invitations.batchId, batchId)).get()!;
    const view = getReplyView(t.db, inv.id, NOW);
    const first = answer(inv.id, { answer: "yes", timeChoice: view.times[0]!.id, message: "Vi har ramp vid entrén", contactName: "Britt" }) as {
      stopId: string;
    };
    const notesOf = () => t.db.select({ notes: stops.internalNotes }).from(stops).where(eq(stops.id, first.stopId)).get()!.notes!;
    expect(notesOf()).toContain("Vi har ramp vid entrén");
    answer(inv.id, { answer: "yes", timeChoice: view.times[1]!.id, message: "Parkering bakom kyrkan", contactName: "Britt" });
    expect(notesOf()).toContain("Vi har ramp vid entrén");
    expect(notesOf()).toContain("Parkering bakom kyrkan");
    expect(getReplyView(t.db, inv.id, NOW).booked!.startsAt.toISOString()).toBe("2027-05-11T16:30:00.000Z");
    const confirmation = t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "confirmation")).get()!;
    expect(confirmation.calendarFilename).toBe("besok.ics");
  });
});
