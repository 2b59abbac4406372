/**
 * POST /falt/fragor: the field page's offline queue sends one question as JSON (issue 6).
 * Always answers JSON (SyncResponse), never a redirect: 201 created, 200 duplicate (the same
 * client UUID again), 400 invalid, 401 login, 403 forbidden, 500 error. The queue drops an item
 * only on 201 or 200.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { fieldQuestionSchema, type SyncResponse } from "~/domain/field/schemas";
import { recordFieldQuestion } from "~/domain/field/questions.server";
import { getUser } from "~/session.server";
import { domainStatus, readBodyUpTo } from "~/utils/http.server";

const MAX_BODY_BYTES = 64 * 1024;

const HEADERS = { "Cache-Control": "no-store" };

function reply(body: SyncResponse, status: number): Response {
  return Response.json(body, { status, headers: HEADERS });
}

class BodyTooLarge extends Error {}

/** The body as text, refusing more than MAX_BODY_BYTES without reading it all. */
async function readLimited(request: Request): Promise<string> {
  const body = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (!body) throw new BodyTooLarge();
  return body.toString("utf8");
}

function idOf(body: unknown): string | null {
  if (body && typeof body === "object" && "id" in body && typeof body.id === "string" && body.id.length <= 64) return body.id;
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return reply({ status: "error", message: "Endast POST." }, 405);
  const user = await getUser(request);
  if (!user) return reply({ status: "login" }, 401);

  let body: unknown;
  try {
    const text = await readLimited(request);
    body = JSON.parse(text);
  } catch (error) {
    const message = error instanceof BodyTooLarge ? "Frågan är för stor (högst 64 kB)." : "Ogiltig JSON.";
    return reply({ status: "invalid", id: null, fieldErrors: { "": [message] } }, 400);
  }

  const parsed = fieldQuestionSchema.safeParse(body);
  if (!parsed.success) {
    const flat = parsed.error.flatten();
    const fieldErrors: Record<string, string[]> = {};
    for (const [key, messages] of Object.entries(flat.fieldErrors)) if (messages?.length) fieldErrors[key] = messages;
    if (flat.formErrors.length) fieldErrors[""] = flat.formErrors;
    return reply({ status: "invalid", id: idOf(body), fieldErrors }, 400);
  }

  try {
    const result = recordFieldQuestion(getDb(), user, parsed.data);
    return reply({ status: result.status, id: parsed.data.id, caseNumber: result.caseNumber }, result.status === "created" ? 201 : 200);
  } catch (error) {
    if (error instanceof Conflict) {
      return reply({ status: "invalid", id: parsed.data.id, fieldErrors: { [error.field ?? ""]: [error.message] } }, domainStatus(error, "form"));
    }
    if (error instanceof Forbidden) return reply({ status: "forbidden", message: error.message }, 403);
    if (error instanceof NotFound) return reply({ status: "invalid", id: parsed.data.id, fieldErrors: { "": [error.message] } }, 400);
    // No question text in the log: only that it failed.
    console.error("field question sync failed", error instanceof Error ? error.name : "unknown");
    return reply({ status: "error", message: "Något gick fel på servern. Frågan ligger kvar och skickas igen." }, 500);
  }
}

/** GET is not part of the API. */
export function loader() {
  return reply({ status: "error", message: "Endast POST." }, 405);
}
