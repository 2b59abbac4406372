/**
 * Sundsvalls kommun's open-source SupportManagement API (issue 17, ADR 039), as used by Kontakt
 * Sundsvall and Kontakt Ånge. Follows the published OpenAPI document, version 15.0
 * (tests/fixtures/support-management; the tests validate every request against it).
 *
 * - Create: POST {base}/{municipalityId}/{namespace}/errands with an Errand; 201 and the new
 *   errand's address in Location. The case number and id go in externalTags, so a resend after an
 *   unknown outcome first looks the errand up (GET …/errands?filter=…) instead of making a second.
 * - Status: GET …/errands/{id}; its `status` (the namespace's own words, e.g. ONGOING, SOLVED) is
 *   brought back, and one of the closed statuses (or a resolution) closes the case.
 * - Auth: a client-credentials token from the API gateway's token address (WSO2 at Sundsvall),
 *   kept until a minute before it expires; none when no token address is set.
 */
import type { SupportManagementConfig } from "../case-system.server";
import { type CasePayload, DeliveryError, type FetchFn, type SendResult, busyDelayMs, fetchFailure, receiverBusy, sanitizeError } from "./types";

const SYSTEM = "SupportManagement";

type Token = { value: string; expiresAt: number };
const tokens = new Map<string, Token>();

/** For tests: forget cached tokens. */
export function clearSupportManagementTokens(): void {
  tokens.clear();
}

async function token(config: SupportManagementConfig, fetchFn: FetchFn, now = Date.now()): Promise<string | null> {
  if (!config.tokenUrl) return null;
  const key = `${config.tokenUrl}\n${config.clientId}`;
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > now + 60_000) return cached.value;
  let response: Response;
  try {
    response = await fetchFn(config.tokenUrl, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${config.clientId ?? ""}:${config.clientSecret ?? ""}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    throw fetchFailure(`${SYSTEM} (inloggning)`, error, config.timeoutMs, false);
  }
  if (!response.ok) throw new DeliveryError(`${SYSTEM}: inloggningen hos API-gatewayen nekades (${response.status})`);
  const body = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
  if (typeof body?.access_token !== "string") throw new DeliveryError(`${SYSTEM}: API-gatewayen gav ingen token`);
  const seconds = typeof body.expires_in === "number" ? body.expires_in : 300;
  tokens.set(key, { value: body.access_token, expiresAt: now + seconds * 1000 });
  return body.access_token;
}

function errandsUrl(config: SupportManagementConfig, suffix = ""): string {
  return `${config.baseUrl}/${encodeURIComponent(config.municipalityId)}/${encodeURIComponent(config.namespace)}/errands${suffix}`;
}

async function call(
  config: SupportManagementConfig,
  fetchFn: FetchFn,
  url: string,
  init: { method: string; body?: string },
  creates = false,
): Promise<Response> {
  for (let round = 0; round < 2; round++) {
    const bearer = await token(config, fetchFn);
    let response: Response;
    try {
      response = await fetchFn(url, {
        method: init.method,
        headers: {
          Accept: "application/json",
          ...(init.body ? { "Content-Type": "application/json" } : {}),
          ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        },
        body: init.body,
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      throw fetchFailure(SYSTEM, error, config.timeoutMs, creates);
    }
    // An expired or revoked token: fetch a new one once.
    if (response.status === 401 && bearer && round === 0) {
      clearSupportManagementTokens();
      continue;
    }
    const busy = busyDelayMs(response);
    if (busy !== null) throw receiverBusy(SYSTEM, response, busy);
    return response;
  }
  throw new DeliveryError(`${SYSTEM}: inloggningen godtogs inte`);
}

async function failure(config: SupportManagementConfig, response: Response): Promise<DeliveryError> {
  const body = (await response.json().catch(() => null)) as { title?: unknown; detail?: unknown; violations?: { field?: unknown; message?: unknown }[] } | null;
  const violations = Array.isArray(body?.violations) ? body.violations.map((v) => `${String(v.field ?? "")} ${String(v.message ?? "")}`.trim()).join("; ") : "";
  const text = violations || (typeof body?.detail === "string" ? body.detail : typeof body?.title === "string" ? body.title : "");
  return new DeliveryError(sanitizeError(`${SYSTEM} svarade ${response.status}${text ? `: ${text}` : ""}`, [config.clientSecret]));
}

/** "CATEGORY/TYPE" for the case: its department, its category, or the default (validated with the configuration). */
export function classificationFor(config: SupportManagementConfig, c: CasePayload): { category: string; type: string } {
  const keys = [c.departmentCode ? `department:${c.departmentCode}` : null, c.category === "other" ? "other" : c.category, "default"];
  for (const key of keys) {
    const value = key ? config.classifications[key] : undefined;
    if (value) {
      const [category, type] = value.split("/").map((s) => s.trim());
      if (category && type) return { category, type };
    }
  }
  throw new DeliveryError(`${SYSTEM}: ingen klassificering för ${c.category} (lägg till default i CASE_SM_CLASSIFICATION)`);
}

/** The errand for a case (exported for tests and the ADR). */
export function errandBody(config: SupportManagementConfig, c: CasePayload): Record<string, unknown> {
  const description = [
    c.question,
    ...(c.answer ? ["", `Svar på plats: ${c.answer}`] : []),
    "",
    `Ställd vid: ${c.stop.title} (${c.stop.startsAt.toISOString()})`,
    ...(c.area ? [`Område: ${c.area.name}`] : []),
    ...(c.departmentName ? [`Förvaltning: ${c.departmentName}`] : []),
    `Rullar ut ${c.caseNumber}`,
  ].join("\n");
  const parameters: { key: string; values: string[] }[] = [
    { key: "answeredOnSpot", values: [String(c.answeredOnSpot)] },
    ...(c.topics.length ? [{ key: "topics", values: c.topics }] : []),
    ...(c.departmentCode ? [{ key: "department", values: [c.departmentCode] }] : []),
    ...(c.area ? [{ key: "area", values: [c.area.name] }] : []),
  ];
  const contact = c.contact;
  const [firstName, ...rest] = (contact?.name ?? "").trim().split(/\s+/);
  return {
    title: `${c.caseNumber}: ${c.categoryLabel}`.slice(0, 255),
    description,
    priority: "MEDIUM",
    status: config.initialStatus,
    classification: classificationFor(config, c),
    channel: config.channel,
    reporterUserId: config.reporterUserId,
    businessRelated: false,
    externalTags: [
      { key: "caseNumber", value: c.caseNumber },
      { key: "caseId", value: c.caseId },
    ],
    parameters,
    stakeholders: contact
      ? [
          {
            role: config.contactRole,
            ...(firstName ? { firstName } : {}),
            ...(rest.length ? { lastName: rest.join(" ") } : {}),
            contactChannels: [
              ...(contact.email ? [{ type: "Email", value: contact.email }] : []),
              ...(contact.phone ? [{ type: "Phone", value: contact.phone }] : []),
            ],
          },
        ]
      : [],
  };
}

export async function sendSupportManagement(config: SupportManagementConfig, c: CasePayload, fetchFn: FetchFn = fetch): Promise<SendResult> {
  const response = await call(config, fetchFn, errandsUrl(config), { method: "POST", body: JSON.stringify(errandBody(config, c)) }, true);
  if (response.status !== 201 && !response.ok) throw await failure(config, response);
  const location = response.headers.get("location") ?? "";
  const id = decodeURIComponent(location.split("/").filter(Boolean).pop() ?? "");
  await response.body?.cancel().catch(() => undefined);
  if (!id) throw new DeliveryError(`${SYSTEM}: svaret saknade ärendets adress (Location)`);
  return { externalId: id.slice(0, 200), token: null };
}

/** A resend after an unknown outcome: the errand made earlier for this case, if there is one. */
export async function findSupportManagementErrand(config: SupportManagementConfig, caseId: string, fetchFn: FetchFn = fetch): Promise<string | null> {
  const filter = `externalTags.key:'caseId' and externalTags.value:'${caseId.replace(/'/g, "")}'`;
  const response = await call(config, fetchFn, errandsUrl(config, `?${new URLSearchParams({ filter })}`), { method: "GET" });
  if (!response.ok) throw await failure(config, response);
  const body = (await response.json().catch(() => null)) as { content?: { id?: unknown }[] } | null;
  const id = body?.content?.find((e) => typeof e.id === "string")?.id;
  return typeof id === "string" ? id : null;
}

/** The errand's status as SupportManagement names it; "closed" when it is one of the closed statuses or has a resolution. */
export async function fetchSupportManagementStatus(
  config: SupportManagementConfig,
  id: string,
  fetchFn: FetchFn = fetch,
): Promise<{ status: string; closed: boolean } | null> {
  const response = await call(config, fetchFn, errandsUrl(config, `/${encodeURIComponent(id)}`), { method: "GET" });
  if (!response.ok) throw await failure(config, response);
  const body = (await response.json().catch(() => null)) as { status?: unknown; resolution?: unknown } | null;
  if (typeof body?.status !== "string") return null;
  const status = body.status.slice(0, 60);
  const closed = config.closedStatuses.includes(status.toUpperCase()) || (typeof body.resolution === "string" && body.resolution.length > 0);
  return { status, closed };
}

/** The admin's "Testa anslutningen": a token, and one page of the namespace's errands. */
export async function testSupportManagement(config: SupportManagementConfig, fetchFn: FetchFn = fetch): Promise<string> {
  clearSupportManagementTokens();
  const response = await call(config, fetchFn, errandsUrl(config, "?size=1"), { method: "GET" });
  if (!response.ok) throw await failure(config, response);
  const body = (await response.json().catch(() => null)) as { totalElements?: unknown } | null;
  return `Kontakt med SupportManagement (${config.municipalityId}/${config.namespace}): ${typeof body?.totalElements === "number" ? `${body.totalElements} ärenden` : "svar mottaget"}.`;
}
