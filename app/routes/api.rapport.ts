/**
 * GET /api/rapport?turne=<id> | ar=<åååå> | fran=<åååå-mm-dd>&till=<åååå-mm-dd> (issue 7):
 * the report's figures as JSON for the municipality's dashboards, documented in docs/api.md.
 * Auth: `Authorization: Bearer <key>` with an active API key (docs/decisions/018), or a logged-in
 * planner's session. Always JSON, never a redirect: 401 without valid credentials, 403 for a
 * user who isn't a planner, 400 for a bad period.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { periodFromSearchParams, reportJson } from "~/domain/report/api.server";
import { bearerKey, verifyApiKey } from "~/domain/report/api-keys.server";
import { yearlyReport } from "~/domain/report/report.server";
import { can } from "~/domain/users/roles";
import { getUser } from "~/session.server";

const HEADERS = { "Cache-Control": "private, no-store", Vary: "Authorization, Cookie" };

function error(status: number, message: string, extra: Record<string, string> = {}): Response {
  return Response.json({ error: { status, message } }, { status, headers: { ...HEADERS, ...extra } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const key = bearerKey(request);
  if (request.headers.has("Authorization")) {
    // A header was sent: it alone decides, so a bad key is never rescued by a cookie.
    if (!key || !verifyApiKey(db, key)) {
      return error(401, "API-nyckeln saknas, är ogiltig eller återkallad.", { "WWW-Authenticate": 'Bearer realm="rullarut", error="invalid_token"' });
    }
  } else {
    const user = await getUser(request);
    if (!user) return error(401, "Logga in eller skicka en API-nyckel: Authorization: Bearer <nyckel>.", { "WWW-Authenticate": 'Bearer realm="rullarut"' });
    if (!can.planTour(user.role)) return error(403, "Du har inte behörighet till rapporten.");
  }
  const query = periodFromSearchParams(db, new URL(request.url).searchParams);
  if (!query.ok) return error(400, query.message);
  return Response.json(reportJson(yearlyReport(db, query.period)), { headers: HEADERS });
}
