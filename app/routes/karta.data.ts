import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { parseMapFilters } from "~/domain/map/filters";
import { mapData } from "~/domain/map/tour-map.server";
import { currentTourId } from "~/domain/tours/tours.server";
import { requireUser } from "~/session.server";
import { todayInStockholm } from "~/utils/dates";

/** The map's points as compact JSON, fetched by the map once it has loaded in the browser. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const db = getDb();
  const filters = parseMapFilters(new URL(request.url).searchParams, currentTourId(db, todayInStockholm()));
  return Response.json(mapData(db, filters), { headers: { "Cache-Control": "private, no-store" } });
}
