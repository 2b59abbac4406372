/**
 * Typed seeding for the e2e specs: rows written straight into a database (usually the e2e server's,
 * through withE2eDb) with drizzle and the app's schema, so that a renamed column or a status the
 * schema does not know is a type error rather than a failing run. Straight rows, not the app's
 * verbs: the setup is not what a spec tests, and the verbs would add what the spec does not expect
 * (a "created" entry in the stop's history, a booking's e-mail and meeting request) or refuse what
 * it needs (a held stop in an archived tour). Each writer takes a transaction as well as the database.
 */
import { eq } from "drizzle-orm";
import { areas, stopAssignments, stopNeeds, stops, tours, userAdvisorFunctions, userAnswerGroups, users } from "#db/schema";
import type { Db } from "~/db.server";

type Writer = Pick<Db, "insert">;
type Reader = Pick<Db, "select">;

export type NewTour = typeof tours.$inferInsert;
export type NewStop = typeof stops.$inferInsert;
export type NewUser = typeof users.$inferInsert;

/** A tour (focus "" and no target tags unless given); returns its id. */
export function createTour(db: Writer, tour: NewTour): string {
  return db.insert(tours).values(tour).returning({ id: tours.id }).get().id;
}

/** A stop, a village visit in Helsingborg unless `kind`, `lat` and `lng` say otherwise; returns its id. */
export function createStop(db: Writer, stop: Omit<NewStop, "kind" | "lat" | "lng"> & Partial<Pick<NewStop, "kind" | "lat" | "lng">>): string {
  return db
    .insert(stops)
    .values({ kind: "village_visit", lat: 56.05, lng: 12.69, ...stop })
    .returning({ id: stops.id })
    .get().id;
}

/** What a stop needs of one advisor function or answer group. */
export function addNeed(db: Writer, need: typeof stopNeeds.$inferInsert): void {
  db.insert(stopNeeds).values(need).run();
}

/** A person booked on (or signed up for) a stop in one role, without the e-mail the app would send; returns its id. */
export function addAssignment(db: Writer, assignment: typeof stopAssignments.$inferInsert): string {
  return db.insert(stopAssignments).values(assignment).returning({ id: stopAssignments.id }).get().id;
}

export type Qualifications = { advisorFunctions?: string[]; answerGroups?: string[] };

/** A user with the advisor functions and answer groups given (run it in a transaction); returns the id. */
export function createUser(db: Writer, user: NewUser, qualifications: Qualifications = {}): string {
  const { id } = db.insert(users).values(user).returning({ id: users.id }).get();
  const functions = qualifications.advisorFunctions ?? [];
  const groups = qualifications.answerGroups ?? [];
  if (functions.length)
    db.insert(userAdvisorFunctions)
      .values(functions.map((functionCode) => ({ userId: id, functionCode })))
      .run();
  if (groups.length)
    db.insert(userAnswerGroups)
      .values(groups.map((groupCode) => ({ userId: id, groupCode })))
      .run();
  return id;
}

/** The id of the user with the e-mail address. Throws when there is none, so a typo fails loudly. */
export function userIdByEmail(db: Reader, email: string): string {
  const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`No user ${email} in the database.`);
  return row.id;
}

/** The id of the area with the name (the demo and test databases have the reference areas, e.g. "Mörarp"). Throws when there is none. */
export function areaIdByName(db: Reader, name: string): string {
  const row = db.select({ id: areas.id }).from(areas).where(eq(areas.name, name)).get();
  if (!row) throw new Error(`No area ${name} in the database.`);
  return row.id;
}
