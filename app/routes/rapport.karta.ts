import type { LoaderFunctionArgs } from "@remix-run/node";
import { periodErrorMessage, readReportQuery } from "~/domain/report/period-query.server";
import { getDb } from "~/db.server";
import { reportMapData } from "~/domain/report/report-map.server";
import { requirePlannerUser } from "~/session.server";

/**
 * GET /rapport/karta?<the report page's parameters>: the report map's areas and hot spots as
 * compact JSON, fetched by the map once it has loaded in the browser (the page itself stays small).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlannerUser(request);
  const db = getDb();
  const { period, errors } = readReportQuery(db, new URL(request.url).searchParams);
  const headers = { "Cache-Control": "private, no-store" };
  if (!period) return Response.json({ error: { status: 400, message: periodErrorMessage(errors) } }, { status: 400, headers });
  return Response.json(reportMapData(db, period), { headers });
}
