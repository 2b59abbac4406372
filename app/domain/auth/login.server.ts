import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { verifyAgainstDummy, verifyPassword } from "./passwords.server";
import { isLimited, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP, recordHit } from "./rate-limit.server";

export type LoginResult = { ok: true; userId: string } | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Checks a login. Failures count per IP and per account; from the 11th failure within a
 * minute, further attempts are refused before the password is even checked.
 */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  if (isLimited(db, LOGIN_FAILURES_PER_IP, input.ip, now) || isLimited(db, LOGIN_FAILURES_PER_ACCOUNT, email, now)) {
    return { ok: false, reason: "rate_limited" };
  }
  const user = db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(eq(users.email, email))
    .get();

  let valid = false;
  if (user) valid = (await verifyPassword(user.passwordHash, input.password)) && user.active;
  else await verifyAgainstDummy(input.password);

  if (!valid || !user) {
    recordHit(db, LOGIN_FAILURES_PER_IP, input.ip, now);
    recordHit(db, LOGIN_FAILURES_PER_ACCOUNT, email, now);
    return { ok: false, reason: "invalid" };
  }
  db.transaction((tx) => {
    tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id)).run();
    recordAudit(tx, { actorUserId: user.id, action: "auth.login", entityType: "user", entityId: user.id });
  });
  return { ok: true, userId: user.id };
}
