import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, staffAbsences, stopAssignments, stops } from "#db/schema";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { absenceFormSchema } from "~/domain/staffing/absence-schemas";
import { absenceCollisions, absencePanel, addAbsence, listAbsences, removeAbsence } from "~/domain/staffing/absences.server";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop } from "~/domain/stops/stops.server";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";
import { actorByEmail } from "../support/fixtures";

let t: TestDb;
let leader: Actor;
let karin: Actor;
let eva: Actor;
let stopId: string;
let cancelledId: string;

const actor = (email: string): Actor => actorByEmail(t.db, email);

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  leader = actor("turne@rullarut.example");
  karin = actor("karin.dahl@rullarut.example");
  eva = actor("eva.sjoberg@rullarut.example");
  const tourId = createTour(
    t.db,
    leader,
    tourSchema.parse({
      name: "Frånvarotest 2034",
      startsOn: "2034-01-01",
      endsOn: "2034-12-31",
    }),
  );
  const stop = (title: string, status: string, date: string) =>
    createStop(
      t.db,
      leader,
      stopSchema.parse({
        tourId,
        title,
        kind: "other",
        status,
        venueName: "KC",
        lat: "56.04",
        lng: "12.69",
        startDate: date,
        startTime: "10:00",
        endTime: "14:00",
      }),
    );
  stopId = stop("Mässa i maj", "confirmed", "2034-05-10");
  cancelledId = stop("Inställd mässa", "cancelled", "2034-05-11");
  for (const id of [stopId, cancelledId]) {
    t.db
      .insert(stopAssignments)
      .values({
        stopId: id,
        userId: karin.id,
        functionCode: "eu_information",
        status: "confirmed",
        createdByUserId: leader.id,
      })
      .run();
  }
});
afterAll(() => t.cleanup());

describe("absenceFormSchema", () => {
  it("answers in Swedish next to the field: end before start, bad dates, a long note", () => {
    const bad = absenceFormSchema.safeParse({
      intent: "add-absence",
      kind: "vacation",
      startsOn: "2034-05-10",
      endsOn: "2034-05-09",
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues).toEqual([
      expect.objectContaining({
        path: ["endsOn"],
        message: "Sista dagen kan inte vara före första dagen",
      }),
    ]);
    const notDate = absenceFormSchema.safeParse({
      intent: "add-absence",
      kind: "vacation",
      startsOn: "10/5",
      endsOn: "2034-05-09",
    });
    expect(notDate.error!.issues[0]).toMatchObject({
      path: ["startsOn"],
      message: expect.stringContaining("ÅÅÅÅ-MM-DD"),
    });
    const noKind = absenceFormSchema.safeParse({
      intent: "add-absence",
      startsOn: "2034-05-10",
      endsOn: "2034-05-10",
    });
    expect(noKind.error!.issues[0]).toMatchObject({
      path: ["kind"],
      message: "Välj typ av frånvaro",
    });
    const longNote = absenceFormSchema.safeParse({
      intent: "add-absence",
      kind: "other",
      startsOn: "2034-05-10",
      endsOn: "2034-05-10",
      note: "x".repeat(201),
    });
    expect(longNote.error!.issues[0]).toMatchObject({
      path: ["note"],
      message: "Högst 200 tecken",
    });
    const tooLong = absenceFormSchema.safeParse({
      intent: "add-absence",
      kind: "other",
      startsOn: "2034-01-01",
      endsOn: "2035-01-02",
    });
    expect(tooLong.error!.issues[0]).toMatchObject({ path: ["endsOn"] });
    expect(
      absenceFormSchema.parse({
        intent: "add-absence",
        kind: "leave",
        startsOn: "2034-05-10",
        endsOn: "2034-05-10",
        note: "",
      }),
    ).toMatchObject({
      kind: "leave",
    });
  });
});

describe("addAbsence / removeAbsence", () => {
  it("lets a staff member add their own, warns about the bookings it collides with (not cancelled stops) and never removes them", () => {
    const { id, collisions } = addAbsence(t.db, karin, karin.id, {
      kind: "vacation",
      startsOn: "2034-05-08",
      endsOn: "2034-05-12",
      note: "Utlandsresa",
    });
    expect(collisions.map((c) => c.stopId)).toEqual([stopId]);
    expect(t.db.select().from(stopAssignments).where(eq(stopAssignments.stopId, stopId)).all()).toHaveLength(1);
    expect(
      listAbsences(t.db, karin.id, {
        now: new Date("2034-05-01T10:00:00Z"),
      }).map((a) => a.id),
    ).toContain(id);
    // The note stays out of the audit log.
    const audit = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "absence.create"), eq(auditLog.entityId, karin.id)))
      .all();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain("Utlandsresa");
    removeAbsence(t.db, karin, karin.id, id);
    expect(t.db.select().from(staffAbsences).where(eq(staffAbsences.id, id)).get()).toBeUndefined();
  });

  it("counts whole Stockholm days: an absence the day after the stop does not collide", () => {
    expect(
      absenceCollisions(t.db, karin.id, {
        startsOn: "2034-05-11",
        endsOn: "2034-05-11",
      }),
    ).toEqual([]);
    expect(
      absenceCollisions(t.db, karin.id, {
        startsOn: "2034-05-10",
        endsOn: "2034-05-10",
      }),
    ).toHaveLength(1);
  });

  it("lets the tour leader manage anyone's absences, but not one staff member another's", () => {
    const { id } = addAbsence(t.db, leader, eva.id, {
      kind: "leave",
      startsOn: "2034-06-01",
      endsOn: "2034-06-01",
    });
    expect(() =>
      addAbsence(t.db, karin, eva.id, {
        kind: "leave",
        startsOn: "2034-06-02",
        endsOn: "2034-06-02",
      }),
    ).toThrow(Forbidden);
    expect(() => removeAbsence(t.db, karin, eva.id, id)).toThrow(Forbidden);
    expect(() => absencePanel(t.db, karin, eva.id, new URL("http://x/"))).toThrow(Forbidden);
    // Scoped by person: Eva's absence cannot be removed as if it were Karin's.
    expect(() => removeAbsence(t.db, karin, karin.id, id)).toThrow(NotFound);
    removeAbsence(t.db, leader, eva.id, id);
  });

  it("refuses dates the form would refuse, when called directly", () => {
    expect(() =>
      addAbsence(t.db, karin, karin.id, {
        kind: "leave",
        startsOn: "2034-06-02",
        endsOn: "2034-06-01",
      }),
    ).toThrow(Conflict);
    expect(() =>
      addAbsence(t.db, karin, karin.id, {
        kind: "leave",
        startsOn: "2034-02-30",
        endsOn: "2034-03-01",
      }),
    ).toThrow(Conflict);
  });

  it("shows the saved absence with its collisions on the panel", () => {
    const { id } = addAbsence(t.db, karin, karin.id, {
      kind: "other",
      startsOn: "2034-05-10",
      endsOn: "2034-05-10",
    });
    const panel = absencePanel(t.db, karin, karin.id, new URL(`http://x/mitt-schema/franvaro?franvaro=${id}`), new Date("2034-05-01T10:00:00Z"));
    expect(panel.saved?.collisions.map((c) => c.title)).toEqual(["Mässa i maj"]);
    expect(panel.absences.find((a) => a.id === id)?.collisions).toBe(1);
    expect(t.db.select({ s: stops.status }).from(stops).where(eq(stops.id, cancelledId)).get()?.s).toBe("cancelled");
  });
});
