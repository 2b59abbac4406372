import { and, count, eq, isNotNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { areas, auditLog, invitations, stopNeeds, stops, users } from "#db/schema";
import { Conflict, Forbidden } from "~/domain/errors";
import { mayMarkHeld } from "~/domain/stops/rules";
import { needsWithFill, setStopNeeds } from "~/domain/staffing/staffing.server";
import { stopNeedsSchema, stopSchema } from "~/domain/stops/schemas";
import {
  createStop,
  duplicateStop,
  findOverlaps,
  getStop,
  lastHeldByArea,
  listStopsBetween,
  markHeld,
  setStopStatus,
  stopHasInvitation,
  updateStop,
} from "~/domain/stops/stops.server";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import type { Actor } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";

let t: TestDb;
let leader: Actor;
let staff: Actor;
let tourId: string;
let rydeback: { id: string; lat: number; lng: number };
/** Once the stops of 15 May 2027 (10:00 Swedish time, 08:00 UTC) have begun: they may be marked held. */
const AFTER = new Date("2027-05-15T12:00:00Z");

function input(overrides: Record<string, unknown> = {}) {
  return stopSchema.parse({
    tourId,
    title: "Besök hos Rydebäcks byalag",
    kind: "village_visit",
    status: "planned",
    areaId: rydeback.id,
    startDate: "2027-05-15",
    startTime: "10:00",
    endTime: "14:00",
    internalNotes: "Intern anteckning: nyckel hos ordföranden",
    ...overrides,
  });
}

beforeEach(async () => {
  t = await seededTestDb({ demo: true });
  const byEmail = (e: string) => t.db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, e)).get()!;
  leader = byEmail("turne@rullarut.example");
  staff = byEmail("personal@rullarut.example");
  tourId = createTour(t.db, leader, tourSchema.parse({ name: "KC rullar ut 2027", startsOn: "2027-01-01", endsOn: "2027-12-31" }));
  rydeback = t.db.select({ id: areas.id, lat: areas.lat, lng: areas.lng }).from(areas).where(eq(areas.name, "Rydebäck")).get()!;
});
afterEach(() => t.cleanup());

describe("stops", () => {
  it("are stored in UTC from Swedish time and take the area's position", () => {
    const id = createStop(t.db, leader, input());
    const stop = getStop(t.db, id);
    expect(stop.startsAt.toISOString()).toBe("2027-05-15T08:00:00.000Z");
    expect(stop.endsAt.toISOString()).toBe("2027-05-15T12:00:00.000Z");
    expect([stop.lat, stop.lng]).toEqual([rydeback.lat, rydeback.lng]);
    expect(stop.areaName).toBe("Rydebäck");
  });

  it("keep the needs set in the needs editor when the stop form is saved (the form has no needs)", () => {
    const id = createStop(t.db, leader, input());
    expect(needsWithFill(t.db, id)).toEqual([]);
    setStopNeeds(t.db, leader, id, { "f:consumer": 1, "f:budget_debt": 1, "g:BBMT": 2 });
    updateStop(t.db, leader, id, input({ title: "Nytt namn", advisorFunctions: ["senior"] }));
    const needs = Object.fromEntries(needsWithFill(t.db, id).map((n) => [n.key, n.count]));
    expect(needs).toEqual({ "f:consumer": 1, "f:budget_debt": 1, "g:BBMT": 2 });
    expect(stopHasInvitation(t.db, id)).toBe(false);
  });

  it("know when their needs came from a byalag's answer to an invitation", () => {
    const answered = t.db.select({ stopId: invitations.stopId }).from(invitations).where(isNotNull(invitations.stopId)).get();
    expect(answered?.stopId).toBeTruthy();
    expect(stopHasInvitation(t.db, answered!.stopId!)).toBe(true);
  });

  it("read the needs editor's counts per role, and refuse bad counts in Swedish", () => {
    const schema = stopNeedsSchema(["f:consumer", "g:BBMT", "g:BSU"]);
    expect(schema.parse({ f_consumer: "1", g_BBMT: "2" })).toEqual({ "f:consumer": 1, "g:BBMT": 2, "g:BSU": 0 });
    const bad = schema.safeParse({ f_consumer: "1,5", g_BBMT: "21", g_BSU: "-1" });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({
      f_consumer: "Ange ett heltal mellan 0 och 20",
      g_BBMT: "Högst 20",
      g_BSU: "Antalet kan inte vara negativt",
    });
  });

  it("use a point set on the map instead of the area's", () => {
    const id = createStop(t.db, leader, input({ lat: "55,97", lng: "12,77" }));
    expect([getStop(t.db, id).lat, getStop(t.db, id).lng]).toEqual([55.97, 12.77]);
  });

  it("refuse an end before the start, in Swedish", () => {
    const parsed = stopSchema.safeParse({ ...input(), startDate: "2027-05-15", startTime: "19:00", endTime: "18:00" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("Sluttiden måste vara efter starttiden");
  });

  it("refuse a stop longer than 14 days, in Swedish", () => {
    const parsed = stopSchema.safeParse({
      tourId,
      title: "Lång mässa",
      kind: "fair",
      areaId: rydeback.id,
      startDate: "2027-05-01",
      startTime: "10:00",
      endDate: "2027-05-20",
      endTime: "14:00",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("Ett stopp kan vara högst 14 dagar");
  });

  it("can span midnight with an end date", () => {
    const id = createStop(t.db, leader, input({ startTime: "22:00", endDate: "2027-05-16", endTime: "01:00" }));
    const s = getStop(t.db, id);
    expect(s.endsAt.getTime() - s.startsAt.getTime()).toBe(3 * 3600_000);
  });

  it("may be created and changed only by planners", () => {
    expect(() => createStop(t.db, staff, input())).toThrow(Forbidden);
    const id = createStop(t.db, leader, input());
    expect(() => updateStop(t.db, staff, id, input({ title: "Kapad" }))).toThrow(Forbidden);
    expect(() => duplicateStop(t.db, staff, id)).toThrow(Forbidden);
    expect(() => markHeld(t.db, staff, id, { actualVisitors: 3 })).toThrow(Forbidden);
    expect(getStop(t.db, id).title).toBe("Besök hos Rydebäcks byalag");
  });

  it("refuse an unknown area as a conflict on that field", () => {
    const before = t.db.select({ n: count() }).from(stops).get()!.n;
    try {
      createStop(t.db, leader, input({ areaId: "finns-inte" }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Conflict);
      expect((error as Conflict).field).toBe("areaId");
    }
    expect(t.db.select({ n: count() }).from(stops).get()!.n).toBe(before);
  });

  it("duplicate as a proposal with the same time, place and needs, and no outcome", () => {
    const id = createStop(t.db, leader, input());
    setStopNeeds(t.db, leader, id, { "f:consumer": 1, "g:BBMT": 2 });
    markHeld(t.db, leader, id, { actualVisitors: 23, summary: "Trafikfrågor" }, AFTER);
    const copyId = duplicateStop(t.db, leader, id);
    const copy = getStop(t.db, copyId);
    expect(copy.title).toBe("Besök hos Rydebäcks byalag (kopia)");
    expect(copy.status).toBe("proposed");
    expect(copy.actualVisitors).toBeNull();
    expect(copy.startsAt).toEqual(getStop(t.db, id).startsAt);
    expect(Object.fromEntries(needsWithFill(t.db, copyId).map((n) => [n.key, n.count]))).toEqual({ "f:consumer": 1, "g:BBMT": 2 });
    expect(t.db.select({ n: count() }).from(stopNeeds).where(eq(stopNeeds.stopId, copyId)).get()!.n).toBe(2);
  });

  it("are not marked held before they begin, whichever way the status is set (issue 13, point 6b)", () => {
    const id = createStop(t.db, leader, input());
    const justBefore = new Date("2027-05-15T07:59:00Z");
    const heldBefore = () => markHeld(t.db, leader, id, { actualVisitors: 5 }, justBefore);
    expect(heldBefore).toThrow(Conflict);
    expect(heldBefore).toThrow("Ett stopp som inte har börjat kan inte markeras som genomfört.");
    expect(() => setStopStatus(t.db, leader, id, "held", { now: justBefore })).toThrow("Ett stopp som inte har börjat kan inte markeras som genomfört.");
    try {
      updateStop(t.db, leader, id, input({ status: "held" }), { now: justBefore });
      expect.unreachable();
    } catch (error) {
      expect((error as Conflict).field).toBe("status");
    }
    expect(getStop(t.db, id).status).toBe("planned");
    expect(
      t.db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.action, "stop.held"), eq(auditLog.entityId, id)))
        .get()!.n,
    ).toBe(0);
    // From its start it may be marked held (the tour leader can close a stop on site).
    expect(mayMarkHeld(getStop(t.db, id), new Date("2027-05-15T08:00:00Z"))).toBe(true);
    markHeld(t.db, leader, id, { actualVisitors: 5 }, new Date("2027-05-15T08:00:00Z"));
    expect(getStop(t.db, id).status).toBe("held");
  });

  it("are marked held with the number of visitors, and count as the area's last visit", () => {
    const id = createStop(t.db, leader, input());
    const earlier = lastHeldByArea(t.db).get(rydeback.id);
    expect(earlier === undefined || earlier < new Date("2027-05-15T08:00:00Z")).toBe(true);
    markHeld(t.db, leader, id, { actualVisitors: 23 }, AFTER);
    const s = getStop(t.db, id);
    expect(s.status).toBe("held");
    expect(s.actualVisitors).toBe(23);
    expect(lastHeldByArea(t.db).get(rydeback.id)?.toISOString()).toBe("2027-05-15T08:00:00.000Z");
  });

  it("warn about overlapping stops but never block them; adjacent stops do not overlap", () => {
    const a = createStop(t.db, leader, input());
    const b = createStop(t.db, leader, input({ title: "Mässa", startTime: "13:00", endTime: "16:00" }));
    const adjacent = createStop(t.db, leader, input({ title: "Efteråt", startTime: "14:00", endTime: "15:00" }));
    const stopA = getStop(t.db, a);
    expect(findOverlaps(t.db, { startsAt: stopA.startsAt, endsAt: stopA.endsAt, excludeId: a }).map((o) => o.id)).toEqual([b]);
    const stopAdj = getStop(t.db, adjacent);
    expect(findOverlaps(t.db, { startsAt: stopAdj.startsAt, endsAt: stopAdj.endsAt, excludeId: adjacent }).map((o) => o.id)).toEqual([b]);
  });

  it("write every change to the audit log with what changed, never quoting internal notes", () => {
    const id = createStop(t.db, leader, input());
    updateStop(t.db, leader, id, input({ title: "Nytt namn", internalNotes: "Intern anteckning: hemligt" }));
    const rows = t.db.select().from(auditLog).where(eq(auditLog.entityId, id)).all();
    expect(rows.map((r) => r.action).sort()).toEqual(["stop.create", "stop.update"]);
    const update = rows.find((r) => r.action === "stop.update")!;
    const changes = (update.details as { changes: Record<string, unknown[]> }).changes;
    expect(changes.title).toEqual(["Besök hos Rydebäcks byalag", "Nytt namn"]);
    expect(JSON.stringify(rows)).not.toContain("hemligt");
    expect(update.actorUserId).toBe(leader.id);
  });

  it("are listed for a calendar range by when they run", () => {
    createStop(t.db, leader, input());
    createStop(t.db, leader, input({ title: "Juni", startDate: "2027-06-02" }));
    const may = listStopsBetween(t.db, { from: new Date("2027-04-26T00:00:00Z"), to: new Date("2027-06-01T00:00:00Z") });
    expect(may.map((s) => s.title)).toEqual(["Besök hos Rydebäcks byalag"]);
  });
});
