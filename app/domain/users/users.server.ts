import { and, asc, eq, ne } from "drizzle-orm";
import { advisorFunctions, answerGroups, sessions, userAdvisorFunctions, userAnswerGroups, users, type Role } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { hashPassword } from "~/domain/auth/passwords.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { can } from "./roles";
import type { CreateUserInput, UpdateUserFields } from "./schemas";

export type Actor = { id: string; role: Role };

export type UserSummary = {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  /** Timanställd. */
  hourly: boolean;
  lastLoginAt: Date | null;
  answerGroups: string[];
  advisorFunctions: string[];
};

function requireAdmin(actor: Actor) {
  if (!can.manageUsers(actor.role)) throw new Forbidden("Bara administratörer får hantera användare.");
}

/** The answer groups and advisor functions a person can be given: the active ones. */
export function listReferenceData(db: Db) {
  return {
    answerGroups: db.select().from(answerGroups).where(eq(answerGroups.active, true)).orderBy(asc(answerGroups.sortOrder)).all(),
    advisorFunctions: db.select().from(advisorFunctions).where(eq(advisorFunctions.active, true)).orderBy(asc(advisorFunctions.sortOrder)).all(),
  };
}

export function listUsers(db: Db, actor: Actor): UserSummary[] {
  requireAdmin(actor);
  const rows = db.query.users
    .findMany({
      orderBy: [asc(users.name)],
      columns: { passwordHash: false },
      with: { answerGroups: true, advisorFunctions: true },
    })
    .sync();
  return rows.map(toSummary);
}

export function getUserById(db: Db, actor: Actor, userId: string): UserSummary {
  requireAdmin(actor);
  const row = db.query.users
    .findFirst({
      where: eq(users.id, userId),
      columns: { passwordHash: false },
      with: { answerGroups: true, advisorFunctions: true },
    })
    .sync();
  if (!row) throw new NotFound("Användaren finns inte.");
  return toSummary(row);
}

function toSummary(
  row: Omit<UserSummary, "answerGroups" | "advisorFunctions"> & {
    answerGroups: { groupCode: string }[];
    advisorFunctions: { functionCode: string }[];
  },
): UserSummary {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    active: row.active,
    hourly: row.hourly,
    lastLoginAt: row.lastLoginAt,
    answerGroups: row.answerGroups.map((g) => g.groupCode).sort(),
    advisorFunctions: row.advisorFunctions.map((f) => f.functionCode).sort(),
  };
}

function assertKnownCodes(db: Db, groups: string[], functions: string[]) {
  const ref = listReferenceData(db);
  const groupCodes = new Set(ref.answerGroups.map((g) => g.code));
  const functionCodes = new Set(ref.advisorFunctions.map((f) => f.code));
  if (groups.some((g) => !groupCodes.has(g))) throw new Conflict("Okänd svarsgrupp.", "answerGroups");
  if (functions.some((f) => !functionCodes.has(f))) throw new Conflict("Okänd rådgivarfunktion.", "advisorFunctions");
}

function assertEmailFree(db: Db, email: string, exceptUserId?: string) {
  const clash = db
    .select({ id: users.id })
    .from(users)
    .where(exceptUserId ? and(eq(users.email, email), ne(users.id, exceptUserId)) : eq(users.email, email))
    .get();
  if (clash) throw new Conflict("Det finns redan en användare med den e-postadressen.", "email");
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

function replaceMemberships(tx: Tx, userId: string, groups: string[], functions: string[]) {
  tx.delete(userAnswerGroups).where(eq(userAnswerGroups.userId, userId)).run();
  tx.delete(userAdvisorFunctions).where(eq(userAdvisorFunctions.userId, userId)).run();
  if (groups.length)
    tx.insert(userAnswerGroups)
      .values(groups.map((groupCode) => ({ userId, groupCode })))
      .run();
  if (functions.length)
    tx.insert(userAdvisorFunctions)
      .values(functions.map((functionCode) => ({ userId, functionCode })))
      .run();
}

/** Creates a user. `actor` null means a trusted command-line call (npm run user:create, seeding). */
export async function createUser(db: Db, actor: Actor | null, input: CreateUserInput): Promise<string> {
  if (actor) requireAdmin(actor);
  assertKnownCodes(db, input.answerGroups, input.advisorFunctions);
  assertEmailFree(db, input.email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    // Checked again inside the transaction: the hash above yields to other requests.
    assertEmailFree(tx as unknown as Db, input.email);
    const row = tx
      .insert(users)
      .values({ name: input.name, email: input.email, role: input.role, hourly: input.hourly ?? false, passwordHash })
      .returning({ id: users.id })
      .get();
    replaceMemberships(tx, row.id, input.answerGroups, input.advisorFunctions);
    recordAudit(tx, {
      actorUserId: actor?.id ?? null,
      action: "user.create",
      entityType: "user",
      entityId: row.id,
      details: {
        role: input.role,
        hourly: input.hourly ?? false,
        answerGroups: input.answerGroups,
        advisorFunctions: input.advisorFunctions,
      },
    });
    return row.id;
  });
}

export async function updateUser(db: Db, actor: Actor, userId: string, input: UpdateUserFields): Promise<void> {
  requireAdmin(actor);
  const existing = getUserById(db, actor, userId);
  if (existing.id === actor.id && input.role !== "admin") {
    throw new Conflict("Du kan inte ta bort din egen administratörsroll.", "role");
  }
  assertKnownCodes(db, input.answerGroups, input.advisorFunctions);
  assertEmailFree(db, input.email, userId);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  db.transaction((tx) => {
    assertEmailFree(tx as unknown as Db, input.email, userId);
    tx.update(users)
      .set({
        name: input.name,
        email: input.email,
        role: input.role,
        ...(input.hourly !== undefined ? { hourly: input.hourly } : {}),
        ...(passwordHash ? { passwordHash } : {}),
      })
      .where(eq(users.id, userId))
      .run();
    replaceMemberships(tx, userId, input.answerGroups, input.advisorFunctions);
    // A changed role or password must not leave old sessions with old powers.
    if (passwordHash || input.role !== existing.role) tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "user.update",
      entityType: "user",
      entityId: userId,
      details: {
        role: input.role,
        hourly: input.hourly ?? existing.hourly,
        answerGroups: input.answerGroups,
        advisorFunctions: input.advisorFunctions,
        passwordChanged: Boolean(passwordHash),
      },
    });
  });
}

/** Deactivating a user logs them out everywhere. */
export function setUserActive(db: Db, actor: Actor, userId: string, active: boolean): void {
  requireAdmin(actor);
  getUserById(db, actor, userId);
  if (!active && userId === actor.id) throw new Conflict("Du kan inte inaktivera ditt eget konto.");
  db.transaction((tx) => {
    tx.update(users).set({ active }).where(eq(users.id, userId)).run();
    if (!active) tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: active ? "user.activate" : "user.deactivate",
      entityType: "user",
      entityId: userId,
    });
  });
}
