/**
 * Single sign-on (issue 17, ADR 036) against a real OpenID Connect provider (oidc-provider):
 * the provider's own login page is filled in over HTTP as a browser would, and the code comes back
 * to finishOidcLogin. Nothing in the flow is stubbed.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, oidcLogins, userIdentities, users } from "#db/schema";
import { attemptLogin } from "~/domain/auth/login.server";
import {
  finishOidcLogin,
  forgetOidcDiscovery,
  mappedRole,
  OidcLoginError,
  signInWithClaims,
  startOidcLogin,
  type OidcSettings,
} from "~/domain/auth/oidc.server";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, startOidcProvider, type OidcTestProvider } from "../support/oidc-provider";
import { seededTestDb, type TestDb } from "../support/db";

const APP = "http://127.0.0.1:4999";
let provider: OidcTestProvider;
let t: TestDb;

function settings(over: Partial<OidcSettings> = {}): OidcSettings {
  return {
    issuer: provider.issuer,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    name: "kommunens konto",
    scopes: "openid email profile groups",
    roleClaim: "groups",
    roleMap: { "kc-turne": "tour_leader", "kc-admin": "admin" },
    ...over,
  };
}

/** A browser's cookie jar, just enough for the provider's interaction cookies. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Follows the provider's redirects, signs in on its login page as `login`, and returns the callback's query string. */
async function signInAtProvider(authorizationUrl: URL, login: string): Promise<string> {
  const jar = new Jar();
  let url = authorizationUrl.href;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, { headers: { Cookie: jar.header() }, redirect: "manual" });
    jar.take(response);
    const location = response.headers.get("location");
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(`${APP}/logga-in/sso/klar`)) return next.search;
      url = next.href;
      continue;
    }
    const html = await response.text();
    const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
    if (!action || !html.includes('name="login"')) throw new Error(`no login form at ${url}: ${response.status}`);
    const posted = await fetch(new URL(action, url), {
      method: "POST",
      headers: { Cookie: jar.header(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ prompt: "login", login, password: "vad-som-helst" }),
      redirect: "manual",
    });
    jar.take(posted);
    url = new URL(posted.headers.get("location")!, url).href;
  }
  throw new Error("too many redirects");
}

async function signIn(login: string, over: Partial<OidcSettings> = {}) {
  const s = settings(over);
  const authorizationUrl = await startOidcLogin(t.db, s, { origin: APP, redirectTo: "/mitt-schema" });
  const search = await signInAtProvider(authorizationUrl, login);
  return finishOidcLogin(t.db, s, { origin: APP, search });
}

beforeAll(async () => {
  provider = await startOidcProvider({ appOrigin: APP });
});
afterAll(async () => {
  await provider.close();
});
beforeEach(async () => {
  forgetOidcDiscovery();
  t = await seededTestDb({ demo: true });
});
afterEach(() => t.cleanup());

describe("single sign-on through a real OIDC provider", () => {
  it("creates a staff member at the first sign-on, and a second sign-on maps to the same user", async () => {
    const first = await signIn("anna");
    expect(first.redirectTo).toBe("/mitt-schema");
    expect(first.idToken).toMatch(/^ey/);
    const user = t.db.select().from(users).where(eq(users.id, first.userId)).get()!;
    expect(user).toMatchObject({ email: "anna@kommun.example", name: "Anna Testsson", role: "staff", active: true });
    expect(t.db.select().from(userIdentities).where(eq(userIdentities.userId, first.userId)).all()).toEqual([
      expect.objectContaining({ issuer: provider.issuer, subject: "anna" }),
    ]);

    const second = await signIn("anna");
    expect(second.userId).toBe(first.userId);
    expect(t.db.select().from(users).where(eq(users.email, "anna@kommun.example")).all()).toHaveLength(1);
    const logins = t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.login"), eq(auditLog.entityId, first.userId)))
      .all();
    expect(logins).toHaveLength(2);
    // The PKCE verifier and nonce were used once and are gone.
    expect(t.db.select().from(oidcLogins).all()).toHaveLength(0);
  });

  it("an existing user is found by e-mail at the first sign-on, and a password cannot open an account made by sign-on", async () => {
    const before = t.db.select().from(users).where(eq(users.email, "personal@rullarut.example")).get()!;
    // The provider's account "personal" has the address personal@kommun.example: give the demo user that address.
    t.db.update(users).set({ email: "personal@kommun.example" }).where(eq(users.id, before.id)).run();
    const r = await signIn("personal");
    expect(r.userId).toBe(before.id);

    const made = await signIn("bertil");
    const login = await attemptLogin(t.db, { email: "bertil@kommun.example", password: "!sso", ip: "127.0.0.9" });
    expect(login).toEqual({ ok: false, reason: "invalid" });
    expect(made.userId).toBeTruthy();
  });

  it("maps a group claim to a role at each sign-on", async () => {
    const r = await signIn("lena+kc-turne");
    expect(t.db.select().from(users).where(eq(users.id, r.userId)).get()!.role).toBe("tour_leader");
    const again = await signIn("lena+kc-turne", { roleMap: { "kc-turne": "admin" } });
    expect(again.userId).toBe(r.userId);
    expect(t.db.select().from(users).where(eq(users.id, r.userId)).get()!.role).toBe("admin");
  });

  it("refuses a deactivated user, a used or unknown state, and a tampered code", async () => {
    const r = await signIn("cecilia");
    t.db.update(users).set({ active: false }).where(eq(users.id, r.userId)).run();
    await expect(signIn("cecilia")).rejects.toMatchObject({ reason: "inactive" });

    const s = settings();
    const url = await startOidcLogin(t.db, s, { origin: APP, redirectTo: "/" });
    const search = await signInAtProvider(url, "david");
    await finishOidcLogin(t.db, s, { origin: APP, search });
    // The same answer again: its state was used.
    await expect(finishOidcLogin(t.db, s, { origin: APP, search })).rejects.toMatchObject({ reason: "expired" });
    await expect(finishOidcLogin(t.db, s, { origin: APP, search: "?code=x&state=never-issued" })).rejects.toMatchObject({ reason: "expired" });

    const url2 = await startOidcLogin(t.db, s, { origin: APP, redirectTo: "/" });
    const good = new URLSearchParams(await signInAtProvider(url2, "david"));
    good.set("code", `${good.get("code")}x`);
    await expect(finishOidcLogin(t.db, s, { origin: APP, search: `?${good}` })).rejects.toMatchObject({ reason: "rejected" });

    const url3 = await startOidcLogin(t.db, s, { origin: APP, redirectTo: "/" });
    const denied = `?error=access_denied&state=${url3.searchParams.get("state")}`;
    await expect(finishOidcLogin(t.db, s, { origin: APP, search: denied })).rejects.toMatchObject({ reason: "denied" });
  });

  it("a state older than ten minutes is refused", async () => {
    const s = settings();
    const past = new Date(Date.now() - 11 * 60_000);
    const url = await startOidcLogin(t.db, s, { origin: APP, redirectTo: "/" }, past);
    const search = await signInAtProvider(url, "erik");
    await expect(finishOidcLogin(t.db, s, { origin: APP, search })).rejects.toBeInstanceOf(OidcLoginError);
  });

  it("a provider that cannot be reached gives 'unavailable', not a crash", async () => {
    await expect(startOidcLogin(t.db, settings({ issuer: "http://127.0.0.1:9" }), { origin: APP, redirectTo: "/" })).rejects.toMatchObject({
      reason: "unavailable",
    });
  });
});

describe("accounts from claims", () => {
  it("an unverified address does not take over an existing user", () => {
    expect(() =>
      signInWithClaims(
        t.db,
        { roleMap: {} },
        { issuer: "https://idp.example", subject: "x1", email: "admin@rullarut.example", emailVerified: false, name: null, groups: [] },
      ),
    ).toThrow(OidcLoginError);
    expect(t.db.select().from(userIdentities).all()).toHaveLength(0);
  });

  it("the subject keeps the user when the address changes at the provider", () => {
    const a = signInWithClaims(
      t.db,
      { roleMap: {} },
      { issuer: "https://idp.example", subject: "s-42", email: "gamla@kommun.example", emailVerified: true, name: "Gun", groups: [] },
    );
    const b = signInWithClaims(
      t.db,
      { roleMap: {} },
      { issuer: "https://idp.example", subject: "s-42", email: "nya@kommun.example", emailVerified: true, name: "Gun", groups: [] },
    );
    expect(b).toBe(a);
  });

  it("the highest mapped role wins", () => {
    expect(mappedRole(["x", "kc-turne", "kc-admin"], { "kc-turne": "tour_leader", "kc-admin": "admin" })).toBe("admin");
    expect(mappedRole(["x"], { "kc-turne": "tour_leader" })).toBeNull();
  });
});
