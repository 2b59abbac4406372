/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services.json to find the service
 * code, requests.json (form-encoded) to create the request, tokens/{token}.json when the server
 * answers with a token first, requests/{id}.json to bring the status back.
 * See docs/decisions/017-case-delivery.md.
 */
import type { Open311Config } from "../case-system.server";
import {
  type CasePayload,
  DeliveryError,
  type FetchFn,
  REQUEST_TIMEOUT_MS,
  type SendResult,
  describeFetchError,
  sanitizeError,
} from "./types";

export const DESCRIPTION_MAX = 4000;
const SERVICES_TTL_MS = 10 * 60 * 1000;

export type Open311Service = {
  service_code: string;
  service_name?: string;
  description?: string;
  keywords?: string;
  group?: string;
};

const servicesCache = new Map<string, { at: number; services: Open311Service[] }>();

/** For tests and after the admin changes the address. */
export function clearOpen311Cache(): void {
  servicesCache.clear();
}

function url(config: Open311Config, path: string, query: Record<string, string | null> = {}): string {
  const u = new URL(`${config.baseUrl}/${path}`);
  for (const [k, v] of Object.entries(query)) if (v) u.searchParams.set(k, v);
  return u.toString();
}

async function call(config: Open311Config, fetchFn: FetchFn, target: string, init: RequestInit = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchFn(target, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new DeliveryError(describeFetchError("Open311", error));
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) {
    // GeoReport errors are [{code, description}].
    let detail = "";
    try {
      const body = JSON.parse(text) as { description?: string }[] | { description?: string };
      detail = (Array.isArray(body) ? body[0]?.description : body?.description) ?? "";
    } catch {
      detail = "";
    }
    throw new DeliveryError(
      sanitizeError(`Open311 svarade ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${detail ? `: ${detail}` : ""}`, [config.apiKey]),
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DeliveryError("Open311: svaret var inte JSON");
  }
}

export async function fetchServices(config: Open311Config, fetchFn: FetchFn = fetch, now = Date.now()): Promise<Open311Service[]> {
  const key = `${config.baseUrl}|${config.jurisdictionId ?? ""}`;
  const hit = servicesCache.get(key);
  if (hit && now - hit.at < SERVICES_TTL_MS) return hit.services;
  const body = await call(config, fetchFn, url(config, "services.json", { jurisdiction_id: config.jurisdictionId }));
  if (!Array.isArray(body)) throw new DeliveryError("Open311: services.json gav ingen lista");
  const services = body.filter((s): s is Open311Service => typeof s?.service_code === "string" || typeof s?.service_code === "number").map((s) => ({ ...s, service_code: String(s.service_code) }));
  servicesCache.set(key, { at: now, services });
  return services;
}

const norm = (s: string | null | undefined) => (s ?? "").trim().toLocaleLowerCase("sv");

function matchesName(service: Open311Service, name: string): boolean {
  const n = norm(name);
  if (n.length < 3) return false;
  const keywords = norm(service.keywords).split(/\s*,\s*/).filter(Boolean);
  return norm(service.service_name) === n || norm(service.group) === n || keywords.includes(n) || norm(service.service_name).includes(n) || (norm(service.service_name).length >= 3 && n.includes(norm(service.service_name)));
}

/**
 * Our case → a service_code: the configured map first (department, then category), then a
 * case-insensitive match of the department name or category label against the services' names,
 * keywords and groups, then the map's "default". No match is an error the admin can fix.
 */
export function resolveServiceCode(
  services: Open311Service[] | null,
  map: Record<string, string>,
  c: Pick<CasePayload, "departmentCode" | "departmentName" | "category" | "categoryLabel">,
): string {
  if (c.departmentCode && map[`department:${c.departmentCode}`]) return map[`department:${c.departmentCode}`]!;
  if (map[c.category]) return map[c.category]!;
  for (const name of [c.departmentName, c.category === "other" ? "övrigt" : c.categoryLabel]) {
    if (!name || !services) continue;
    const hit = services.find((s) => matchesName(s, name));
    if (hit) return hit.service_code;
  }
  if (map.default) return map.default;
  throw new DeliveryError(
    `Open311: ingen tjänstekod för ${c.departmentCode ? `förvaltningen ${c.departmentCode}` : `kategorin ${c.category}`}. Lägg till en rad i tjänstekoderna (t.ex. "default = …").`,
  );
}

function needsServices(map: Record<string, string>, c: Pick<CasePayload, "departmentCode" | "category">): boolean {
  return !((c.departmentCode && map[`department:${c.departmentCode}`]) || map[c.category]);
}

/** Question, answer and case number, at most 4,000 characters (cut with "…"). */
export function describeCase(c: CasePayload): string {
  const tail = `\n\nÄrende ${c.caseNumber} från Rullar ut (${c.stop.title}).`;
  const parts = [`Fråga: ${c.question}`];
  if (c.answer) parts.push(`Svar på plats: ${c.answer}`);
  else if (c.answeredOnSpot) parts.push("Besvarad på plats.");
  let body = parts.join("\n\n");
  const room = DESCRIPTION_MAX - tail.length;
  if (body.length > room) body = body.slice(0, room - 1) + "…";
  return body + tail;
}

/** The form body of POST requests.json (exported for tests). */
export function requestForm(config: Open311Config, c: CasePayload, serviceCode: string): URLSearchParams {
  const form = new URLSearchParams();
  if (config.apiKey) form.set("api_key", config.apiKey);
  if (config.jurisdictionId) form.set("jurisdiction_id", config.jurisdictionId);
  form.set("service_code", serviceCode);
  const point = c.lat !== null && c.lng !== null ? { lat: c.lat, lng: c.lng } : c.area ? { lat: c.area.lat, lng: c.area.lng } : { lat: c.stop.lat, lng: c.stop.lng };
  if (Number.isFinite(point.lat) && Number.isFinite(point.lng)) {
    form.set("lat", String(point.lat));
    form.set("long", String(point.lng));
  } else {
    form.set("address_string", c.stop.venueName ?? c.stop.title);
  }
  form.set("description", describeCase(c));
  if (c.contact?.name) {
    const [first, ...rest] = c.contact.name.trim().split(/\s+/);
    form.set("first_name", first ?? "");
    if (rest.length) form.set("last_name", rest.join(" "));
  }
  if (c.contact?.phone) form.set("phone", c.contact.phone);
  if (c.contact?.email) form.set("email", c.contact.email);
  form.set("attribute[kc_case_id]", c.caseNumber);
  return form;
}

function firstOf(body: unknown): Record<string, unknown> | null {
  const item = Array.isArray(body) ? body[0] : body;
  return item && typeof item === "object" ? (item as Record<string, unknown>) : null;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);

export async function sendOpen311(config: Open311Config, c: CasePayload, fetchFn: FetchFn = fetch): Promise<SendResult> {
  const services = needsServices(config.serviceCodes, c) ? await fetchServices(config, fetchFn) : null;
  const serviceCode = resolveServiceCode(services, config.serviceCodes, c);
  const body = await call(config, fetchFn, url(config, "requests.json"), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: requestForm(config, c, serviceCode).toString(),
  });
  const item = firstOf(body);
  const externalId = str(item?.service_request_id);
  const token = str(item?.token);
  if (!externalId && !token) throw new DeliveryError("Open311: svaret saknade både service_request_id och token");
  return { externalId, token: externalId ? null : token };
}

/** tokens/{token}.json: the id once the server has made the request, else null. */
export async function resolveOpen311Token(config: Open311Config, token: string, fetchFn: FetchFn = fetch): Promise<string | null> {
  const body = await call(config, fetchFn, url(config, `tokens/${encodeURIComponent(token)}.json`, { jurisdiction_id: config.jurisdictionId }));
  return str(firstOf(body)?.service_request_id);
}

/** requests/{id}.json: "open" or "closed" (lower-cased), or null when the server gives none. */
export async function fetchOpen311Status(config: Open311Config, id: string, fetchFn: FetchFn = fetch): Promise<string | null> {
  const body = await call(config, fetchFn, url(config, `requests/${encodeURIComponent(id)}.json`, { jurisdiction_id: config.jurisdictionId }));
  const status = str(firstOf(body)?.status);
  return status ? status.toLowerCase().slice(0, 40) : null;
}

/** The admin's "Testa anslutningen": services.json, fresh. */
export async function testOpen311(config: Open311Config, fetchFn: FetchFn = fetch): Promise<string> {
  clearOpen311Cache();
  const services = await fetchServices(config, fetchFn);
  return `Kontakt med Open311: ${services.length} tjänster (${services
    .slice(0, 5)
    .map((s) => `${s.service_code} ${s.service_name ?? ""}`.trim())
    .join(", ")}${services.length > 5 ? " …" : ""}).`;
}
