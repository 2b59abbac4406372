import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { areaMapPoints } from "~/domain/areas/areas.server";
import { requireUser } from "~/session.server";
import { jsonWithEtag } from "~/utils/http.server";

/** GET /omraden/karta.json: every area that is not archived, as points for the overview map (fetched once the map has loaded). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return jsonWithEtag(request, areaMapPoints(getDb()));
}
