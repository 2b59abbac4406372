import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { exportAreas } from "~/domain/areas/transfer.server";
import { areasToCsv } from "~/domain/areas/transfer";
import { requirePlannerUser } from "~/session.server";
import { stockholmDate } from "~/utils/dates";
import { handleDomain } from "~/utils/http.server";

/** GET /omraden/export.csv[?arkiverade=1]: the areas as CSV (UTF-8 with BOM), for a spreadsheet or another import. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const includeArchived = new URL(request.url).searchParams.get("arkiverade") === "1";
  const records = await handleDomain(() => exportAreas(getDb(), actor, { includeArchived }));
  return new Response(areasToCsv(records), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="omraden-${stockholmDate(new Date())}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
