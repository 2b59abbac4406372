import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, municipalitySettings, sessions } from "#db/schema";
import { seedReference } from "#db/seed/reference";
import { closeDb } from "~/db.server";
import { createUser, setUserActive, updateUser } from "~/domain/users/users.server";
import { parseEnv } from "~/env.server";
import { endSession, findSessionUser, getUser, requireRole, requireUser, SESSION_TTL_MS, sessionCookieFor, startSession } from "~/session.server";
import { createTestDb, makeTempDir, type TestDb } from "../support/db";

// session.server reads its cookie settings (and getDb() its file) from getEnv(), which is parsed
// from process.env on first use. Point it at this file's database before any test runs.
const SECRET = "test-secret-that-is-long-enough-0123456789";
const saved = {
  DATABASE_PATH: process.env.DATABASE_PATH,
  SESSION_SECRET: process.env.SESSION_SECRET,
  BASE_URL: process.env.BASE_URL,
};

let t: TestDb;
beforeAll(() => {
  t = createTestDb();
  // A set-up install (Helsingborg's reference data); the set-up's own gate has a test below.
  seedReference(t.db);
  process.env.DATABASE_PATH = t.file;
  process.env.SESSION_SECRET = SECRET;
});
afterAll(() => {
  closeDb();
  t.cleanup();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const cookie = () => sessionCookieFor({ secureCookies: false, SESSION_SECRET: SECRET });

async function tokenOf(setCookie: string): Promise<string> {
  const token: unknown = await cookie().parse(setCookie);
  if (typeof token !== "string" || token.length === 0) throw new Error(`no token in ${setCookie}`);
  return token;
}

function requestWith(setCookie: string, url = "http://localhost/planering"): Request {
  // A browser sends back only the name=value pair.
  return new Request(url, { headers: { Cookie: setCookie.split(";")[0]! } });
}

let counter = 0;
async function newUser(role: "admin" | "tour_leader" | "staff" = "staff", groups: string[] = []) {
  counter++;
  return createUser(t.db, null, {
    name: `Testperson ${counter}`,
    email: `person${counter}@rullarut.example`,
    role,
    password: "ett-langt-losenord",
    answerGroups: groups,
    advisorFunctions: [],
  });
}

describe("startSession", () => {
  it("returns a Set-Cookie that is HttpOnly, SameSite=Lax and for the whole site", async () => {
    const setCookie = await startSession(t.db, await newUser());
    expect(setCookie).toMatch(/^rullarut_session=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(setCookie).toMatch(new RegExp(`;\\s*Max-Age=${SESSION_TTL_MS / 1000}`));
    // Local run over http: no Secure flag, or the browser would drop the cookie.
    expect(setCookie).not.toMatch(/;\s*Secure/i);
  });

  it("stores only the SHA-256 of the cookie's token, never the token itself", async () => {
    const userId = await newUser();
    const token = await tokenOf(await startSession(t.db, userId));
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits in base64url
    const rows = t.db.select().from(sessions).where(eq(sessions.userId, userId)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(token);
    expect(rows[0]!.id).toBe(createHash("sha256").update(token).digest("base64url"));
    expect(JSON.stringify(t.db.$client.prepare("select * from sessions").all())).not.toContain(token);
  });

  it("sets the session to expire after the session lifetime", async () => {
    const userId = await newUser();
    const now = new Date("2026-03-01T12:00:00Z");
    await startSession(t.db, userId, now);
    const row = t.db.select().from(sessions).where(eq(sessions.userId, userId)).get();
    expect(row?.expiresAt.getTime()).toBe(now.getTime() + SESSION_TTL_MS);
  });

  it("creates a new session id at every login", async () => {
    const userId = await newUser();
    const first = await tokenOf(await startSession(t.db, userId));
    const second = await tokenOf(await startSession(t.db, userId));
    expect(second).not.toBe(first);
    const ids = t.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).all();
    expect(new Set(ids.map((r) => r.id)).size).toBe(2);
  });
});

describe("findSessionUser", () => {
  it("finds the user, role and memberships by the token", async () => {
    const userId = await newUser("tour_leader");
    const token = await tokenOf(await startSession(t.db, userId));
    const user = findSessionUser(t.db, token);
    expect(user).toMatchObject({ id: userId, role: "tour_leader", answerGroups: [], advisorFunctions: [] });
  });

  it("does not find anyone for an unknown token", () => {
    expect(findSessionUser(t.db, "not-a-real-token")).toBeNull();
  });

  it("does not find an expired session", async () => {
    const userId = await newUser();
    const started = new Date("2026-01-01T08:00:00Z");
    const token = await tokenOf(await startSession(t.db, userId, started));
    expect(findSessionUser(t.db, token, new Date(started.getTime() + SESSION_TTL_MS - 1000))?.id).toBe(userId);
    expect(findSessionUser(t.db, token, new Date(started.getTime() + SESSION_TTL_MS + 1000))).toBeNull();
  });

  it("clears out expired sessions when someone logs in", async () => {
    const userId = await newUser();
    const started = new Date("2025-01-01T08:00:00Z");
    await startSession(t.db, userId, started);
    await startSession(t.db, await newUser(), new Date(started.getTime() + SESSION_TTL_MS + 1000));
    expect(t.db.select().from(sessions).where(eq(sessions.userId, userId)).all()).toHaveLength(0);
  });

  it("stops finding a user who is deactivated, because their sessions are deleted", async () => {
    const admin = { id: await newUser("admin"), role: "admin" as const };
    const userId = await newUser();
    const token = await tokenOf(await startSession(t.db, userId));
    expect(findSessionUser(t.db, token)?.id).toBe(userId);
    setUserActive(t.db, admin, userId, false);
    expect(t.db.select().from(sessions).where(eq(sessions.userId, userId)).all()).toHaveLength(0);
    expect(findSessionUser(t.db, token)).toBeNull();
  });

  it("stops finding a user whose role was changed", async () => {
    const admin = { id: await newUser("admin"), role: "admin" as const };
    const userId = await newUser("tour_leader");
    const token = await tokenOf(await startSession(t.db, userId));
    await updateUser(t.db, admin, userId, {
      name: "Degraderad",
      email: `degraded-${userId}@rullarut.example`,
      role: "staff",
      answerGroups: [],
      advisorFunctions: [],
    });
    expect(findSessionUser(t.db, token)).toBeNull();
  });
});

describe("the session cookie in a request", () => {
  it("gets the user from the request's cookie", async () => {
    const userId = await newUser();
    const setCookie = await startSession(t.db, userId);
    expect((await getUser(requestWith(setCookie)))?.id).toBe(userId);
  });

  it("refuses a cookie signed with another secret", async () => {
    const userId = await newUser();
    const token = await tokenOf(await startSession(t.db, userId));
    const forged = await sessionCookieFor({ secureCookies: false, SESSION_SECRET: "x".repeat(40) }).serialize(token);
    expect(await getUser(requestWith(forged))).toBeNull();
  });

  it("sends a visitor without a session to the login page, remembering where they were going", async () => {
    const thrown = await requireUser(new Request("http://localhost/planering?vecka=12")).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/logga-in?${new URLSearchParams({ redirectTo: "/planering?vecka=12" })}`);
  });

  it("answers 403 to a logged-in user without the required role", async () => {
    const setCookie = await startSession(t.db, await newUser("staff"));
    const thrown = await requireRole(requestWith(setCookie), ["admin"]).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
    const allowed = await requireRole(requestWith(setCookie), ["admin", "staff"]);
    expect(allowed.role).toBe("staff");
  });

  it("before the first set-up is done, sends a logged-in user's pages to the set-up, but not the set-up's own", async () => {
    const setCookie = await startSession(t.db, await newUser("admin"));
    t.db.update(municipalitySettings).set({ setupCompletedAt: null }).run();
    try {
      const thrown = await requireUser(requestWith(setCookie)).catch((e: unknown) => e);
      expect((thrown as Response).status).toBe(302);
      expect((thrown as Response).headers.get("Location")).toBe("/installera");
      expect((await requireUser(requestWith(setCookie, "http://localhost/installera/roller"))).role).toBe("admin");
    } finally {
      t.db.update(municipalitySettings).set({ setupCompletedAt: new Date() }).run();
    }
    expect((await requireUser(requestWith(setCookie))).role).toBe("admin");
  });

  it("on logout deletes the session, audits it and clears the cookie", async () => {
    const userId = await newUser();
    const setCookie = await startSession(t.db, userId);
    const token = await tokenOf(setCookie);
    const cleared = await endSession(requestWith(setCookie));
    expect(cleared).toMatch(/^rullarut_session=;/);
    expect(cleared).toMatch(/Max-Age=0/);
    expect(findSessionUser(t.db, token)).toBeNull();
    const logout = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.logout"), eq(auditLog.entityId, userId)))
      .all();
    expect(logout).toHaveLength(1);
  });
});

describe("cookie security settings", () => {
  it("uses the __Host- prefix and Secure when cookies must be secure", async () => {
    const setCookie = await sessionCookieFor({ secureCookies: true, SESSION_SECRET: SECRET }).serialize("abc");
    expect(setCookie).toMatch(/^__Host-rullarut_session=/);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*Path=\/(;|$)/);
    // __Host- cookies must not name a domain.
    expect(setCookie).not.toMatch(/Domain=/i);
  });

  it("requires secure cookies in production behind https, and not behind http", () => {
    const tmp = makeTempDir();
    try {
      const base = {
        NODE_ENV: "production",
        SESSION_SECRET: SECRET,
        DATABASE_PATH: path.join(tmp.dir, "prod.sqlite"),
      } as const;
      expect(parseEnv({ ...base, BASE_URL: "https://rullarut.example.se" }).secureCookies).toBe(true);
      expect(parseEnv({ ...base, BASE_URL: "http://rullarut.example.se" }).secureCookies).toBe(false);
      expect(
        parseEnv({ NODE_ENV: "development", SESSION_SECRET: SECRET, BASE_URL: "https://rullarut.example.se", DATABASE_PATH: base.DATABASE_PATH }).secureCookies,
      ).toBe(false);
    } finally {
      tmp.remove();
    }
  });
});
