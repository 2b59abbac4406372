/**
 * The signed JSON webhook. POST {url} with the case as JSON and
 *   Content-Type: application/json
 *   Idempotency-Key: <case id>
 *   webhook-id: <case id>          (Standard Webhooks, ADR 035: the same on every attempt)
 *   webhook-timestamp: <unix seconds>
 *   webhook-signature: v1,<base64 HMAC-SHA256(key, `${id}.${timestamp}.${body}`)>
 *   X-Rullarut-Timestamp, X-Rullarut-Signature: the first signature (sha256=<hex HMAC-SHA256(secret,
 *     `${timestamp}.${body}`)>), still sent until 2027-12-31 for receivers built for it.
 * 2xx = delivered; 409 = the receiver already has it = delivered.
 * See docs/decisions/017-case-delivery.md and 035-standard-webhooks.md.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookConfig } from "../case-system.server";
import { type CasePayload, DeliveryError, type FetchFn, type SendResult, busyDelayMs, fetchFailure, receiverBusy, sanitizeError } from "./types";

export const SIGNATURE_HEADER = "X-Rullarut-Signature";
export const TIMESTAMP_HEADER = "X-Rullarut-Timestamp";

/**
 * The Standard Webhooks signing key: a secret in the specification's own form (`whsec_` and the
 * key in base64) is that key; any other secret is its own UTF-8 bytes, which a receiver's library
 * takes as `whsec_` + the secret in base64 (shown on the admin page's help).
 */
export function standardWebhookKey(secret: string): Buffer {
  if (secret.startsWith("whsec_")) {
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    if (key.length > 0) return key;
  }
  return Buffer.from(secret, "utf8");
}

/** The `webhook-signature` header of Standard Webhooks (version v1: HMAC-SHA256, base64). */
export function standardWebhookSignature(secret: string, id: string, timestamp: string, body: string): string {
  return `v1,${createHmac("sha256", standardWebhookKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** For receivers (and our tests): constant-time check of a signature header. */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The JSON body (exported for tests and the ADR). */
export function webhookBody(c: CasePayload): Record<string, unknown> {
  return {
    caseNumber: c.caseNumber,
    caseId: c.caseId,
    createdAt: c.createdAt.toISOString(),
    status: c.status,
    category: c.category,
    department: c.departmentCode,
    question: c.question,
    answer: c.answer,
    answeredOnSpot: c.answeredOnSpot,
    topics: c.topics,
    area: c.area ? { id: c.area.id, name: c.area.name } : null,
    lat: c.lat ?? c.area?.lat ?? c.stop.lat,
    lng: c.lng ?? c.area?.lng ?? c.stop.lng,
    stop: { title: c.stop.title, startsAt: c.stop.startsAt.toISOString() },
    ...(c.contact ? { contact: c.contact } : {}),
  };
}

/**
 * `messageId`: the case's id, the same on every attempt (Idempotency-Key and webhook-id).
 * `now`: the time of this attempt (signed into the timestamp), not of the batch.
 */
async function post(config: WebhookConfig, body: string, messageId: string, fetchFn: FetchFn, now: Date): Promise<Response> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  let response: Response;
  try {
    response = await fetchFn(config.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Idempotency-Key": messageId,
        "webhook-id": messageId,
        "webhook-timestamp": timestamp,
        "webhook-signature": standardWebhookSignature(config.secret, messageId, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhook(config.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    // A resend after an unknown outcome is safe: the Idempotency-Key is the case id on every attempt.
    throw fetchFailure("Webhook", error, config.timeoutMs, true);
  }
  const busy = busyDelayMs(response);
  if (busy !== null) throw receiverBusy("Webhook", response, busy);
  return response;
}

async function failure(config: WebhookConfig, response: Response): Promise<DeliveryError> {
  const text = (await response.text().catch(() => "")).slice(0, 200);
  return new DeliveryError(sanitizeError(`Webhook svarade ${response.status}${text ? `: ${text}` : ""}`, [config.secret]));
}

export async function sendWebhook(config: WebhookConfig, c: CasePayload, fetchFn: FetchFn = fetch, now = new Date()): Promise<SendResult> {
  const response = await post(config, JSON.stringify(webhookBody(c)), c.caseId, fetchFn, now);
  if (response.status === 409 || response.ok) {
    let externalId: string | null = null;
    try {
      const json = (await response.json()) as { id?: unknown; externalId?: unknown };
      const v = json?.externalId ?? json?.id;
      externalId = typeof v === "string" || typeof v === "number" ? String(v).slice(0, 200) : null;
    } catch {
      externalId = null;
    }
    return { externalId, token: null };
  }
  throw await failure(config, response);
}

/** The admin's "Testa anslutningen": a signed ping {"ping": true}. */
export async function testWebhook(config: WebhookConfig, fetchFn: FetchFn = fetch, now = new Date()): Promise<string> {
  const body = JSON.stringify({ ping: true, sentAt: now.toISOString() });
  const response = await post(config, body, `ping-${now.getTime()}`, fetchFn, now);
  if (!response.ok) throw await failure(config, response);
  return `Webhooken svarade ${response.status}: signerad ping mottagen.`;
}
