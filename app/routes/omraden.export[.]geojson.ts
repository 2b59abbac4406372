import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { exportAreas } from "~/domain/areas/transfer.server";
import { areasToGeoJson } from "~/domain/areas/transfer";
import { requirePlannerUser } from "~/session.server";
import { stockholmDate } from "~/utils/dates";
import { handleDomain } from "~/utils/http.server";

/** GET /omraden/export.geojson[?arkiverade=1]: the areas as a GeoJSON FeatureCollection of points. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlannerUser(request);
  const includeArchived = new URL(request.url).searchParams.get("arkiverade") === "1";
  const records = await handleDomain(() => exportAreas(getDb(), actor, { includeArchived }));
  return new Response(JSON.stringify(areasToGeoJson(records), null, 2), {
    headers: {
      "Content-Type": "application/geo+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="omraden-${stockholmDate(new Date())}.geojson"`,
      "Cache-Control": "no-store",
    },
  });
}
