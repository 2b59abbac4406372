/**
 * The chosen tour (issue 13, point 1) is asked on every page, by the header and the page: it is
 * kept between requests (issue 15) and still follows the user's choice, new tours and the day.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/db.server";
import { chosenTour, rememberTour } from "~/domain/tours/chosen-tour.server";
import { eq } from "drizzle-orm";
import { tours } from "#db/schema";
import { seededTestDb, type TestDb } from "../support/db";
import { demoLeader, makeTour } from "../support/fixtures";
import { statementsDuring } from "../support/statements";

let t: TestDb;
let db: Db;

beforeAll(async () => {
  t = await seededTestDb({ demo: true });
  db = t.db;
});
afterAll(() => t?.cleanup());

const tourReads = (read: () => unknown) => statementsDuring(db, /"(tours|users)"/, read);

describe("the chosen tour", () => {
  it("is read once and then kept until the tours, the user's choice or the day change", () => {
    const leader = demoLeader(db);
    const now = new Date("2027-03-01T10:00:00Z");
    const first = chosenTour(db, leader, undefined, now);
    expect(first).not.toBeNull();
    expect(tourReads(() => chosenTour(db, leader, undefined, now))).toEqual([]);

    // The user picks another tour: it is the chosen one from then on.
    const other = makeTour(db, leader, { name: "Turné för test av vald turné", startsOn: "2031-01-01", endsOn: "2031-12-31" });
    rememberTour(db, leader.id, other);
    expect(chosenTour(db, leader, undefined, now)?.id).toBe(other);

    // The tour is archived: the chosen one falls back to the season's.
    db.update(tours).set({ archivedAt: new Date() }).where(eq(tours.id, other)).run();
    expect(chosenTour(db, leader, undefined, now)?.id).toBe(first?.id);

    // Another day is read afresh.
    expect(tourReads(() => chosenTour(db, leader, undefined, new Date("2027-03-02T10:00:00Z")))).not.toEqual([]);
  });
});
