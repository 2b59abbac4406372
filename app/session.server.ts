import { isSetUp } from "~/domain/setup/setup.server";
import { openDuringSetup } from "~/domain/setup/steps";
import { createHash, randomBytes } from "node:crypto";
import type { Statement } from "better-sqlite3";
import { createCookie, redirect, type Cookie } from "@remix-run/node";
import { and, eq, gt, lt } from "drizzle-orm";
import { sessions, users, type Role } from "#db/schema";
import { getDb, type Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { PLANNER_ROLES } from "~/domain/users/roles";
import { getEnv, type Env } from "~/env.server";

/**
 * Sessions live in the database. The cookie carries a random 256-bit token, signed with
 * SESSION_SECRET; the table keeps only its SHA-256. See docs/decisions/004-sessions-in-database.md.
 */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type SessionUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  answerGroups: string[];
  advisorFunctions: string[];
};

/** The cookie's attributes. In production behind https: Secure and the __Host- prefix. */
export function sessionCookieFor(env: Pick<Env, "secureCookies" | "SESSION_SECRET">): Cookie {
  const name = env.secureCookies ? "__Host-rullarut_session" : "rullarut_session";
  return createCookie(name, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.secureCookies,
    secrets: [env.SESSION_SECRET],
    maxAge: SESSION_TTL_MS / 1000,
  });
}

let cookie: Cookie | undefined;
function sessionCookie(): Cookie {
  cookie ??= sessionCookieFor(getEnv());
  return cookie;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Starts a new session (a new id at every login) and returns its Set-Cookie header value. */
export async function startSession(db: Db, userId: string, now = new Date(), options: { oidcIdToken?: string | null } = {}): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  db.transaction((tx) => {
    tx.delete(sessions).where(lt(sessions.expiresAt, now)).run();
    tx.insert(sessions)
      .values({ id: hashToken(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS), oidcIdToken: options.oidcIdToken ?? null })
      .run();
  });
  return sessionCookie().serialize(token);
}

async function tokenFrom(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

const sessionStatements = new WeakMap<object, Statement<[string, number]>>();

/**
 * The logged-in user behind a session token, with their answer groups and advisor functions.
 * Runs on every request, so it is one prepared statement (no ORM mapping, one round trip).
 */
export function findSessionUser(db: Db, token: string, now = new Date()): SessionUser | null {
  let statement = sessionStatements.get(db.$client);
  if (!statement) {
    statement = db.$client.prepare<[string, number]>(`
      select u.id, u.name, u.email, u.role,
        (select json_group_array(group_code) from user_answer_groups where user_id = u.id) as answer_groups,
        (select json_group_array(function_code) from user_advisor_functions where user_id = u.id) as advisor_functions
      from sessions s join users u on u.id = s.user_id
      where s.id = ? and s.expires_at > ? and u.active = 1`);
    sessionStatements.set(db.$client, statement);
  }
  const row = statement.get(hashToken(token), now.getTime()) as
    { id: string; name: string; email: string; role: Role; answer_groups: string; advisor_functions: string } | undefined;
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    answerGroups: (JSON.parse(row.answer_groups) as string[]).sort(),
    advisorFunctions: (JSON.parse(row.advisor_functions) as string[]).sort(),
  };
}

// Root and page loaders of one request share the lookup.
const perRequest = new WeakMap<Request, Promise<SessionUser | null>>();

export function getUser(request: Request): Promise<SessionUser | null> {
  let pending = perRequest.get(request);
  if (!pending) {
    pending = tokenFrom(request).then((token) => (token ? findSessionUser(getDb(), token) : null));
    perRequest.set(request, pending);
  }
  return pending;
}

/** A path inside this app to come back to after login; anything else becomes "/". */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  // Browsers drop tabs and newlines and read "\" as "/", so "/\t/evil.example" would leave the site.
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  const base = "http://rullarut.invalid";
  try {
    const url = new URL(to, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  const url = new URL(request.url);
  if (!user) {
    const back = url.pathname + url.search;
    throw redirect(back === "/" ? "/logga-in" : `/logga-in?${new URLSearchParams({ redirectTo: back })}`);
  }
  requireSetUp(url);
  return user;
}

/**
 * Until the first admin has finished the set-up (/installera), every page but the set-up's own
 * leads there: the app has no municipality, contact center or lists to work with yet. Checked by
 * the root loader for every page and by requireUser for every loader and action behind a login.
 */
export function requireSetUp(url: URL): void {
  if (!openDuringSetup(url.pathname) && !isSetUp(getDb())) throw redirect("/installera");
}

/** Requires one of the roles; anyone else logged in gets 403. */
export async function requireRole(request: Request, allowed: readonly Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!allowed.includes(user.role)) {
    throw new Response("Du har inte behörighet till den här sidan.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

/** The ID token of the request's single sign-on session, for the provider's logout (ADR 036); null otherwise. */
export async function sessionIdToken(request: Request): Promise<string | null> {
  const token = await tokenFrom(request);
  if (!token) return null;
  return (
    getDb()
      .select({ idToken: sessions.oidcIdToken })
      .from(sessions)
      .where(eq(sessions.id, hashToken(token)))
      .get()?.idToken ?? null
  );
}

/** The logged-in planner (tour leader or admin); anyone else gets the 403 page (PLANNER_ROLES, roles.ts). */
export function requirePlannerUser(request: Request): Promise<SessionUser> {
  return requireRole(request, PLANNER_ROLES);
}

/** Ends the session in the database (so the old cookie is refused) and clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const token = await tokenFrom(request);
  if (token) {
    const db = getDb();
    db.transaction((tx) => {
      const row = tx
        .select({ userId: sessions.userId })
        .from(sessions)
        .where(eq(sessions.id, hashToken(token)))
        .get();
      tx.delete(sessions)
        .where(eq(sessions.id, hashToken(token)))
        .run();
      if (row) recordAudit(tx, { actorUserId: row.userId, action: "auth.logout", entityType: "user", entityId: row.userId });
    });
  }
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}
