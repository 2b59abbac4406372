import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { NO_PASSWORD, verifyAgainstDummy, verifyPassword } from "./passwords.server";
import { hitsInWindow, isLimited, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP, LOGIN_KNOWN_ADDRESS, recordHit, recordLatest } from "./rate-limit.server";

export type LoginResult = { ok: true; userId: string } | { ok: false; reason: "invalid" } | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks a login. An address with 10 failures within a minute is refused, for every account,
 * before the password is even checked. An account with 60 failures within 5 minutes (a guess
 * spread over many addresses) is refused too, except from the addresses its owner has logged in
 * from lately, so nobody can keep someone else locked out. See rate-limit.server.ts and ADR 021.
 */
export async function attemptLogin(db: Db, input: { email: string; password: string; ip: string }, now = new Date()): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  if (isLimited(db, LOGIN_FAILURES_PER_IP, input.ip, now)) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: LOGIN_FAILURES_PER_IP.windowMs / 1000 };
  }
  // A newline cannot occur in an e-mail address, so the pair's key is unambiguous.
  const knownAddress = `${email}\n${input.ip}`;
  if (isLimited(db, LOGIN_FAILURES_PER_ACCOUNT, email, now) && hitsInWindow(db, LOGIN_KNOWN_ADDRESS, knownAddress, now) === 0) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: LOGIN_FAILURES_PER_ACCOUNT.windowMs / 1000 };
  }
  const user = db.select({ id: users.id, passwordHash: users.passwordHash, active: users.active }).from(users).where(eq(users.email, email)).get();

  let valid = false;
  // An account without a password (single sign-on only) takes as long to refuse as a wrong password.
  if (user && user.passwordHash !== NO_PASSWORD) valid = (await verifyPassword(user.passwordHash, input.password)) && user.active;
  else await verifyAgainstDummy(input.password);

  if (!valid || !user) {
    recordHit(db, LOGIN_FAILURES_PER_IP, input.ip, now);
    recordHit(db, LOGIN_FAILURES_PER_ACCOUNT, email, now);
    return { ok: false, reason: "invalid" };
  }
  recordLatest(db, LOGIN_KNOWN_ADDRESS, knownAddress, now);
  db.transaction((tx) => {
    tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id)).run();
    recordAudit(tx, { actorUserId: user.id, action: "auth.login", entityType: "user", entityId: user.id });
  });
  return { ok: true, userId: user.id };
}
