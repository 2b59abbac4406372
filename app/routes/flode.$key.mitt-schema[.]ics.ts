import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { resolveFeedKey } from "~/domain/calendar/feed-keys.server";
import { buildMyScheduleFeed } from "~/domain/calendar/feeds.server";
import { appOrigin, feedNotFound, icsResponse } from "~/domain/calendar/ics.server";

/** /flode/<key>/mitt-schema.ics: the stops the key's owner is booked on, with their role. The key is the login. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const owner = resolveFeedKey(db, params.key ?? "");
  if (!owner) return feedNotFound();
  return icsResponse(buildMyScheduleFeed(db, owner, appOrigin(request)), { cacheControl: "private, no-store", filename: "mitt-schema.ics" });
}
