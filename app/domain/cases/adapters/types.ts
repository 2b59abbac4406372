import { parseRetryAfter } from "~/utils/outbox.server";

/**
 * What an adapter to the external case system gets and returns. See docs/decisions/017-case-delivery.md.
 */

export type FetchFn = typeof fetch;

/** Everything about a case that an external system may be sent. Built by delivery.server.ts. */
export type CasePayload = {
  caseId: string;
  caseNumber: string;
  createdAt: Date;
  status: string;
  /** "g:BSU", "f:consumer" or "other" */
  category: string;
  categoryLabel: string;
  /** The answer group's long name ("Barnomsorg, skola och utbildning" for BSU), when the category is a group. */
  categoryDescription: string | null;
  departmentCode: string | null;
  departmentName: string | null;
  question: string;
  answer: string | null;
  answeredOnSpot: boolean;
  topics: string[];
  area: { id: string; name: string; lat: number; lng: number } | null;
  /** The point set on the map, if any. */
  lat: number | null;
  lng: number | null;
  stop: { title: string; startsAt: Date; venueName: string | null; lat: number; lng: number };
  /** Only when the resident wants a reply. */
  contact: { name: string | null; phone: string | null; email: string | null } | null;
};

export type SendResult = {
  /** The receiver's id for the case (Open311 service_request_id), when known. */
  externalId: string | null;
  /** Open311: a token to exchange for the id later. */
  token: string | null;
};

/** A failed delivery. The message is short, Swedish, and holds no secret and no personal data. */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryError";
  }
}

/**
 * The receiver asked us to wait (429, or 503 with Retry-After). Not a failed attempt: the case is
 * sent again after retryAfterMs without counting it (issue 12; ADR 022).
 */
export class ReceiverBusy extends DeliveryError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = "ReceiverBusy";
  }
}

/**
 * The request may have reached the receiver, but no answer came (timeout, connection lost after
 * sending). Sending again could make a second case: Open311 looks for the first one before a resend,
 * the webhook relies on its Idempotency-Key (ADR 022).
 */
export class OutcomeUnknown extends DeliveryError {
  constructor(message: string) {
    super(message);
    this.name = "OutcomeUnknown";
  }
}

/** A 429 without Retry-After waits this long. */
export const DEFAULT_RETRY_AFTER_MS = 10_000;

/** 429, or 503 with Retry-After: how long the receiver wants us to wait (ms); null for any other answer. */
export function busyDelayMs(response: Response, nowMs: number = Date.now()): number | null {
  if (response.status !== 429 && response.status !== 503) return null;
  const header = response.headers.get("retry-after");
  const parsed = parseRetryAfter(header, nowMs);
  if (response.status === 503 && parsed === null) return null;
  return parsed ?? DEFAULT_RETRY_AFTER_MS;
}

/** The ReceiverBusy for a response busyDelayMs said yes to. */
export function receiverBusy(system: string, response: Response, delayMs: number): ReceiverBusy {
  const seconds = Math.max(1, Math.ceil(delayMs / 1000));
  return new ReceiverBusy(
    `${system} svarade ${response.status} och bad oss vänta ${seconds} s; ärendet skickas då (räknas inte som ett misslyckat försök)`,
    delayMs,
  );
}

/** Error text safe to store and show: secrets and anything like an address or phone number removed, kept short. */
export function sanitizeError(text: string, secrets: (string | null | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join("[hemlig]");
  return out
    .replace(/[^\s<>"'@]+@[^\s<>"']+/g, "[adress]")
    .replace(/\+?\d[\d -]{6,}\d/g, "[nummer]")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
}

const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
]);

/**
 * A failed fetch as a DeliveryError, in a few words and without the URL (it may carry a key).
 * `creates`: the request makes something in the receiver (a POST). A timeout or a connection lost
 * after connecting then leaves the outcome unknown (OutcomeUnknown); a refused connection does not.
 */
export function fetchFailure(system: string, error: unknown, timeoutMs: number, creates: boolean): DeliveryError {
  const e = error as { name?: string; cause?: { code?: string }; code?: string };
  const code = e?.cause?.code ?? e?.code;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") {
    const text = `${system}: inget svar inom ${Math.round(timeoutMs / 1000)} s`;
    return creates ? new OutcomeUnknown(`${text}. Okänt om ärendet kom fram; det kontrolleras innan det skickas igen.`) : new DeliveryError(text);
  }
  const text = `${system}: ingen kontakt${code ? ` (${code})` : ""}`;
  if (creates && !(code && NOT_SENT_CODES.has(code))) {
    return new OutcomeUnknown(`${system}: förbindelsen bröts${code ? ` (${code})` : ""}. Okänt om ärendet kom fram; det kontrolleras innan det skickas igen.`);
  }
  return new DeliveryError(text);
}
