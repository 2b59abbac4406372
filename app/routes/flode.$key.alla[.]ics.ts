import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { resolveFeedKey } from "~/domain/calendar/feed-keys.server";
import { buildStaffFeed } from "~/domain/calendar/feeds.server";
import { appOrigin, feedNotFound, icsResponse } from "~/domain/calendar/ics.server";

/** /flode/<key>/alla.ics: every tour's stops for a staff member's calendar app. The key is the login. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const owner = resolveFeedKey(db, params.key ?? "");
  if (!owner) return feedNotFound();
  return icsResponse(buildStaffFeed(db, owner, appOrigin(request)), { cacheControl: "private, no-store", filename: "alla-stopp.ics" });
}
