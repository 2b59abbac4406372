/**
 * Small factories for tests that need tours, stops, staff and absences. They go through the real
 * verbs (createTour, createStop, createUser) where one exists, so the rows look like the app's.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { staffAbsences, users } from "#db/schema";
import type { AbsenceKind, Role } from "#db/enums";
import type { Db } from "~/db.server";
import { updateCaseSystemSettings, type CaseSystemSettingsUpdate } from "~/domain/cases/case-system.server";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { fieldQuestionSchema } from "~/domain/field/schemas";
import { stopSchema } from "~/domain/stops/schemas";
import { createStop } from "~/domain/stops/stops.server";
import { tourSchema } from "~/domain/tours/schemas";
import { createTour } from "~/domain/tours/tours.server";
import { createUser, type Actor } from "~/domain/users/users.server";

/** A demo (or test) user by e-mail, as an Actor. Throws when missing, so a typo fails loudly. */
export function actorByEmail(db: Db, email: string): Actor {
  const row = db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`No user ${email} in the test database.`);
  return row;
}

/** The demo tour leader (needs seededTestDb({ demo: true })). */
export const demoLeader = (db: Db) => actorByEmail(db, "turne@rullarut.example");

/** A user of the role, with the tests' password and no answer groups or advisor functions, created by `by` (null: at set-up). */
export async function makeUser(db: Db, role: Role, who: { name: string; email: string }, by: Actor | null = null): Promise<Actor> {
  const id = await createUser(db, by, { ...who, role, password: "ett-langt-losenord", answerGroups: [], advisorFunctions: [] });
  return { id, role };
}

// The integration tests find a seeded area the way the e2e specs do.
export { areaIdByName } from "./seed";

let tourCounter = 0;

export function makeTour(db: Db, actor: Actor, overrides: { name?: string; startsOn?: string; endsOn?: string } = {}): string {
  tourCounter += 1;
  return createTour(
    db,
    actor,
    tourSchema.parse({
      name: overrides.name ?? `Testturné ${tourCounter}`,
      startsOn: overrides.startsOn ?? "2027-01-01",
      endsOn: overrides.endsOn ?? "2031-12-31",
    }),
  );
}

export type StopFixture = {
  tourId: string;
  title?: string;
  /** Stockholm date and wall-clock times; endDate for a stop that runs past midnight. */
  date: string;
  start: string;
  end: string;
  endDate?: string;
  status?: "proposed" | "planned" | "confirmed" | "held" | "cancelled";
  kind?: string;
  venueName?: string;
  internalNotes?: string;
};

let stopCounter = 0;

/** A stop at a fixed point in Helsingborg (no area needed). */
export function makeStop(db: Db, actor: Actor, s: StopFixture): string {
  stopCounter += 1;
  return createStop(db, actor, stopInput(s, stopCounter));
}

/** The parsed stop form for a fixture, e.g. to pass to updateStop with a change. */
export function stopInput(s: StopFixture, n = 0) {
  return stopSchema.parse({
    tourId: s.tourId,
    title: s.title ?? `Teststopp ${n}`,
    kind: s.kind ?? "village_visit",
    status: s.status ?? "planned",
    lat: "56,05",
    lng: "12,69",
    venueName: s.venueName,
    internalNotes: s.internalNotes,
    startDate: s.date,
    startTime: s.start,
    endDate: s.endDate,
    endTime: s.end,
  });
}

let staffCounter = 0;

/** A staff member with the given answer groups and advisor functions. Returns the Actor. */
export async function makeStaff(db: Db, q: { name?: string; email?: string; answerGroups?: string[]; advisorFunctions?: string[] } = {}): Promise<Actor> {
  staffCounter += 1;
  const email = q.email ?? `staff${staffCounter}-${Math.random().toString(36).slice(2, 8)}@test.example`;
  const id = await createUser(db, null, {
    name: q.name ?? `Testperson ${staffCounter}`,
    email,
    role: "staff",
    password: "ett-langt-losenord",
    answerGroups: q.answerGroups ?? [],
    advisorFunctions: q.advisorFunctions ?? [],
  });
  return { id, role: "staff" };
}

/** An absence (Stockholm dates, both inclusive). */
export function addAbsence(db: Db, userId: string, startsOn: string, endsOn = startsOn, kind: AbsenceKind = "leave"): string {
  return db.insert(staffAbsences).values({ userId, kind, startsOn, endsOn }).returning({ id: staffAbsences.id }).get().id;
}

/**
 * A field question logged by the demo staff member at a stop, as the field page sends it: a
 * question about a youth centre answered on the spot unless `input` says otherwise.
 */
export function logFieldQuestion(db: Db, stopId: string, input: Record<string, unknown> = {}) {
  return recordFieldQuestion(
    db,
    actorByEmail(db, "personal@rullarut.example"),
    fieldQuestionSchema.parse({
      id: randomUUID(),
      stopId,
      loggedAt: new Date().toISOString(),
      question: "Hur söker man stöd för att starta en fritidsgård?",
      category: "f:consumer",
      topics: ["fritid", "foreningsliv"],
      answeredOnSpot: true,
      answer: "Kontakt med EU Leader-projektet.",
      ...input,
    }),
  );
}

/** The admin saves the case system (the settings row), with everything not given left empty. */
export function setCaseSystem(db: Db, settings: Partial<CaseSystemSettingsUpdate> & Pick<CaseSystemSettingsUpdate, "adapter">): void {
  updateCaseSystemSettings(db, actorByEmail(db, "admin@rullarut.example"), {
    open311BaseUrl: null,
    open311JurisdictionId: null,
    open311ServiceCodes: {},
    webhookUrl: null,
    maxAttempts: 8,
    ...settings,
  });
}
