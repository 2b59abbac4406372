import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";

/** The origins the map tiles come from, for img-src: "{s}" subdomains become a wildcard. */
export function tileOrigins(tileUrl: string): string[] {
  const match = /^(https?:\/\/[^/]+)/.exec(tileUrl.replace("{s}", "*"));
  return match ? [match[1]!] : [];
}

export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
}

/**
 * `ssoOrigin`: the single sign-on provider's origin, when set (ADR 036). The logout form's answer
 * redirects there, and browsers hold a form's redirects to form-action.
 */
export function securityHeaders(options: { tileUrl: string; dev: boolean; https: boolean; ssoOrigin?: string | null }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        // Leaflet and React set inline styles; scripts stay nonce-only.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", ...tileOrigins(options.tileUrl)],
        "font-src": ["'self'"],
        "connect-src": options.dev ? ["'self'", "ws:"] : ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", ...(options.ssoOrigin ? [options.ssoOrigin] : [])],
        "frame-ancestors": ["'none'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        ...(options.dev ? {} : { "upgrade-insecure-requests": null }),
      },
    },
    // The map tiles are cross-origin images without CORP headers.
    crossOriginEmbedderPolicy: false,
    // Set by referrerPolicy() below: the reply pages need a stricter one.
    referrerPolicy: false,
    // HSTS only where the app is really served over https (BASE_URL), never on a local http run.
    strictTransportSecurity: options.https ? { maxAge: 15552000, includeSubDomains: false } : false,
    xFrameOptions: { action: "deny" },
  });
}

/**
 * strict-origin-when-cross-origin everywhere, and no-referrer on the byalag reply pages (/svar…),
 * so that nothing about an invitation leaks to another site.
 */
export function referrerPolicy(req: Request, res: Response, next: NextFunction) {
  res.setHeader("Referrer-Policy", /^\/svar(\/|$|\.data)/.test(req.path) ? "no-referrer" : "strict-origin-when-cross-origin");
  next();
}

/** The app's public origin: fixed (BASE_URL), or the running tenant's in a shared deployment. */
type OriginOption = string | null | ((res: Response) => string | null);
const originOf = (option: OriginOption, res: Response) => (typeof option === "function" ? option(res) : option);

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses any state-changing request that comes from another site: by Sec-Fetch-Site where the
 * browser sends it, else by Origin. Requests with neither (curl, server-to-server) pass; they
 * carry no ambient browser cookies of a victim.
 */
export function sameOriginOnly(options: { baseOrigin: OriginOption }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get("sec-fetch-site");
    const origin = req.get("origin");
    const ownOrigin = originOf(options.baseOrigin, res) ?? `${req.protocol}://${req.get("host")}`;
    // Fetch Metadata decides where the browser sends it: a page with Referrer-Policy no-referrer
    // (the reply pages) posts with "Origin: null" but still "Sec-Fetch-Site: same-origin".
    // Without it (older browsers), the Origin header must be our own.
    // Both must agree when both are sent: a forged or confused Sec-Fetch-Site never outweighs an
    // Origin that names another site (issue 12).
    const foreignOrigin = origin !== undefined && origin !== "null" && origin !== ownOrigin;
    const crossSite = foreignOrigin || (site !== undefined ? site !== "same-origin" && site !== "none" : origin !== undefined && origin !== ownOrigin);
    if (crossSite) {
      res.status(403).type("text/plain; charset=utf-8").send("Förbjudet: begäran kom från en annan webbplats.");
      return;
    }
    // Judged same-origin above: an opaque "null" Origin (from a no-referrer page) says nothing more,
    // and Remix's own CSRF check would refuse it with a 500.
    if (origin === "null") delete req.headers.origin;
    next();
  };
}

/**
 * With BASE_URL set, that is the app's one public address: requests are handled as if they came
 * to its host. Behind a reverse proxy that does not pass the public Host header (nginx's default
 * sends the upstream's), Remix's own CSRF check would otherwise refuse every form post with a 500.
 */
export function canonicalHost(options: { baseOrigin: OriginOption }) {
  const option = options.baseOrigin;
  const hostOf = (origin: string | null) => (origin ? new URL(origin).host : null);
  // A fixed address is parsed once; a tenant's on each request.
  const fixedHost = typeof option === "function" ? null : hostOf(option);
  return (req: Request, res: Response, next: NextFunction) => {
    const host = typeof option === "function" ? hostOf(option(res)) : fixedHost;
    if (host) {
      req.headers.host = host;
      delete req.headers["x-forwarded-host"];
    }
    next();
  };
}

/** First path segments after which the next segment is a secret, and what to log instead. */
const SECRET_AFTER: Record<string, string> = { svar: "[token]", flode: "[key]" };

/**
 * The path with anything secret-looking removed: reply tokens (/svar/…), calendar feed keys
 * (/flode/…) and every query string. Routes match case-insensitively and after percent-decoding,
 * so "/FLODE/…" and "/fl%6Fde/…" reach the feed too and must be redacted as well.
 */
export function loggablePath(url: string): string {
  const pathOnly = url.split("?")[0] ?? "";
  const segments = pathOnly.split("/");
  let first = segments[1] ?? "";
  try {
    first = decodeURIComponent(first);
  } catch {
    // malformed escapes: compare as written
  }
  const mask = SECRET_AFTER[first.toLowerCase()];
  if (mask && segments.length > 2) {
    segments[1] = first.toLowerCase();
    segments[2] = mask;
  }
  return segments.join("/");
}
