import { createCookie, type Cookie } from "@remix-run/node";
import { getEnv, type Env } from "~/env.server";

/**
 * After /svar/:token the browser holds this instead of the token: a signed, short-lived,
 * HttpOnly cookie with the invitation id, sent only to /svar. The address bar, history and
 * Referer then never show the token again.
 */
export const REPLY_COOKIE_MAX_AGE_S = 2 * 60 * 60;

export function replyCookieFor(env: Pick<Env, "secureCookies" | "SESSION_SECRET">): Cookie {
  return createCookie(env.secureCookies ? "__Secure-rullarut_svar" : "rullarut_svar", {
    httpOnly: true,
    sameSite: "lax",
    path: "/svar",
    secure: env.secureCookies,
    secrets: [env.SESSION_SECRET],
    maxAge: REPLY_COOKIE_MAX_AGE_S,
  });
}

let cookie: Cookie | undefined;
export function replyCookie(): Cookie {
  cookie ??= replyCookieFor(getEnv());
  return cookie;
}

/** The invitation id the cookie carries, or null (missing, tampered or expired). */
export async function invitationIdFrom(request: Request): Promise<string | null> {
  const value: unknown = await replyCookie().parse(request.headers.get("Cookie"));
  return value && typeof value === "object" && typeof (value as { i?: unknown }).i === "string" ? (value as { i: string }).i : null;
}

export function serializeReplyCookie(invitationId: string): Promise<string> {
  return replyCookie().serialize({ i: invitationId });
}

/**
 * Headers of the reply pages (/svar/:token, its refusals, and /svar): nothing cached or indexed.
 * Referrer-Policy: no-referrer is set for every /svar path by the server (server/security.ts),
 * whose same-origin check reads Sec-Fetch-Site, so the form's POST with "Origin: null" still passes.
 */
export const REPLY_PAGE_HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } as const;

export const REPLY_FORM_HEADERS = REPLY_PAGE_HEADERS;
