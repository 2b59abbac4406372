/**
 * POST /api/inkommande-epost (issue 16, ADR 033): the inbound e-mail webhook. The mail service
 * that receives the organizer address (CALENDAR_ORGANIZER) posts each message to it raw
 * (Content-Type message/rfc822), with `Authorization: Bearer <INBOUND_MAIL_SECRET>`. Calendar
 * answers in it (METHOD:REPLY) are kept on the stop; everything else is acknowledged and dropped,
 * so the service does not retry it. Off (404) while INBOUND_MAIL_SECRET is unset.
 */
import { timingSafeEqual } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { recordCalendarReplies } from "~/domain/calendar/invites.server";
import { getEnv } from "~/env.server";
import { readBodyUpTo } from "~/utils/http.server";

/** A calendar answer is a few kB; a message with attachments a few MB at most. */
export const MAX_INBOUND_BYTES = 5 * 1024 * 1024;

const HEADERS = { "Cache-Control": "no-store" };

function answer(status: number, body: Record<string, unknown>, extra: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...HEADERS, ...extra } });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function loader() {
  return answer(405, { error: "Använd POST med meddelandet som message/rfc822." }, { Allow: "POST" });
}

export async function action({ request }: ActionFunctionArgs) {
  const secret = getEnv().INBOUND_MAIL_SECRET;
  if (!secret) return answer(404, { error: "Inkommande e-post är inte påslaget (INBOUND_MAIL_SECRET)." });
  if (request.method !== "POST") return answer(405, { error: "Använd POST." }, { Allow: "POST" });
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.get("Authorization") ?? "")?.[1]?.trim() ?? "";
  if (!given || !sameSecret(given, secret)) {
    return answer(
      401,
      { error: "Fel eller ingen nyckel: Authorization: Bearer <INBOUND_MAIL_SECRET>." },
      { "WWW-Authenticate": 'Bearer realm="rullarut-inbound"' },
    );
  }
  const raw = await readBodyUpTo(request, MAX_INBOUND_BYTES);
  if (raw === null) return answer(413, { error: `Meddelandet är större än ${MAX_INBOUND_BYTES / 1024 / 1024} MB.` });
  if (raw.byteLength === 0) return answer(400, { error: "Meddelandet är tomt." });
  let outcomes;
  try {
    outcomes = await recordCalendarReplies(getDb(), raw);
  } catch {
    // Not a message postal-mime can read at all: nothing to keep, and a retry would not help.
    return answer(422, { error: "Meddelandet kunde inte läsas som e-post." });
  }
  return answer(200, { answers: outcomes.filter((o) => o.status === "saved").length, ignored: outcomes.filter((o) => o.status !== "saved").length });
}
