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

export const REQUEST_TIMEOUT_MS = 10_000;

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

/** Network failures (refused, timeout) in a few words, without the URL (it may carry a key). */
export function describeFetchError(system: string, error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string }; code?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `${system}: inget svar inom ${REQUEST_TIMEOUT_MS / 1000} s`;
  const code = e?.cause?.code ?? e?.code;
  return `${system}: ingen kontakt${code ? ` (${code})` : ""}`;
}
