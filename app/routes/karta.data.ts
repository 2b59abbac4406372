import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { parseMapFilters } from "~/domain/map/filters";
import { mapData } from "~/domain/map/tour-map.server";
import { requireUser } from "~/session.server";
import { chosenTourId } from "~/domain/tours/chosen-tour.server";

/** The map's points as compact JSON, fetched by the map once it has loaded in the browser. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const filters = parseMapFilters(new URL(request.url).searchParams, chosenTourId(db, user));
  return Response.json(mapData(db, filters), { headers: { "Cache-Control": "private, no-store" } });
}
