/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services.json to find the service
 * code, requests.json (form-encoded) to create the request, tokens/{token}.json when the server
 * answers with a token first, requests/{id}.json to bring the status back.
 * See docs/decisions/017-case-delivery.md.
 */
import type { Open311Config } from "../case-system.server";
import { type CasePayload, DeliveryError, type FetchFn, type SendResult, busyDelayMs, fetchFailure, receiverBusy, sanitizeError } from "./types";

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
  const creates = init.method === "POST";
  let response: Response;
  let text: string;
  try {
    response = await fetchFn(target, { ...init, signal: AbortSignal.timeout(config.timeoutMs) });
    // The body is part of the answer: a timeout while it streams leaves the outcome just as unknown.
    text = await response.text();
  } catch (error) {
    throw fetchFailure("Open311", error, config.timeoutMs, creates);
  }
  const busy = busyDelayMs(response);
  if (busy !== null) throw receiverBusy("Open311", response, busy);
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
  const services = body
    .filter((s): s is Open311Service => typeof s?.service_code === "string" || typeof s?.service_code === "number")
    .map((s) => ({ ...s, service_code: String(s.service_code) }));
  servicesCache.set(key, { at: now, services });
  return services;
}

/** Lower case, without accents and punctuation: "Äldreomsorg, stöd" ~ "aldreomsorg stod". */
export function normalizeName(s: string | null | undefined): string {
  return (s ?? "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function serviceNames(service: Open311Service): string[] {
  return [service.service_name, service.group, ...(service.keywords ?? "").split(",")].map(normalizeName).filter(Boolean);
}

/** One of our names against a service: its code exactly, its name, group or a keyword exactly, then one containing the other. */
function findService(services: Open311Service[], codes: (string | null)[], names: (string | null)[]): Open311Service | undefined {
  const wantedCodes = codes.map(normalizeName).filter(Boolean);
  const wantedNames = names.map(normalizeName).filter((n) => n.length >= 3);
  return (
    services.find((s) => wantedCodes.includes(normalizeName(s.service_code))) ??
    services.find((s) => serviceNames(s).some((n) => wantedNames.includes(n))) ??
    services.find((s) => {
      const name = normalizeName(s.service_name);
      return name.length >= 3 && wantedNames.some((n) => n.includes(name) || name.includes(n));
    })
  );
}

export type ServiceSubject = Pick<CasePayload, "departmentCode" | "departmentName" | "category" | "categoryLabel"> & {
  /** The answer group's long name ("Barnomsorg, skola och utbildning" for BSU). */
  categoryDescription?: string | null;
};

/** "g:BSU" → "BSU", "f:consumer" → "consumer", "other" → "other". */
const categoryCode = (category: string) => category.replace(/^[gf]:/, "");

/**
 * Our case → a service_code (issue 12, point 13): the configured map first (department, then
 * category), then the department by code and by name against the services' codes, names, groups and
 * keywords, then the category the same way (its code "BSU", short and long name), accents and case
 * ignored, then the map's "default". No match is an error the admin can fix (and sees on the admin
 * page before any case fails: serviceCoverage).
 */
export function resolveServiceCode(services: Open311Service[] | null, map: Record<string, string>, c: ServiceSubject): string {
  const code = matchServiceCode(services, map, c);
  if (code) return code;
  throw new DeliveryError(
    `Open311: ingen tjänstekod för ${c.departmentCode ? `förvaltningen ${c.departmentCode}` : `kategorin ${c.category}`}. Lägg till en rad i tjänstekoderna (t.ex. "default = …").`,
  );
}

/** resolveServiceCode without the error: null when nothing matches. */
export function matchServiceCode(services: Open311Service[] | null, map: Record<string, string>, c: ServiceSubject): string | null {
  if (c.departmentCode && map[`department:${c.departmentCode}`]) return map[`department:${c.departmentCode}`]!;
  if (map[c.category]) return map[c.category]!;
  if (services) {
    if (c.departmentCode || c.departmentName) {
      const hit = findService(services, [c.departmentCode], [c.departmentName]);
      if (hit) return hit.service_code;
    }
    const names = c.category === "other" ? ["övrigt", c.categoryLabel] : [c.categoryLabel, c.categoryDescription ?? null];
    const hit = findService(services, [categoryCode(c.category)], names);
    if (hit) return hit.service_code;
  }
  return map.default ?? null;
}

function needsServices(map: Record<string, string>, c: Pick<CasePayload, "departmentCode" | "category">): boolean {
  return !((c.departmentCode && map[`department:${c.departmentCode}`]) || map[c.category]);
}

/** The words in every description that name the case: how a request is found again (findOpen311Request). */
export function caseMarker(caseNumber: string): string {
  return `Ärende ${caseNumber} från Rullar ut`;
}

/** Question, answer and case number, at most 4,000 characters (cut with "…"). */
export function describeCase(c: CasePayload): string {
  const tail = `\n\n${caseMarker(c.caseNumber)} (${c.stop.title}).`;
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
  const point =
    c.lat !== null && c.lng !== null ? { lat: c.lat, lng: c.lng } : c.area ? { lat: c.area.lat, lng: c.area.lng } : { lat: c.stop.lat, lng: c.stop.lng };
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

/** GeoReport v2 dates: W3C, to the second. */
const w3c = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * After an unknown outcome: GET requests.json for the window (GeoReport v2 start_date/end_date) and
 * look for our case number in the description or a kc_case_id attribute. The service_request_id if
 * the receiver has the request, else null (then it is sent again).
 */
export async function findOpen311Request(config: Open311Config, caseNumber: string, from: Date, to: Date, fetchFn: FetchFn = fetch): Promise<string | null> {
  const body = await call(config, fetchFn, url(config, "requests.json", { jurisdiction_id: config.jurisdictionId, start_date: w3c(from), end_date: w3c(to) }));
  if (!Array.isArray(body)) return null;
  const marker = caseMarker(caseNumber);
  for (const item of body as Record<string, unknown>[]) {
    const attributes = item?.attributes as Record<string, unknown> | undefined;
    const mine =
      (typeof item?.description === "string" && item.description.includes(marker)) ||
      str(attributes?.kc_case_id) === caseNumber ||
      str(item?.kc_case_id) === caseNumber;
    const id = str(item?.service_request_id);
    if (mine && id) return id;
  }
  return null;
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
