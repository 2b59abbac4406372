import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopAssignments, stops, tours, users } from "#db/schema";
import { randomId } from "#db/id";
import { formatMinutes, hoursByTour } from "~/domain/staffing/hours.server";
import { stockholmToUtc } from "~/utils/dates";
import { seededTestDb, type TestDb } from "../support/db";

/**
 * Hand-counted:
 *   S1 held       2031-05-10 10:00–14:00 (240 min)   Ahmed BSU, Sara consumer
 *   S2 planned    2031-05-20 18:00–20:30 (150 min)   Ahmed BSU (requested), Lina ÄSSF
 *   S3 confirmed  2031-03-30 01:00–04:00 (DST night: 120 min)   Sara BBMT
 *   S4 cancelled  2031-06-01 10:00–12:00             Ahmed BSU         → not counted
 *   S5 other tour 2031-05-11 10:00–12:00             Ahmed BSU         → not counted
 * Lina is hourly.
 */
let t: TestDb;
let tourId: string;
const people: Record<string, string> = {};

function stop(tour: string, date: string, from: string, to: string, status: "planned" | "held" | "cancelled" | "confirmed") {
  const id = randomId();
  t.db
    .insert(stops)
    .values({
      id,
      tourId: tour,
      title: `Stopp ${date}`,
      kind: "other",
      lat: 56,
      lng: 12.7,
      startsAt: stockholmToUtc(date, from),
      endsAt: stockholmToUtc(date, to),
      status,
    })
    .run();
  return id;
}
function book(stopId: string, person: string, role: { functionCode?: string; groupCode?: string }, status: "requested" | "confirmed" = "confirmed") {
  t.db
    .insert(stopAssignments)
    .values({ stopId, userId: people[person]!, functionCode: role.functionCode ?? null, groupCode: role.groupCode ?? null, status })
    .run();
}

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  for (const u of t.db.select({ id: users.id, email: users.email }).from(users).all()) people[u.email.split("@")[0]!] = u.id;
  t.db.update(users).set({ hourly: true }).where(eq(users.id, people["lina.hakansson"]!)).run();
  tourId = randomId();
  const other = randomId();
  t.db
    .insert(tours)
    .values([
      { id: tourId, name: "Timturné 2031", startsOn: "2031-01-01", endsOn: "2031-12-31" },
      { id: other, name: "Annan 2031", startsOn: "2031-01-01", endsOn: "2031-12-31" },
    ])
    .run();
  const s1 = stop(tourId, "2031-05-10", "10:00", "14:00", "held");
  book(s1, "ahmed.nilsson", { groupCode: "BSU" });
  book(s1, "personal", { functionCode: "consumer" });
  const s2 = stop(tourId, "2031-05-20", "18:00", "20:30", "planned");
  book(s2, "ahmed.nilsson", { groupCode: "BSU" }, "requested");
  book(s2, "lina.hakansson", { groupCode: "ASSF" });
  const s3 = stop(tourId, "2031-03-30", "01:00", "04:00", "confirmed");
  book(s3, "personal", { groupCode: "BBMT" });
  const s4 = stop(tourId, "2031-06-01", "10:00", "12:00", "cancelled");
  book(s4, "ahmed.nilsson", { groupCode: "BSU" });
  const s5 = stop(other, "2031-05-11", "10:00", "12:00", "planned");
  book(s5, "ahmed.nilsson", { groupCode: "BSU" });
});

afterAll(() => t?.cleanup());

describe("hoursByTour", () => {
  it("sums each person's booked stops: held as worked, the rest as planned, cancelled and other tours left out", () => {
    const { people: rows } = hoursByTour(t.db, tourId);
    expect(rows.map((p) => [p.name, p.stops, p.workedMinutes, p.plannedMinutes, p.hourly])).toEqual([
      ["Ahmed Nilsson", 2, 240, 150, false],
      ["Lina Håkansson", 1, 0, 150, true],
      ["Sara Holm", 2, 240, 120, false],
    ]);
  });

  it("sums per advisor function and answer group, in the reference order", () => {
    const { roles } = hoursByTour(t.db, tourId);
    expect(roles.map((r) => [r.role, r.label, r.bookings, r.workedMinutes, r.plannedMinutes])).toEqual([
      ["f:consumer", "konsumentrådgivare", 1, 240, 0],
      ["g:BSU", "kommunvägledare BSU", 2, 240, 150],
      ["g:ASSF", "kommunvägledare ÄSSF", 1, 0, 150],
      ["g:BBMT", "kommunvägledare BBMT", 1, 0, 120],
    ]);
  });

  it("totals all and hourly staff", () => {
    expect(hoursByTour(t.db, tourId).totals).toEqual({ workedMinutes: 480, plannedMinutes: 420, hourlyWorkedMinutes: 0, hourlyPlannedMinutes: 150 });
  });

  it("is empty for a tour nobody is booked on", () => {
    const empty = randomId();
    t.db.insert(tours).values({ id: empty, name: "Tom", startsOn: "2031-01-01", endsOn: "2031-12-31" }).run();
    expect(hoursByTour(t.db, empty)).toEqual({
      people: [],
      roles: [],
      totals: { workedMinutes: 0, plannedMinutes: 0, hourlyWorkedMinutes: 0, hourlyPlannedMinutes: 0 },
    });
  });

  it("formats minutes as hours", () => {
    expect(formatMinutes(150)).toBe("2 h 30 min");
    expect(formatMinutes(120)).toBe("2 h");
    expect(formatMinutes(0)).toBe("0 h");
  });

  it("counts a stop over several days by its daily opening hours, not the nights between", () => {
    const fairTour = randomId();
    t.db.insert(tours).values({ id: fairTour, name: "Mässturné 2031", startsOn: "2031-01-01", endsOn: "2031-12-31" }).run();
    const fair = randomId();
    t.db
      .insert(stops)
      .values({
        id: fair,
        tourId: fairTour,
        title: "Mässan",
        kind: "fair",
        lat: 56,
        lng: 12.7,
        startsAt: stockholmToUtc("2031-09-10", "10:00"),
        endsAt: stockholmToUtc("2031-09-12", "16:00"),
        status: "held",
      })
      .run();
    book(fair, "ahmed.nilsson", { groupCode: "BSU" });
    // Three days of 10:00–16:00: 18 h, not the 54 h from first opening to last closing.
    expect(hoursByTour(t.db, fairTour).people.map((p) => [p.name, p.workedMinutes])).toEqual([["Ahmed Nilsson", 18 * 60]]);
  });
});
