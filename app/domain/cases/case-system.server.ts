import { eq } from "drizzle-orm";
import type { CaseAdapter } from "#db/enums";
import { caseSystemSettings, type CaseSystemSettings } from "#db/schema";
import type { Db } from "~/db.server";
import { recordAudit } from "~/domain/audit/audit.server";
import { Conflict, Forbidden } from "~/domain/errors";
import { can } from "~/domain/users/roles";
import type { Actor } from "~/domain/users/users.server";
import { getCaseEnv, type CaseEnv } from "~/env.server";

/**
 * Which external case system cases go to, and how to reach it. Environment variables (CASE_*)
 * override the settings row an admin edits at /admin/arendesystem. See docs/decisions/017-case-delivery.md.
 */

export const DEFAULT_CASE_MAX_ATTEMPTS = 8;
/** How long to wait for an answer (issue 12: a receiver slower than 10 s got every case several times). */
export const DEFAULT_CASE_TIMEOUT_SECONDS = 30;
/**
 * Requests per second to one receiver, unless CASE_SYSTEM_REQUESTS_PER_SECOND says otherwise:
 * below the 5/s a typical municipal API gateway allows, so pacing alone keeps us clear of 429s.
 */
export const DEFAULT_CASE_REQUESTS_PER_SECOND = 4;

export type Open311Config = {
  baseUrl: string;
  apiKey: string | null;
  jurisdictionId: string | null;
  /** "department:miljo" | "g:BSU" | "f:consumer" | "other" | "default" → service_code */
  serviceCodes: Record<string, string>;
  timeoutMs: number;
};

export type WebhookConfig = { url: string; secret: string; timeoutMs: number };

/** The e-mail adapter: each case as a structured message to the case system's inbox, through the mail outbox. */
export type EmailCaseConfig = { to: string };

/** SupportManagement (ADR 039), from the CASE_SM_* variables. */
export type SupportManagementConfig = {
  baseUrl: string;
  municipalityId: string;
  namespace: string;
  tokenUrl: string | null;
  clientId: string | null;
  clientSecret: string | null;
  /** "department:x" | "g:BSU" | "f:consumer" | "other" | "default" → "CATEGORY/TYPE" */
  classifications: Record<string, string>;
  initialStatus: string;
  /** Upper-case statuses that close the case. */
  closedStatuses: string[];
  channel: string;
  reporterUserId: string;
  contactRole: string;
  timeoutMs: number;
};

export type EffectiveCaseSystem = {
  adapter: CaseAdapter;
  /** Set when adapter is "open311" and the configuration is complete. */
  open311: Open311Config | null;
  /** Set when adapter is "webhook" and the configuration is complete. */
  webhook: WebhookConfig | null;
  /** Set when adapter is "email" and the configuration is complete. */
  email: EmailCaseConfig | null;
  /** Set when adapter is "support_management" and the configuration is complete. */
  supportManagement: SupportManagementConfig | null;
  maxAttempts: number;
  timeoutMs: number;
  /** The pace of requests to the receiver (ADR 022). */
  requestsPerSecond: number;
  /** "env" when CASE_SYSTEM is set: the admin page is then read-only for the adapter choice. */
  source: "env" | "settings";
  /** The fields set by environment variables (shown on the admin page). */
  overridden: CaseSystemField[];
  /** What is missing or wrong (Swedish, never a secret). Empty when the configuration can be used. */
  problems: string[];
};

export type CaseSystemField =
  | "adapter"
  | "open311BaseUrl"
  | "open311ApiKey"
  | "open311JurisdictionId"
  | "open311ServiceCodes"
  | "webhookUrl"
  | "webhookSecret"
  | "emailTo"
  | "maxAttempts"
  | "timeoutSeconds";

export function getCaseSystemSettings(db: Db): CaseSystemSettings | undefined {
  return db.select().from(caseSystemSettings).where(eq(caseSystemSettings.id, "default")).get();
}

export function isHttpUrl(value: string | null | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * The configuration in force: each CASE_* variable that is set wins over the settings row.
 * An incomplete configuration keeps its adapter but has open311/webhook null and a problem;
 * the worker then leaves deliveries waiting instead of failing them.
 */
export function effectiveCaseSystem(db: Db, env: CaseEnv = getCaseEnv()): EffectiveCaseSystem {
  const row = getCaseSystemSettings(db);
  const overridden: CaseSystemField[] = [];
  function pick<T>(field: CaseSystemField, fromEnv: T | undefined, fromRow: T): T {
    if (fromEnv !== undefined && fromEnv !== null && fromEnv !== "") {
      overridden.push(field);
      return fromEnv;
    }
    return fromRow;
  }
  const adapter = pick<CaseAdapter>("adapter", env.CASE_SYSTEM, row?.adapter ?? "none");
  const baseUrl = pick("open311BaseUrl", env.CASE_SYSTEM_URL, row?.open311BaseUrl ?? null);
  const apiKey = pick("open311ApiKey", env.CASE_SYSTEM_API_KEY, row?.open311ApiKey ?? null);
  const jurisdictionId = pick("open311JurisdictionId", env.CASE_SYSTEM_JURISDICTION, row?.open311JurisdictionId ?? null);
  const webhookUrl = pick("webhookUrl", env.CASE_WEBHOOK_URL, row?.webhookUrl ?? null);
  const webhookSecret = pick("webhookSecret", env.CASE_WEBHOOK_SECRET, row?.webhookSecret ?? null);
  const emailTo = pick("emailTo", env.CASE_EMAIL_TO, row?.emailTo ?? null);
  const maxAttempts = pick("maxAttempts", env.CASE_DELIVERY_MAX_ATTEMPTS, row?.maxAttempts ?? DEFAULT_CASE_MAX_ATTEMPTS);
  const timeoutSeconds = pick("timeoutSeconds", env.CASE_SYSTEM_TIMEOUT_SECONDS, row?.timeoutSeconds ?? DEFAULT_CASE_TIMEOUT_SECONDS);
  const envServiceCodes = env.CASE_SYSTEM_SERVICE_MAP && Object.keys(env.CASE_SYSTEM_SERVICE_MAP).length ? env.CASE_SYSTEM_SERVICE_MAP : undefined;
  const serviceCodes = pick("open311ServiceCodes", envServiceCodes, row?.open311ServiceCodes ?? {});
  const timeoutMs = timeoutSeconds * 1000;

  const problems: string[] = [];
  let open311: Open311Config | null = null;
  let webhook: WebhookConfig | null = null;
  let email: EmailCaseConfig | null = null;
  let supportManagement: SupportManagementConfig | null = null;
  if (adapter === "open311") {
    if (!isHttpUrl(baseUrl)) problems.push("Open311: adressen till tjänsten saknas eller är ogiltig.");
    else
      open311 = {
        baseUrl: baseUrl.replace(/\/+$/, ""),
        apiKey: apiKey || null,
        jurisdictionId: jurisdictionId || null,
        serviceCodes,
        timeoutMs,
      };
  } else if (adapter === "webhook") {
    if (!isHttpUrl(webhookUrl)) problems.push("Webhook: adressen saknas eller är ogiltig.");
    if (!webhookSecret) problems.push("Webhook: den delade hemligheten saknas.");
    if (problems.length === 0) webhook = { url: webhookUrl!, secret: webhookSecret!, timeoutMs };
  } else if (adapter === "email") {
    if (!emailTo || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(emailTo)) problems.push("E-post: inkorgens adress saknas eller är ogiltig.");
    else email = { to: emailTo };
  } else if (adapter === "support_management") {
    if (!env.CASE_SM_URL) problems.push("SupportManagement: adressen saknas (CASE_SM_URL).");
    if (!env.CASE_SM_MUNICIPALITY_ID) problems.push("SupportManagement: kommunkoden saknas (CASE_SM_MUNICIPALITY_ID).");
    if (!env.CASE_SM_NAMESPACE) problems.push("SupportManagement: namnrymden saknas (CASE_SM_NAMESPACE).");
    if (!env.CASE_SM_CLASSIFICATION?.default) problems.push("SupportManagement: en klassificering för default saknas (CASE_SM_CLASSIFICATION).");
    if (env.CASE_SM_TOKEN_URL && (!env.CASE_SM_CLIENT_ID || !env.CASE_SM_CLIENT_SECRET))
      problems.push("SupportManagement: klient-id eller hemlighet saknas (CASE_SM_CLIENT_ID, CASE_SM_CLIENT_SECRET).");
    if (problems.length === 0) {
      supportManagement = {
        baseUrl: env.CASE_SM_URL!.replace(/\/+$/, ""),
        municipalityId: env.CASE_SM_MUNICIPALITY_ID!,
        namespace: env.CASE_SM_NAMESPACE!,
        tokenUrl: env.CASE_SM_TOKEN_URL ?? null,
        clientId: env.CASE_SM_CLIENT_ID ?? null,
        clientSecret: env.CASE_SM_CLIENT_SECRET ?? null,
        classifications: env.CASE_SM_CLASSIFICATION ?? {},
        initialStatus: env.CASE_SM_STATUS ?? "NEW",
        closedStatuses: (env.CASE_SM_CLOSED_STATUSES ?? "SOLVED,CLOSED")
          .split(",")
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean),
        channel: env.CASE_SM_CHANNEL ?? "IN_PERSON",
        reporterUserId: env.CASE_SM_REPORTER ?? "rullarut",
        contactRole: env.CASE_SM_CONTACT_ROLE ?? "CONTACT",
        timeoutMs,
      };
    }
  }
  return {
    adapter,
    open311,
    webhook,
    email,
    supportManagement,
    maxAttempts,
    timeoutMs,
    requestsPerSecond: env.CASE_SYSTEM_REQUESTS_PER_SECOND ?? DEFAULT_CASE_REQUESTS_PER_SECOND,
    source: env.CASE_SYSTEM ? "env" : "settings",
    overridden,
    problems,
  };
}

export type CaseSystemSettingsUpdate = {
  adapter: CaseAdapter;
  open311BaseUrl: string | null;
  /** undefined = keep the stored key (write-only field left empty); null = remove it. */
  open311ApiKey?: string | null;
  open311JurisdictionId: string | null;
  open311ServiceCodes: Record<string, string>;
  webhookUrl: string | null;
  /** undefined = keep the stored secret. */
  webhookSecret?: string | null;
  emailTo?: string | null;
  maxAttempts: number;
  /** undefined = keep the stored value (30 s for a new row). */
  timeoutSeconds?: number;
};

/** Admins save the connection. Secrets are written only when a new value is given, and never audited. */
export function updateCaseSystemSettings(db: Db, actor: Actor, input: CaseSystemSettingsUpdate, now = new Date()): void {
  if (!can.manageSettings(actor.role)) throw new Forbidden("Bara administratörer får ändra ärendesystemet.");
  const stored = getCaseSystemSettings(db);
  if (input.adapter === "email" && !input.emailTo) throw new Conflict("Ange inkorgens e-postadress", "emailTo");
  if (input.adapter === "webhook" && !input.webhookSecret && !stored?.webhookSecret) {
    throw new Conflict("Ange den delade hemligheten (minst 16 tecken)", "webhookSecret");
  }
  db.transaction((tx) => {
    const values = {
      adapter: input.adapter,
      open311BaseUrl: input.open311BaseUrl,
      open311JurisdictionId: input.open311JurisdictionId,
      open311ServiceCodes: input.open311ServiceCodes,
      webhookUrl: input.webhookUrl,
      ...(input.emailTo !== undefined ? { emailTo: input.emailTo } : {}),
      maxAttempts: input.maxAttempts,
      ...(input.timeoutSeconds !== undefined ? { timeoutSeconds: input.timeoutSeconds } : {}),
      updatedAt: now,
      ...(input.open311ApiKey !== undefined ? { open311ApiKey: input.open311ApiKey } : {}),
      ...(input.webhookSecret !== undefined ? { webhookSecret: input.webhookSecret } : {}),
    };
    tx.insert(caseSystemSettings)
      .values({ id: "default", ...values })
      .onConflictDoUpdate({ target: caseSystemSettings.id, set: values })
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "case_system.update",
      entityType: "case_system_settings",
      entityId: "default",
      details: {
        adapter: input.adapter,
        open311BaseUrl: input.open311BaseUrl,
        open311JurisdictionId: input.open311JurisdictionId,
        open311ServiceCodes: input.open311ServiceCodes,
        webhookUrl: input.webhookUrl,
        emailTo: input.emailTo,
        maxAttempts: input.maxAttempts,
        timeoutSeconds: input.timeoutSeconds,
        open311ApiKeyChanged: input.open311ApiKey !== undefined,
        webhookSecretChanged: input.webhookSecret !== undefined,
      },
    });
  });
}
