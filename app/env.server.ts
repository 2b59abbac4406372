import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ROLES, type Role } from "#db/enums";
import { parseServiceMapText } from "~/domain/cases/case-system-schemas";
import { currentTenant, readTenantsFile, type Tenant } from "~/tenancy.server";

/**
 * The one reader of process.env. Everything the app can be configured with is here,
 * validated, with the defaults documented in README.md.
 */

const DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const DEFAULT_TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bidragsgivare';

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** OIDC_ROLE_MAP's "group=role" pairs; a Swedish message for the first bad pair. */
export function parseRoleMap(text: string): Record<string, Role> | string {
  const map: Record<string, Role> = {};
  for (const pair of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf("=");
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || !group) return `"${pair.slice(0, 40)}" ska vara grupp=roll`;
    if (!(ROLES as readonly string[]).includes(role)) return `okänd roll "${role.slice(0, 20)}" (${ROLES.join(", ")})`;
    map[group] = role as Role;
  }
  return map;
}

const schema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce
    .number({ invalid_type_error: "måste vara ett heltal" })
    .int("måste vara ett heltal")
    .min(0, "måste vara 0–65535")
    .max(65535, "måste vara 0–65535")
    .default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_PATH: z.string().min(1, "får inte vara tom").default("./data/rullarut.sqlite"),
  /** Several municipalities in one deployment (issue 19): see app/tenancy.server.ts. */
  TENANTS_FILE: z.string().min(1).optional(),
  BASE_URL: z
    .string()
    .url("måste vara en fullständig adress, t.ex. https://rullarut.kommunen.se")
    .refine((u) => /^https?:\/\//.test(u), "måste börja med http:// eller https://")
    .optional(),
  SESSION_SECRET: z.string().min(32, "måste vara minst 32 tecken").optional(),
  MAP_TILE_URL: z
    .string()
    .refine(
      (u) => /^https?:\/\/[^/]+\/.*\{z\}.*\{x\}.*\{y\}/.test(u),
      "måste vara en http(s)-adress med {z}, {x} och {y}, t.ex. https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    )
    .default(DEFAULT_TILE_URL),
  MAP_TILE_ATTRIBUTION: z.string().default(DEFAULT_TILE_ATTRIBUTION),
  DEMO_DATA: flag,
  /**
   * The demo's municipality: Helsingborg's full demo by default; any other municipality (name or
   * code, e.g. "kristinehamn") starts an empty install of its own at the set-up's first step.
   */
  DEMO_MUNICIPALITY: z.string().trim().min(2, "måste vara en kommuns namn eller kod, t.ex. kristinehamn").optional(),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  // E-mail (docs/decisions/013-email-outbox.md). SMTP_URL holds a password: never echoed.
  SMTP_URL: z
    .string()
    .refine((u) => {
      try {
        const url = new URL(u);
        return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
      } catch {
        return false;
      }
    }, "måste vara en smtp:// eller smtps://-adress, t.ex. smtp://användare:lösenord@smtp.example.se:587")
    .optional(),
  MAIL_FROM: z.string().min(3, "måste vara en avsändaradress").default("Rullar ut <no-reply@localhost>"),
  /** Where calendar answers go (the ORGANIZER of meeting requests, issue 16); default MAIL_FROM's address. */
  CALENDAR_ORGANIZER: z.string().trim().regex(/@/, "måste vara en e-postadress, t.ex. kontaktcenter@kommunen.se").optional(),
  /** The shared secret of the inbound e-mail webhook (/api/inkommande-epost) that reads calendar answers; unset = off. */
  INBOUND_MAIL_SECRET: z.string().min(24, "måste vara minst 24 tecken").optional(),
  MAIL_WORKER: z
    .enum(["0", "1", "true", "false"], { errorMap: () => ({ message: "måste vara 1 eller 0" }) })
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  MAIL_MAX_ATTEMPTS: z.coerce
    .number({ invalid_type_error: "måste vara ett heltal" })
    .int("måste vara ett heltal")
    .min(1, "måste vara 1–100")
    .max(100, "måste vara 1–100")
    .default(8),
  // Case system (issue 6, docs/decisions/017-case-delivery.md). When set, these override the admin page
  // (/admin/arendesystem). The API key and the webhook secret are never echoed.
  CASE_SYSTEM: z
    .enum(["none", "open311", "webhook", "email", "support_management"], {
      errorMap: () => ({ message: "måste vara none, open311, webhook, email eller support_management" }),
    })
    .optional(),
  // SupportManagement (Sundsvall's API, ADR 039): configured by environment only.
  CASE_SM_URL: z.string().refine(isHttpUrl, "måste vara en webbadress, t.ex. https://api.kommunen.se/supportmanagement/15.0").optional(),
  CASE_SM_MUNICIPALITY_ID: z
    .string()
    .trim()
    .regex(/^\d{4}$/, "måste vara kommunkoden, fyra siffror, t.ex. 1283")
    .optional(),
  CASE_SM_NAMESPACE: z
    .string()
    .trim()
    .regex(/^[\w-]{1,60}$/, "får bara ha bokstäver, siffror, _ och -, t.ex. CONTACTCENTER")
    .optional(),
  CASE_SM_TOKEN_URL: z.string().refine(isHttpUrl, "måste vara en webbadress").optional(),
  CASE_SM_CLIENT_ID: z.string().optional(),
  CASE_SM_CLIENT_SECRET: z.string().optional(),
  CASE_SM_CLASSIFICATION: z
    .string()
    .transform((text, ctx) => {
      const { codes, errors } = parseServiceMapText(text);
      for (const message of errors) ctx.addIssue({ code: "custom", message });
      for (const [key, value] of Object.entries(codes))
        if (!/^[^/]+\/[^/]+$/.test(value)) ctx.addIssue({ code: "custom", message: `${key}: skriv KATEGORI/TYP` });
      return codes;
    })
    .optional(),
  CASE_SM_STATUS: z.string().trim().min(1).max(60).optional(),
  CASE_SM_CLOSED_STATUSES: z.string().optional(),
  CASE_SM_CHANNEL: z.string().trim().min(1).max(255).optional(),
  CASE_SM_REPORTER: z.string().trim().min(1).max(255).optional(),
  CASE_SM_CONTACT_ROLE: z.string().trim().min(1).max(60).optional(),
  /** The case system's inbox for CASE_SYSTEM=email. */
  CASE_EMAIL_TO: z.string().trim().email("måste vara en e-postadress, t.ex. arenden@kommunen.se").optional(),
  CASE_SYSTEM_URL: z
    .string()
    .refine((u) => isHttpUrl(u), "måste vara en http(s)-adress till Open311-tjänsten, t.ex. https://open311.example.se/api/v2")
    .optional(),
  CASE_SYSTEM_API_KEY: z.string().optional(),
  CASE_SYSTEM_JURISDICTION: z.string().optional(),
  CASE_WEBHOOK_URL: z
    .string()
    .refine((u) => isHttpUrl(u), "måste vara en http(s)-adress, t.ex. https://arenden.example.se/rullarut")
    .optional(),
  CASE_WEBHOOK_SECRET: z.string().min(16, "måste vara minst 16 tecken").optional(),
  CASE_DELIVERY_MAX_ATTEMPTS: z.coerce
    .number({ invalid_type_error: "måste vara ett heltal" })
    .int("måste vara ett heltal")
    .min(1, "måste vara 1–100")
    .max(100, "måste vara 1–100")
    .optional(),
  // Issue 12 (docs/decisions/022-case-delivery-pacing-and-uncertain-outcomes.md).
  CASE_SYSTEM_TIMEOUT_SECONDS: z.coerce
    .number({ invalid_type_error: "måste vara ett heltal (sekunder)" })
    .int("måste vara ett heltal (sekunder)")
    .min(1, "måste vara 1–300 sekunder")
    .max(300, "måste vara 1–300 sekunder")
    .optional(),
  CASE_SYSTEM_REQUESTS_PER_SECOND: z.coerce
    .number({ invalid_type_error: "måste vara ett tal, t.ex. 4 eller 0.5" })
    .min(0.01, "måste vara 0.01–100")
    .max(100, "måste vara 0.01–100")
    .optional(),
  CASE_SYSTEM_SERVICE_MAP: z
    .string()
    .transform((text, ctx) => {
      const { codes, errors } = parseServiceMapText(text);
      for (const message of errors) ctx.addIssue({ code: "custom", message });
      return codes;
    })
    .optional(),
  CASE_DELIVERY_WORKER: z
    .enum(["0", "1", "true", "false"], { errorMap: () => ({ message: "måste vara 1 eller 0" }) })
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  // Single sign-on with OpenID Connect (issue 17, ADR 036): the municipality's Entra ID or any OIDC provider.
  OIDC_ISSUER: z.string().refine(isHttpUrl, "måste vara en webbadress, t.ex. https://login.microsoftonline.com/<tenant>/v2.0").optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** What the login button calls the provider: "Logga in med {OIDC_NAME}". */
  OIDC_NAME: z.string().trim().min(2).max(60).default("kommunens konto"),
  OIDC_SCOPES: z.string().trim().default("openid email profile"),
  /** A claim listing the user's groups or roles (e.g. groups, roles), read with OIDC_ROLE_MAP. */
  OIDC_ROLE_CLAIM: z.string().trim().min(1).optional(),
  /** "group=role,group=role": a group in OIDC_ROLE_CLAIM gives that role at each login. */
  OIDC_ROLE_MAP: z
    .string()
    .transform((text, ctx) => {
      const map = parseRoleMap(text);
      if (typeof map === "string") ctx.addIssue({ code: "custom", message: map });
      return typeof map === "string" ? {} : map;
    })
    .optional(),
  /** Password login: on (default) or off, once everyone signs in through OIDC. */
  PASSWORD_LOGIN: z.enum(["on", "off"], { errorMap: () => ({ message: "måste vara on eller off" }) }).default("on"),
  // Invitations (issue 4): how long a reply link works, and when reminders go out, in days.
  INVITATION_TOKEN_DAYS: z.coerce
    .number({ invalid_type_error: "måste vara ett heltal" })
    .int("måste vara ett heltal")
    .min(1, "måste vara 1–365")
    .max(365, "måste vara 1–365")
    .default(60),
  INVITATION_REMINDER_DAYS: z.coerce
    .number({ invalid_type_error: "måste vara ett heltal" })
    .int("måste vara ett heltal")
    .min(0, "måste vara 0–60")
    .max(60, "måste vara 0–60")
    .default(5),
  VISIT_REMINDER_DAYS: z.coerce
    .number({ invalid_type_error: "måste vara ett heltal" })
    .int("måste vara ett heltal")
    .min(0, "måste vara 0–30")
    .max(30, "måste vara 0–30")
    .default(2),
});

export type Env = Omit<z.infer<typeof schema>, "HOST"> & {
  /** The address to listen on: every interface in production, only this machine in local mode. */
  HOST: string;
  isProduction: boolean;
  SESSION_SECRET: string;
  /** The origin the app is served from, when known (from BASE_URL). */
  baseOrigin: string | null;
  /** True when cookies must be Secure with the __Host- prefix. */
  secureCookies: boolean;
  dataDir: string;
  /** The municipalities of a shared deployment (TENANTS_FILE), or null for one municipality from DATABASE_PATH. */
  tenants: Tenant[] | null;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Ogiltig konfiguration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parse an environment. Pure apart from reading/writing the local session secret file. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // An empty value (a bare `PORT=` in an env file) means "not set": use the default.
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(
      // Never echo the rejected value: it may be a secret (SESSION_SECRET, an API key in MAP_TILE_URL).
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  // Another municipality's demo gets a database file of its own, so it never meets Helsingborg's.
  if (env.DEMO_MUNICIPALITY && given.DATABASE_PATH === undefined && !isHelsingborg(env.DEMO_MUNICIPALITY)) {
    env.DATABASE_PATH = `./data/demo-${slug(env.DEMO_MUNICIPALITY)}.sqlite`;
  }
  const isProduction = env.NODE_ENV === "production";
  const dataDir = path.dirname(path.resolve(env.DATABASE_PATH));

  const problems: string[] = [];
  const tenantsFile = env.TENANTS_FILE ? readTenantsFile(env.TENANTS_FILE) : null;
  if (tenantsFile) problems.push(...tenantsFile.problems);
  if (isProduction && !env.SESSION_SECRET) {
    problems.push("SESSION_SECRET: krävs i produktion (NODE_ENV=production), minst 32 slumpmässiga tecken");
  }
  if (isProduction && !env.BASE_URL && !tenantsFile) {
    problems.push("BASE_URL: krävs i produktion, t.ex. https://rullarut.kommunen.se");
  }
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) problems.push("OIDC_CLIENT_ID: krävs när OIDC_ISSUER är satt");
  if (env.OIDC_ISSUER && isProduction && !env.OIDC_ISSUER.startsWith("https://") && !isLoopback(env.OIDC_ISSUER)) {
    problems.push("OIDC_ISSUER: måste börja med https:// i produktion");
  }
  if (env.PASSWORD_LOGIN === "off" && !env.OIDC_ISSUER) {
    problems.push("PASSWORD_LOGIN: off kräver OIDC_ISSUER, annars kan ingen logga in");
  }
  if (problems.length) throw new ConfigError(problems);

  const sessionSecret = env.SESSION_SECRET ?? localSessionSecret(dataDir);
  const baseOrigin = env.BASE_URL ? new URL(env.BASE_URL).origin : null;
  const tenants = tenantsFile?.tenants ?? null;
  const https = tenants ? tenants.every((t) => t.baseOrigin.startsWith("https://")) : baseOrigin !== null && baseOrigin.startsWith("https://");
  return {
    ...env,
    // Local mode (a laptop, a demo) must not offer its demo accounts to the whole network.
    HOST: env.HOST ?? (isProduction ? "0.0.0.0" : "127.0.0.1"),
    SESSION_SECRET: sessionSecret,
    isProduction,
    baseOrigin,
    secureCookies: isProduction && https,
    dataDir,
    tenants,
  };
}

/** A provider on this machine (a test or a developer's own): the only one allowed over plain http. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

/** Helsingborg's demo is the default one: the full demo data set. */
export function isHelsingborg(demoMunicipality: string | undefined): boolean {
  return !demoMunicipality || /^(helsingborg|1283)$/i.test(demoMunicipality.trim());
}

function slug(value: string): string {
  return (
    value
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "kommun"
  );
}

/** In local runs the secret is generated once and kept beside the database, so logins survive restarts. */
function localSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first run: fall through and create it
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * The app's public origin for links that leave the page (e-mails, feeds, single sign-on): the running
 * tenant's address in a shared deployment, else BASE_URL, else the request's own origin when given.
 */
export function publicOrigin(request?: Request): string | null {
  return currentTenant()?.baseOrigin ?? getEnv().baseOrigin ?? (request ? new URL(request.url).origin : null);
}

const caseSchema = schema.pick({
  CASE_SYSTEM: true,
  CASE_SYSTEM_URL: true,
  CASE_SYSTEM_API_KEY: true,
  CASE_SYSTEM_JURISDICTION: true,
  CASE_WEBHOOK_URL: true,
  CASE_WEBHOOK_SECRET: true,
  CASE_DELIVERY_MAX_ATTEMPTS: true,
  CASE_SYSTEM_TIMEOUT_SECONDS: true,
  CASE_SYSTEM_REQUESTS_PER_SECOND: true,
  CASE_SYSTEM_SERVICE_MAP: true,
  CASE_EMAIL_TO: true,
  CASE_SM_URL: true,
  CASE_SM_MUNICIPALITY_ID: true,
  CASE_SM_NAMESPACE: true,
  CASE_SM_TOKEN_URL: true,
  CASE_SM_CLIENT_ID: true,
  CASE_SM_CLIENT_SECRET: true,
  CASE_SM_CLASSIFICATION: true,
  CASE_SM_STATUS: true,
  CASE_SM_CLOSED_STATUSES: true,
  CASE_SM_CHANNEL: true,
  CASE_SM_REPORTER: true,
  CASE_SM_CONTACT_ROLE: true,
});
export type CaseEnv = z.infer<typeof caseSchema>;

let cachedCase: CaseEnv | undefined;
/**
 * Just the CASE_* variables (docs/decisions/017-case-delivery.md), for code that must not depend on
 * the rest of the environment being complete (scripts, tests). Invalid values throw ConfigError
 * naming the variable, never its value; the server already refuses to start with them.
 */
export function getCaseEnv(): CaseEnv {
  if (cachedCase) return cachedCase;
  const given = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith("CASE_") && v !== undefined && v !== ""));
  const parsed = caseSchema.safeParse(given);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  cachedCase = parsed.data;
  return cachedCase;
}
