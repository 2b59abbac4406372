import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, rateLimitHits, users } from "#db/schema";
import { DEMO_PASSWORD } from "#db/seed/demo";
import { attemptLogin } from "~/domain/auth/login.server";
import { LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP } from "~/domain/auth/rate-limit.server";
import { hashPassword, verifyPassword } from "~/domain/auth/passwords.server";
import { loginSchema, passwordSchema } from "~/domain/auth/schemas";
import { setUserActive } from "~/domain/users/users.server";
import { seededTestDb, type TestDb } from "../support/db";

const ADMIN = "admin@rullarut.example";
const STAFF = "personal@rullarut.example";
const T0 = new Date("2026-05-04T09:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

let t: TestDb;
// Only the describe blocks that touch the database get one (seeding hashes 13 demo passwords).
function withSeededDb() {
  beforeEach(async () => {
    t = await seededTestDb({ demo: true });
  });
  afterEach(() => t.cleanup());
}

function userId(email: string): string {
  const row = t.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

describe("attemptLogin", () => {
  withSeededDb();

  it("lets a demo user in with the demo password", async () => {
    const result = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: "192.0.2.1" }, T0);
    expect(result).toEqual({ ok: true, userId: userId(ADMIN) });
  });

  it("records the login time and an auth.login audit entry on success", async () => {
    await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: "192.0.2.1" }, T0);
    const id = userId(ADMIN);
    expect(t.db.select().from(users).where(eq(users.id, id)).get()?.lastLoginAt).toEqual(T0);
    const entries = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.login"), eq(auditLog.entityId, id)))
      .all();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorUserId).toBe(id);
  });

  it("refuses a wrong password", async () => {
    const result = await attemptLogin(t.db, { email: ADMIN, password: "fel-losenord-123", ip: "192.0.2.1" }, T0);
    expect(result).toEqual({ ok: false, reason: "invalid" });
    expect(t.db.select().from(users).where(eq(users.email, ADMIN)).get()?.lastLoginAt).toBeNull();
  });

  it("refuses an unknown e-mail and a deactivated user with the same answer as a wrong password", async () => {
    const wrong = await attemptLogin(t.db, { email: ADMIN, password: "fel-losenord-123", ip: "192.0.2.1" }, T0);
    const unknown = await attemptLogin(t.db, { email: "ingen@rullarut.example", password: DEMO_PASSWORD, ip: "192.0.2.2" }, T0);
    setUserActive(t.db, { id: userId(ADMIN), role: "admin" }, userId(STAFF), false);
    const deactivated = await attemptLogin(t.db, { email: STAFF, password: DEMO_PASSWORD, ip: "192.0.2.3" }, T0);
    expect(unknown).toEqual(wrong);
    expect(deactivated).toEqual(wrong);
    expect(deactivated).toEqual({ ok: false, reason: "invalid" });
  });

  it("lets a reactivated user in again", async () => {
    const admin = { id: userId(ADMIN), role: "admin" as const };
    setUserActive(t.db, admin, userId(STAFF), false);
    setUserActive(t.db, admin, userId(STAFF), true);
    const result = await attemptLogin(t.db, { email: STAFF, password: DEMO_PASSWORD, ip: "192.0.2.3" }, T0);
    expect(result.ok).toBe(true);
  });

  it("treats the e-mail address case-insensitively and ignores surrounding spaces", async () => {
    const result = await attemptLogin(t.db, { email: "  Admin@RullarUt.EXAMPLE ", password: DEMO_PASSWORD, ip: "192.0.2.1" }, T0);
    expect(result).toEqual({ ok: true, userId: userId(ADMIN) });
  });

  it("does not treat the password case-insensitively", async () => {
    const result = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD.toUpperCase(), ip: "192.0.2.1" }, T0);
    expect(result.ok).toBe(false);
  });
});

describe("login rate limits", () => {
  withSeededDb();

  const IP = "198.51.100.7";

  async function failFromIp(ip: string, times: number, at = T0) {
    const results = [];
    // Different unknown accounts, so that only the per-IP counter reaches its limit.
    for (let i = 0; i < times; i++) {
      results.push(await attemptLogin(t.db, { email: `okand${i}@example.se`, password: "fel-losenord-123", ip }, at));
    }
    return results;
  }

  it("answers the first 10 failures from one IP normally", async () => {
    const results = await failFromIp(IP, 10);
    expect(results.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
  });

  it("refuses the 11th attempt from that IP within a minute, even with the right password", async () => {
    await failFromIp(IP, 10);
    const result = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: IP }, later(30_000));
    expect(result).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 60 });
    // Refused before the password is checked: no login is recorded.
    expect(t.db.select().from(users).where(eq(users.email, ADMIN)).get()?.lastLoginAt).toBeNull();
  });

  it("still refuses just before the minute has passed", async () => {
    await failFromIp(IP, 10);
    const result = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: IP }, later(59_000));
    expect(result).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 60 });
  });

  it("lets the IP in again once the minute has passed", async () => {
    await failFromIp(IP, 10);
    const result = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: IP }, later(61_000));
    expect(result).toEqual({ ok: true, userId: userId(ADMIN) });
  });

  it("does not limit other IPs because of one IP's failures", async () => {
    await failFromIp(IP, 10);
    const result = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: "198.51.100.8" }, T0);
    expect(result.ok).toBe(true);
  });

  // Issue 12: a per-account limit of 10 a minute let anyone keep a known account locked.
  it("refuses the address that failed 10 times on an account, while the owner logs in from another", async () => {
    for (let i = 0; i < 10; i++) {
      expect(await attemptLogin(t.db, { email: ADMIN, password: "fel-losenord-123", ip: IP }, T0)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await attemptLogin(t.db, { email: ADMIN, password: "fel-losenord-123", ip: IP }, later(1000))).toMatchObject({ ok: false, reason: "rate_limited" });
    const owner = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: "198.51.100.8" }, later(1000));
    expect(owner).toEqual({ ok: true, userId: userId(ADMIN) });
  });

  it("one address alone never reaches the account's ceiling, however long it keeps guessing", async () => {
    // 10 failures a minute, the most one address gets, for as long as the account's window.
    const minutes = LOGIN_FAILURES_PER_ACCOUNT.windowMs / 60_000;
    for (let m = 0; m < minutes; m++) {
      for (let i = 0; i < LOGIN_FAILURES_PER_IP.max; i++) {
        await attemptLogin(t.db, { email: ADMIN, password: "fel-losenord-123", ip: IP }, later(m * 60_000 + 1000));
      }
      expect(await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: IP }, later(m * 60_000 + 2000))).toMatchObject({ reason: "rate_limited" });
    }
    const owner = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: "198.51.100.8" }, later(minutes * 60_000));
    expect(owner.ok).toBe(true);
  });

  it("stops a guess spread over many addresses at the account's ceiling, but not at the owner's own address", async () => {
    const OWNER_IP = "192.0.2.50";
    // The owner logged in from the office last week.
    expect((await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: OWNER_IP }, later(-7 * 24 * 3600_000))).ok).toBe(true);
    const max = LOGIN_FAILURES_PER_ACCOUNT.max;
    for (let i = 0; i < max; i++) {
      // Fewer than 10 per address, so the per-address limit never applies.
      const r = await attemptLogin(t.db, { email: ADMIN, password: "fel-losenord-123", ip: `203.0.113.${i % 30}` }, later(i * 1000));
      expect(r, `attempt ${i + 1}`).toEqual({ ok: false, reason: "invalid" });
    }
    const at = later(max * 1000);
    // The ceiling is reached: even the right password from an address the account never used is refused …
    const fromNewIp = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: "203.0.113.99" }, at);
    expect(fromNewIp).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: LOGIN_FAILURES_PER_ACCOUNT.windowMs / 1000 });
    // … also with the address in other case, which is the same account.
    expect(await attemptLogin(t.db, { email: ADMIN.toUpperCase(), password: DEMO_PASSWORD, ip: "203.0.113.98" }, at)).toMatchObject({ reason: "rate_limited" });
    // Other accounts are not affected, and the owner gets in from their usual address.
    expect((await attemptLogin(t.db, { email: STAFF, password: DEMO_PASSWORD, ip: "203.0.113.97" }, at)).ok).toBe(true);
    expect(await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: OWNER_IP }, at)).toEqual({ ok: true, userId: userId(ADMIN) });
    // Once the window has passed, every address may try again.
    const afterWindow = await attemptLogin(
      t.db,
      { email: ADMIN, password: DEMO_PASSWORD, ip: "203.0.113.99" },
      later(max * 1000 + LOGIN_FAILURES_PER_ACCOUNT.windowMs + 1000),
    );
    expect(afterWindow.ok).toBe(true);
  });

  it("an address the owner last logged in from over 30 days ago is not exempt from the ceiling", async () => {
    const OLD_IP = "192.0.2.51";
    expect((await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: OLD_IP }, later(-31 * 24 * 3600_000))).ok).toBe(true);
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT.max; i++) {
      await attemptLogin(t.db, { email: ADMIN, password: "fel-losenord-123", ip: `203.0.113.${i % 30}` }, later(i * 1000));
    }
    const result = await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: OLD_IP }, later(LOGIN_FAILURES_PER_ACCOUNT.max * 1000));
    expect(result).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("stores neither IP addresses nor e-mail addresses in clear", async () => {
    await attemptLogin(t.db, { email: ADMIN, password: "fel-losenord-123", ip: IP }, T0);
    // A login remembers the account's address (for the ceiling above), hashed too.
    await attemptLogin(t.db, { email: ADMIN, password: DEMO_PASSWORD, ip: IP }, T0);
    const hits = t.db.select().from(rateLimitHits).all();
    expect(hits.length).toBe(3);
    for (const hit of hits) {
      expect(hit.keyHash).not.toContain(IP);
      expect(hit.keyHash).not.toContain(ADMIN);
      expect(hit.keyHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });
});

describe("password storage", () => {
  withSeededDb();

  it("stores an argon2id hash (OWASP minimum parameters), never the password", async () => {
    const stored = t.db.select().from(users).where(eq(users.email, ADMIN)).get()!.passwordHash;
    expect(stored.startsWith("$argon2id$")).toBe(true);
    expect(stored).not.toBe(DEMO_PASSWORD);
    expect(stored).not.toContain(DEMO_PASSWORD);
    const params = /\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
    expect(params).not.toBeNull();
    expect(Number(params![1])).toBeGreaterThanOrEqual(19_456);
    expect(Number(params![2])).toBeGreaterThanOrEqual(2);
  });

  it("salts every hash, so the same password gives different hashes", async () => {
    const a = await hashPassword("samma-losenord-1");
    const b = await hashPassword("samma-losenord-1");
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "samma-losenord-1")).toBe(true);
    expect(await verifyPassword(b, "samma-losenord-1")).toBe(true);
    expect(await verifyPassword(a, "samma-losenord-2")).toBe(false);
  });

  it("treats a malformed stored hash as a failed check instead of crashing", async () => {
    expect(await verifyPassword("inte-en-hash", "vad-som-helst")).toBe(false);
  });
});

describe("passwordSchema", () => {
  it("accepts a 64-character passphrase", () => {
    expect(passwordSchema.safeParse("a".repeat(64)).success).toBe(true);
  });

  it("accepts exactly 10 characters", () => {
    expect(passwordSchema.safeParse("abcdefghij").success).toBe(true);
  });

  it("rejects 9 characters with a Swedish message", () => {
    const result = passwordSchema.safeParse("abcdefghi");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Lösenordet måste ha minst 10 tecken");
  });

  it("rejects passwords longer than 256 characters", () => {
    expect(passwordSchema.safeParse("a".repeat(256)).success).toBe(true);
    const result = passwordSchema.safeParse("a".repeat(257));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/högst 256 tecken/);
  });
});

describe("loginSchema", () => {
  it("lower-cases and trims the e-mail address", () => {
    const result = loginSchema.parse({ email: "  Admin@RullarUt.Example ", password: "x" });
    expect(result.email).toBe("admin@rullarut.example");
  });

  it("rejects an address that is not an e-mail address with a Swedish message", () => {
    const result = loginSchema.safeParse({ email: "inte-en-adress", password: "x" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/Ange en giltig e-postadress/);
  });
});
