/**
 * A real webhook receiver on a local port (issue 6). It verifies X-Rullarut-Signature with its own
 * copy of the shared secret, exactly as a receiving case system would (HMAC-SHA256 of
 * `${timestamp}.${body}`), answers 401 to a bad signature, and dedupes by Idempotency-Key
 * (a repeat answers 409 and makes no second case). It also verifies the Standard Webhooks
 * headers with the specification's reference library (`standardwebhooks`), given the secret the
 * way the admin page tells a receiver to (ADR 035), and records the result.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type WebhookReceiver = {
  url: string;
  /** Cases accepted, by Idempotency-Key. */
  cases: Map<string, Record<string, unknown>>;
  /** Every POST, with whether its signature was valid. */
  received: {
    idempotencyKey: string | null;
    signatureValid: boolean;
    /** The reference library's verdict on webhook-id, webhook-timestamp and webhook-signature. */
    standardValid: boolean;
    webhookId: string | null;
    status: number;
    body: string;
    timestamp: string | null;
  }[];
  failNext(n: number): void;
  close(): Promise<void>;
};

function validSignature(secret: string, timestamp: string | undefined, body: string, header: string | undefined): boolean {
  if (!timestamp || !header) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The secret as a Standard Webhooks library takes it: as is if it has the form, else `whsec_` + its UTF-8 in base64. */
export function standardSecret(secret: string): string {
  return secret.startsWith("whsec_") ? secret : `whsec_${Buffer.from(secret, "utf8").toString("base64")}`;
}

function validStandard(secret: string, body: string, headers: http.IncomingHttpHeaders): boolean {
  try {
    new Webhook(standardSecret(secret)).verify(body, {
      "webhook-id": String(headers["webhook-id"] ?? ""),
      "webhook-timestamp": String(headers["webhook-timestamp"] ?? ""),
      "webhook-signature": String(headers["webhook-signature"] ?? ""),
    });
    return true;
  } catch {
    return false;
  }
}

/** `delayMs`: answer this long after the request arrived (it is recorded at once). */
export async function startWebhookReceiver(secret: string, options: { delayMs?: number } = {}): Promise<WebhookReceiver> {
  const cases = new Map<string, Record<string, unknown>>();
  const received: WebhookReceiver["received"] = [];
  let failures = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const ok = validSignature(
        secret,
        req.headers["x-rullarut-timestamp"] as string | undefined,
        body,
        req.headers["x-rullarut-signature"] as string | undefined,
      );
      const standardValid = validStandard(secret, body, req.headers);
      const answer = (status: number, payload: unknown) => {
        received.push({
          idempotencyKey: key,
          signatureValid: ok,
          standardValid,
          webhookId: (req.headers["webhook-id"] as string | undefined) ?? null,
          status,
          body,
          timestamp: (req.headers["x-rullarut-timestamp"] as string | undefined) ?? null,
        });
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(status, { "Content-Type": "application/json" });
          res.end(JSON.stringify(payload));
        };
        if (options.delayMs) setTimeout(send, options.delayMs);
        else send();
      };
      if (req.method !== "POST") return answer(405, { error: "POST only" });
      if (failures > 0) {
        failures--;
        return answer(503, { error: "busy" });
      }
      if (!ok) return answer(401, { error: "bad signature" });
      if (req.headers["content-type"] !== "application/json") return answer(415, { error: "json only" });
      const parsed = JSON.parse(body) as Record<string, unknown>;
      if (parsed.ping) return answer(200, { pong: true });
      if (!key) return answer(400, { error: "Idempotency-Key required" });
      if (cases.has(key)) return answer(409, { id: `EXT-${key.slice(0, 8)}`, error: "already have it" });
      cases.set(key, parsed);
      return answer(201, { id: `EXT-${key.slice(0, 8)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/rullarut`,
    cases,
    received,
    failNext(n) {
      failures = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
