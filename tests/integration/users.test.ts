import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { auditLog, sessions, users, type Role } from "#db/schema";
import { seedReference } from "#db/seed/reference";
import { verifyPassword } from "~/domain/auth/passwords.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { createUserSchema, updateUserSchema } from "~/domain/users/schemas";
import { createUser, getUserById, listReferenceData, listUsers, setUserActive, updateUser, type Actor } from "~/domain/users/users.server";
import { createTestDb, type TestDb } from "../support/db";

const PASSWORD = "ett-langt-losenord";

let t: TestDb;
let admin: Actor;

beforeEach(async () => {
  t = createTestDb();
  seedReference(t.db);
  admin = { id: await createUser(t.db, null, input("Anna Admin", "anna@rullarut.example", "admin")), role: "admin" };
});
afterEach(() => t.cleanup());

function input(name: string, email: string, role: Role, groups: string[] = [], functions: string[] = []) {
  return { name, email, role, password: PASSWORD, answerGroups: groups, advisorFunctions: functions };
}

function fields(name: string, email: string, role: Role, groups: string[] = [], functions: string[] = []) {
  return { name, email, role, answerGroups: groups, advisorFunctions: functions };
}

function auditEntries(action: string, entityId: string) {
  return t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)))
    .all();
}

function userCount(): number {
  return t.db.select({ n: count() }).from(users).get()?.n ?? 0;
}

function addSession(userId: string) {
  t.db
    .insert(sessions)
    .values({ id: `session-${userId}-${Math.random()}`, userId, expiresAt: new Date(Date.now() + 86_400_000) })
    .run();
}

function sessionCount(userId: string): number {
  return t.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)).get()?.n ?? 0;
}

async function thrownBy(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

describe("createUser", () => {
  it("as admin creates the user with memberships and audits it with the admin as actor", async () => {
    const id = await createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff", ["BSU", "ASSF"], ["senior"]));
    const user = getUserById(t.db, admin, id);
    expect(user).toMatchObject({
      name: "Bo Berg",
      email: "bo@rullarut.example",
      role: "staff",
      active: true,
      answerGroups: ["ASSF", "BSU"],
      advisorFunctions: ["senior"],
    });
    const entries = auditEntries("user.create", id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorUserId).toBe(admin.id);
    expect(entries[0]!.entityType).toBe("user");
    expect(JSON.stringify(entries[0]!.details)).not.toContain(PASSWORD);
  });

  it("stores a hash the password can be checked against", async () => {
    const id = await createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff"));
    const hash = t.db.select().from(users).where(eq(users.id, id)).get()!.passwordHash;
    expect(hash).not.toBe(PASSWORD);
    expect(await verifyPassword(hash, PASSWORD)).toBe(true);
  });

  it.each(["tour_leader", "staff"] as const)("is forbidden to a %s and creates nothing", async (role) => {
    const actorId = await createUser(t.db, admin, input("Någon", "nagon@rullarut.example", role));
    const before = userCount();
    const error = await thrownBy(() => createUser(t.db, { id: actorId, role }, input("Ny", "ny@rullarut.example", "admin")));
    expect(error).toBeInstanceOf(Forbidden);
    expect(userCount()).toBe(before);
  });

  it("refuses an e-mail address already in use, naming the email field", async () => {
    await createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff"));
    const error = await thrownBy(() => createUser(t.db, admin, input("Bo Annan", "bo@rullarut.example", "staff")));
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).field).toBe("email");
    expect(userCount()).toBe(2);
  });

  it("refuses an e-mail address that differs only in case, once parsed by the form schema", async () => {
    await createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff"));
    const parsed = createUserSchema.parse({ ...input("Bo Annan", "BO@RullarUt.example", "staff") });
    const error = await thrownBy(() => createUser(t.db, admin, parsed));
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).field).toBe("email");
  });

  it("refuses an unknown answer group code", async () => {
    const error = await thrownBy(() => createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff", ["XYZ"])));
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).field).toBe("answerGroups");
    expect(userCount()).toBe(1);
  });

  it("refuses an unknown advisor function code", async () => {
    const error = await thrownBy(() => createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff", [], ["astrology"])));
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).field).toBe("advisorFunctions");
  });
});

describe("updateUser", () => {
  let staffId: string;
  beforeEach(async () => {
    staffId = await createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff", ["BSU"]));
  });

  it("as admin saves the changes and audits them with the admin as actor", async () => {
    await updateUser(t.db, admin, staffId, fields("Bo Bergström", "bo.b@rullarut.example", "tour_leader", ["BBMT"], ["consumer"]));
    expect(getUserById(t.db, admin, staffId)).toMatchObject({
      name: "Bo Bergström",
      email: "bo.b@rullarut.example",
      role: "tour_leader",
      answerGroups: ["BBMT"],
      advisorFunctions: ["consumer"],
    });
    const entries = auditEntries("user.update", staffId);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorUserId).toBe(admin.id);
    expect(entries[0]!.details).toMatchObject({ role: "tour_leader", passwordChanged: false });
  });

  it("keeps the password when none is given and changes it when one is", async () => {
    const hashOf = () => t.db.select().from(users).where(eq(users.id, staffId)).get()!.passwordHash;
    const original = hashOf();
    await updateUser(t.db, admin, staffId, fields("Bo Berg", "bo@rullarut.example", "staff", ["BSU"]));
    expect(hashOf()).toBe(original);
    await updateUser(t.db, admin, staffId, { ...fields("Bo Berg", "bo@rullarut.example", "staff", ["BSU"]), password: "ett-nytt-losenord" });
    expect(await verifyPassword(hashOf(), "ett-nytt-losenord")).toBe(true);
    expect(await verifyPassword(hashOf(), PASSWORD)).toBe(false);
    expect(auditEntries("user.update", staffId).some((e) => e.details?.passwordChanged === true)).toBe(true);
  });

  it.each(["tour_leader", "staff"] as const)("is forbidden to a %s and changes nothing", async (role) => {
    const actorId = await createUser(t.db, admin, input("Någon", "nagon@rullarut.example", role));
    const error = await thrownBy(() => updateUser(t.db, { id: actorId, role }, staffId, fields("Hackad", "bo@rullarut.example", "admin")));
    expect(error).toBeInstanceOf(Forbidden);
    expect(getUserById(t.db, admin, staffId)).toMatchObject({ name: "Bo Berg", role: "staff" });
  });

  it("refuses to take an e-mail address another user has, naming the email field", async () => {
    const error = await thrownBy(() => updateUser(t.db, admin, staffId, fields("Bo Berg", "anna@rullarut.example", "staff")));
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).field).toBe("email");
    expect(getUserById(t.db, admin, staffId).email).toBe("bo@rullarut.example");
  });

  it("lets a user keep their own e-mail address", async () => {
    await expect(updateUser(t.db, admin, staffId, fields("Bo B", "bo@rullarut.example", "staff"))).resolves.toBeUndefined();
  });

  it("refuses an unknown answer group code", async () => {
    const error = await thrownBy(() => updateUser(t.db, admin, staffId, fields("Bo Berg", "bo@rullarut.example", "staff", ["NOPE"])));
    expect(error).toBeInstanceOf(Conflict);
    expect(getUserById(t.db, admin, staffId).answerGroups).toEqual(["BSU"]);
  });

  it("answers NotFound for a user that does not exist", async () => {
    const error = await thrownBy(() => updateUser(t.db, admin, "no-such-user", fields("X Y", "x@rullarut.example", "staff")));
    expect(error).toBeInstanceOf(NotFound);
  });

  it("does not let an admin remove their own admin role", async () => {
    const error = await thrownBy(() => updateUser(t.db, admin, admin.id, fields("Anna Admin", "anna@rullarut.example", "staff")));
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).field).toBe("role");
    expect(getUserById(t.db, admin, admin.id).role).toBe("admin");
  });

  it("lets an admin edit their own name while staying admin", async () => {
    await updateUser(t.db, admin, admin.id, fields("Anna Andersson", "anna@rullarut.example", "admin"));
    expect(getUserById(t.db, admin, admin.id).name).toBe("Anna Andersson");
  });

  it("logs the user out everywhere when their role changes", async () => {
    addSession(staffId);
    addSession(staffId);
    addSession(admin.id);
    await updateUser(t.db, admin, staffId, fields("Bo Berg", "bo@rullarut.example", "tour_leader", ["BSU"]));
    expect(sessionCount(staffId)).toBe(0);
    expect(sessionCount(admin.id)).toBe(1);
  });

  it("logs the user out everywhere when their password changes", async () => {
    addSession(staffId);
    await updateUser(t.db, admin, staffId, { ...fields("Bo Berg", "bo@rullarut.example", "staff", ["BSU"]), password: "ett-nytt-losenord" });
    expect(sessionCount(staffId)).toBe(0);
  });

  it("keeps the user's sessions when only the name or memberships change", async () => {
    addSession(staffId);
    await updateUser(t.db, admin, staffId, fields("Bo Berg-Ek", "bo@rullarut.example", "staff", ["ASSF"]));
    expect(sessionCount(staffId)).toBe(1);
  });
});

describe("setUserActive", () => {
  let staffId: string;
  beforeEach(async () => {
    staffId = await createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff"));
  });

  it("as admin deactivates and reactivates, auditing each with the admin as actor", () => {
    addSession(staffId);
    setUserActive(t.db, admin, staffId, false);
    expect(getUserById(t.db, admin, staffId).active).toBe(false);
    expect(sessionCount(staffId)).toBe(0);
    setUserActive(t.db, admin, staffId, true);
    expect(getUserById(t.db, admin, staffId).active).toBe(true);
    expect(auditEntries("user.deactivate", staffId).map((e) => e.actorUserId)).toEqual([admin.id]);
    expect(auditEntries("user.activate", staffId).map((e) => e.actorUserId)).toEqual([admin.id]);
  });

  it.each(["tour_leader", "staff"] as const)("is forbidden to a %s", async (role) => {
    const actorId = await createUser(t.db, admin, input("Någon", "nagon@rullarut.example", role));
    expect(() => setUserActive(t.db, { id: actorId, role }, staffId, false)).toThrow(Forbidden);
    expect(getUserById(t.db, admin, staffId).active).toBe(true);
  });

  it("does not let an admin deactivate themselves", () => {
    addSession(admin.id);
    expect(() => setUserActive(t.db, admin, admin.id, false)).toThrow(Conflict);
    expect(getUserById(t.db, admin, admin.id).active).toBe(true);
    expect(sessionCount(admin.id)).toBe(1);
  });

  it("answers NotFound for a user that does not exist", () => {
    expect(() => setUserActive(t.db, admin, "no-such-user", false)).toThrow(NotFound);
  });
});

describe("reading users", () => {
  it("never returns the password hash from listUsers or getUserById", async () => {
    const id = await createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff", ["BSU"]));
    const list = listUsers(t.db, admin);
    expect(list.map((u) => u.email).sort()).toEqual(["anna@rullarut.example", "bo@rullarut.example"]);
    const one = getUserById(t.db, admin, id);
    for (const u of [...list, one]) {
      expect(u).not.toHaveProperty("passwordHash");
      expect(JSON.stringify(u)).not.toContain("$argon2");
    }
  });

  it("lists users by name", async () => {
    await createUser(t.db, admin, input("Örjan Ö", "orjan@rullarut.example", "staff"));
    await createUser(t.db, admin, input("Bo Berg", "bo@rullarut.example", "staff"));
    expect(listUsers(t.db, admin).map((u) => u.name)).toEqual(["Anna Admin", "Bo Berg", "Örjan Ö"]);
  });

  it.each(["tour_leader", "staff"] as const)("is forbidden to a %s", (role) => {
    expect(() => listUsers(t.db, { id: admin.id, role })).toThrow(Forbidden);
    expect(() => getUserById(t.db, { id: admin.id, role }, admin.id)).toThrow(Forbidden);
  });

  it("offers the seeded answer groups and advisor functions in their order", () => {
    const ref = listReferenceData(t.db);
    expect(ref.answerGroups.map((g) => g.code)).toEqual(["BSU", "ASSF", "BBMT"]);
    expect(ref.advisorFunctions).toHaveLength(7);
  });
});

describe("user form schemas", () => {
  it("turns a single checkbox value into a list and a missing one into an empty list", () => {
    const parsed = createUserSchema.parse({ name: "Bo Berg", email: "bo@rullarut.example", role: "staff", password: PASSWORD, answerGroups: "BSU" });
    expect(parsed.answerGroups).toEqual(["BSU"]);
    expect(parsed.advisorFunctions).toEqual([]);
  });

  it("keeps the current password when the edit form leaves it empty", () => {
    const parsed = updateUserSchema.parse({ intent: "save", name: "Bo Berg", email: "bo@rullarut.example", role: "staff" });
    expect(parsed.intent === "save" && parsed.password).toBeUndefined();
  });

  it("rejects an unknown role", () => {
    const result = createUserSchema.safeParse({ name: "Bo Berg", email: "bo@rullarut.example", role: "superuser", password: PASSWORD });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toEqual(["role"]);
    expect(result.error?.issues[0]?.message).toBe("Välj en giltig roll");
  });

  it("asks for a role in Swedish when none is chosen", () => {
    const result = createUserSchema.safeParse({ name: "Bo Berg", email: "bo@rullarut.example", password: PASSWORD });
    expect(result.error?.issues.find((i) => i.path[0] === "role")?.message).toBe("Välj roll");
  });
});

describe("the hourly flag (timanställd)", () => {
  it("is parsed from the form's checkbox, saved by create and update, and listed", async () => {
    const parsed = createUserSchema.parse({ ...input("Tim Timme", "tim@rullarut.example", "staff", ["BSU"]), hourly: "on" });
    expect(parsed.hourly).toBe(true);
    const id = await createUser(t.db, admin, parsed);
    expect(getUserById(t.db, admin, id).hourly).toBe(true);
    expect(listUsers(t.db, admin).find((u) => u.id === id)?.hourly).toBe(true);

    // An unchecked box is absent from the form: parsed as false, and the update clears the flag.
    const update = updateUserSchema.parse({ intent: "save", ...fields("Tim Timme", "tim@rullarut.example", "staff", ["BSU"]) });
    if (update.intent !== "save") throw new Error("expected save");
    expect(update.hourly).toBe(false);
    await updateUser(t.db, admin, id, update);
    expect(getUserById(t.db, admin, id).hourly).toBe(false);
    expect(auditEntries("user.update", id)[0]?.details).toMatchObject({ hourly: false });
  });

  it("defaults to not hourly for trusted callers that leave it out, and an update without it keeps it", async () => {
    const id = await createUser(t.db, null, input("Ny Person", "ny@rullarut.example", "staff"));
    expect(getUserById(t.db, admin, id).hourly).toBe(false);
    await updateUser(t.db, admin, id, { ...fields("Ny Person", "ny@rullarut.example", "staff"), hourly: true });
    await updateUser(t.db, admin, id, fields("Ny Person", "ny@rullarut.example", "staff"));
    expect(getUserById(t.db, admin, id).hourly).toBe(true);
  });
});
