import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { resolveFeedKey } from "~/domain/calendar/feed-keys.server";
import { buildStaffFeed } from "~/domain/calendar/feeds.server";
import { appOrigin, feedNotFound, icsResponse } from "~/domain/calendar/ics.server";
import { NotFound } from "~/domain/errors";

/**
 * /flode/<key>/turne/<tourId>.ics: one tour's stops. The file name is parsed here rather than
 * written as `$tourId[.]ics` in the route name: React Router does not support a parameter that
 * is only part of a path segment.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const owner = resolveFeedKey(db, params.key ?? "");
  const tourId = /^(.+)\.ics$/.exec(params.tourFile ?? "")?.[1];
  if (!owner || !tourId) return feedNotFound();
  try {
    return icsResponse(buildStaffFeed(db, owner, appOrigin(request), { tourId }), {
      cacheControl: "private, no-store",
      filename: "turne.ics",
    });
  } catch (error) {
    if (error instanceof NotFound) return feedNotFound();
    throw error;
  }
}
