/**
 * Single sign-on with OpenID Connect (issue 17, ADR 036): the authorization code flow with PKCE
 * through openid-client, against the municipality's Entra ID or any OIDC provider.
 *
 * - startOidcLogin keeps the PKCE verifier and nonce in oidc_logins (under the SHA-256 of the
 *   state) and sends the browser to the provider.
 * - finishOidcLogin takes that row once, exchanges the code (openid-client checks state, nonce,
 *   issuer, audience and signature), and signs the account in with signInWithClaims.
 * - signInWithClaims finds the user by the provider's (issuer, subject), else by e-mail, else
 *   creates a staff member; OIDC_ROLE_MAP may set the role from a group claim at each login.
 */
import { createHash } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import * as client from "openid-client";
import type { Role } from "#db/enums";
import { oidcLogins, userIdentities, users } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { getEnv, isLoopback, type Env } from "~/env.server";
import { NO_PASSWORD } from "./passwords.server";

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  /** "Logga in med {name}". */
  name: string;
  scopes: string;
  roleClaim: string | null;
  roleMap: Record<string, Role>;
};

/** The single sign-on settings, or null when OIDC_ISSUER is not set. */
export function oidcSettings(env: Env = getEnv()): OidcSettings | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID) return null;
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET ?? null,
    name: env.OIDC_NAME,
    scopes: env.OIDC_SCOPES.split(/\s+/).includes("openid") ? env.OIDC_SCOPES : `openid ${env.OIDC_SCOPES}`,
    roleClaim: env.OIDC_ROLE_CLAIM ?? null,
    roleMap: env.OIDC_ROLE_MAP ?? {},
  };
}

/** Whether the password form is offered and accepted. */
export function passwordLoginEnabled(env: Env = getEnv()): boolean {
  return env.PASSWORD_LOGIN !== "off";
}

/** Why a sign-on failed, as a code the login page turns into Swedish (never a provider's own text). */
export type OidcFailure = "unavailable" | "expired" | "denied" | "rejected" | "no_email" | "inactive";

export class OidcLoginError extends Error {
  constructor(
    readonly reason: OidcFailure,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = "OidcLoginError";
  }
}

export const OIDC_FAILURE_TEXT: Record<OidcFailure, string> = {
  unavailable: "Kommunens inloggning svarar inte just nu. Försök igen om en stund.",
  expired: "Inloggningen tog för lång tid eller har redan använts. Försök igen.",
  denied: "Inloggningen avbröts hos kommunens inloggning.",
  rejected: "Kommunens inloggning gav inte ett giltigt svar. Försök igen, och kontakta en administratör om det inte går.",
  no_email: "Kommunens inloggning skickade ingen e-postadress för ditt konto. Kontakta en administratör.",
  inactive: "Ditt konto i Rullar ut är avstängt. Kontakta en administratör.",
};

const LOGIN_TTL_MS = 10 * 60_000;
const DISCOVERY_TTL_MS = 60 * 60_000;
const TIMEOUT_MS = 10_000;

let discovered: { key: string; at: number; config: Promise<client.Configuration> } | null = null;

/** The provider's metadata, discovered once an hour (keys are fetched and rotated by openid-client). */
async function configuration(settings: OidcSettings, now = Date.now()): Promise<client.Configuration> {
  const key = `${settings.issuer}\n${settings.clientId}`;
  if (!discovered || discovered.key !== key || now - discovered.at > DISCOVERY_TTL_MS) {
    const auth = settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None();
    const config = client.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret ?? undefined, auth, {
      // Plain http only for a provider on this machine (tests, a developer's own); env.server refuses it otherwise in production.
      execute: isLoopback(settings.issuer) ? [client.allowInsecureRequests] : [],
      timeout: TIMEOUT_MS / 1000,
    });
    discovered = { key, at: now, config };
    // A failed discovery is not kept: the next login tries again.
    config.catch(() => {
      if (discovered?.config === config) discovered = null;
    });
  }
  try {
    return await discovered.config;
  } catch (error) {
    throw new OidcLoginError("unavailable", errorName(error));
  }
}

function errorName(error: unknown): string {
  const e = error as { name?: string; code?: string; error?: string };
  return e?.error ?? e?.code ?? e?.name ?? "error";
}

function hashState(state: string): string {
  return createHash("sha256").update(state).digest("base64url");
}

/** Where the provider sends the browser back: the same address at start and at the exchange. */
export function callbackUrl(origin: string): string {
  return `${origin}/logga-in/sso/klar`;
}

/** Starts a sign-on: returns the provider's authorization URL to redirect to. */
/** `redirectTo`: a local path, already checked (safeRedirect). */
export async function startOidcLogin(db: Db, settings: OidcSettings, input: { origin: string; redirectTo: string }, now = new Date()): Promise<URL> {
  const config = await configuration(settings, now.getTime());
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  db.transaction((tx) => {
    tx.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now)).run();
    tx.insert(oidcLogins)
      .values({ stateHash: hashState(state), codeVerifier, nonce, redirectTo: input.redirectTo, expiresAt: new Date(now.getTime() + LOGIN_TTL_MS) })
      .run();
  });
  return client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(input.origin),
    scope: settings.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
}

export type OidcClaims = { issuer: string; subject: string; email: string | null; emailVerified: boolean | null; name: string | null; groups: string[] };

/**
 * Finishes a sign-on from the provider's answer (the callback's query string): the login row is
 * taken once, the code exchanged, and the account signed in.
 */
export async function finishOidcLogin(
  db: Db,
  settings: OidcSettings,
  input: { origin: string; search: string },
  now = new Date(),
): Promise<{ userId: string; redirectTo: string; idToken: string | null }> {
  const current = new URL(callbackUrl(input.origin));
  current.search = input.search;
  const state = current.searchParams.get("state");
  if (!state) throw new OidcLoginError("expired", "no state");
  const row = db.transaction((tx) =>
    tx
      .delete(oidcLogins)
      .where(and(eq(oidcLogins.stateHash, hashState(state)), gt(oidcLogins.expiresAt, now)))
      .returning()
      .get(),
  );
  if (!row) throw new OidcLoginError("expired", "unknown state");
  if (current.searchParams.has("error")) {
    const code = current.searchParams.get("error");
    throw new OidcLoginError(code === "access_denied" || code === "login_required" ? "denied" : "rejected", code ?? undefined);
  }
  const config = await configuration(settings, now.getTime());
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: row.codeVerifier,
      expectedState: state,
      expectedNonce: row.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string } };
    // Could not reach the provider, versus an answer that failed a check.
    if (e?.name === "TypeError" || e?.name === "TimeoutError" || e?.cause?.code) throw new OidcLoginError("unavailable", errorName(error));
    throw new OidcLoginError("rejected", errorName(error));
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new OidcLoginError("rejected", "no id token");
  let claims: Record<string, unknown> = { ...idClaims };
  // Some providers (oidc-provider by default) put e-mail and groups in userinfo, not in the ID token.
  const wanted = [settings.roleClaim, "email"].filter((c): c is string => !!c);
  if (wanted.some((c) => claims[c] === undefined) && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      // The ID token's claims win; userinfo fills in what it lacks.
      claims = { ...info, ...claims };
    } catch (error) {
      throw new OidcLoginError("unavailable", errorName(error));
    }
  }
  const userId = signInWithClaims(db, settings, readClaims(idClaims.iss, claims, settings.roleClaim), now);
  return { userId, redirectTo: row.redirectTo, idToken: tokens.id_token ?? null };
}

/** The claims Rullar ut uses, read defensively (types vary between providers). */
export function readClaims(issuer: string, claims: Record<string, unknown>, roleClaim: string | null): OidcClaims {
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  const email = text(claims.email) ?? text(claims.preferred_username)?.match(/^[^@\s]+@[^@\s]+\.[^@\s]+$/)?.[0] ?? null;
  const rawGroups = roleClaim ? claims[roleClaim] : undefined;
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === "string") : typeof rawGroups === "string" ? [rawGroups] : [];
  const verified = claims.email_verified;
  return {
    issuer,
    subject: String(claims.sub),
    email: email?.toLowerCase() ?? null,
    emailVerified: typeof verified === "boolean" ? verified : verified === "true" ? true : verified === "false" ? false : null,
    name: text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(" ") || null),
    groups,
  };
}

const ROLE_RANK: Record<Role, number> = { staff: 0, tour_leader: 1, admin: 2 };

/** The highest role the user's groups map to, or null when none of them is in the map. */
export function mappedRole(groups: string[], roleMap: Record<string, Role>): Role | null {
  let best: Role | null = null;
  for (const g of groups) {
    const role = roleMap[g];
    if (role && (best === null || ROLE_RANK[role] > ROLE_RANK[best])) best = role;
  }
  return best;
}

/**
 * The Rullar ut user behind a provider account, created on first sign-on. An address the provider
 * says is unverified is not used to match an existing user (it could take over their account).
 */
export function signInWithClaims(db: Db, settings: Pick<OidcSettings, "roleMap">, claims: OidcClaims, now = new Date()): string {
  return db.transaction((tx) => {
    const linked = tx
      .select({ userId: userIdentities.userId })
      .from(userIdentities)
      .where(and(eq(userIdentities.issuer, claims.issuer), eq(userIdentities.subject, claims.subject)))
      .get();
    let userId = linked?.userId ?? null;
    const role = mappedRole(claims.groups, settings.roleMap);
    if (!userId) {
      if (!claims.email) throw new OidcLoginError("no_email");
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, claims.email)).get();
      if (existing && claims.emailVerified === false) throw new OidcLoginError("rejected", "unverified email of an existing user");
      if (existing) userId = existing.id;
      else {
        const created = tx
          .insert(users)
          .values({ name: claims.name ?? claims.email.split("@")[0]!, email: claims.email, passwordHash: NO_PASSWORD, role: role ?? "staff" })
          .returning({ id: users.id })
          .get();
        userId = created.id;
        recordAudit(tx, { actorUserId: userId, action: "user.create", entityType: "user", entityId: userId, details: { via: "oidc", role: role ?? "staff" } });
      }
      tx.insert(userIdentities).values({ issuer: claims.issuer, subject: claims.subject, userId, createdAt: now }).run();
    }
    const user = tx.select({ active: users.active, role: users.role }).from(users).where(eq(users.id, userId)).get();
    if (!user?.active) throw new OidcLoginError("inactive");
    if (role && role !== user.role) {
      tx.update(users).set({ role }).where(eq(users.id, userId)).run();
      recordAudit(tx, { actorUserId: userId, action: "user.role", entityType: "user", entityId: userId, details: { from: user.role, to: role, via: "oidc" } });
    }
    tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, userId)).run();
    tx.update(userIdentities)
      .set({ lastLoginAt: now })
      .where(and(eq(userIdentities.issuer, claims.issuer), eq(userIdentities.subject, claims.subject)))
      .run();
    recordAudit(tx, { actorUserId: userId, action: "auth.login", entityType: "user", entityId: userId, details: { via: "oidc" } });
    return userId;
  });
}

/**
 * Where the browser goes after a local logout: the provider's end-session page (RP-initiated
 * logout) when it has one, back to our login page; null when it has none or cannot be reached.
 */
export async function endSessionUrl(settings: OidcSettings, input: { origin: string; idToken: string | null }): Promise<string | null> {
  let config: client.Configuration;
  try {
    config = await configuration(settings);
  } catch {
    return null;
  }
  if (!config.serverMetadata().end_session_endpoint) return null;
  const params: Record<string, string> = { post_logout_redirect_uri: `${input.origin}/logga-in?utloggad=1` };
  if (input.idToken) params.id_token_hint = input.idToken;
  return client.buildEndSessionUrl(config, params).href;
}

/** For tests: forget the discovered provider. */
export function forgetOidcDiscovery(): void {
  discovered = null;
}
