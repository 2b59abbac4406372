import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { buildPublicFeed } from "~/domain/calendar/feeds.server";
import { appOrigin, icsResponse } from "~/domain/calendar/ics.server";

/** /har-finns-vi.ics: the public schedule as a calendar feed. No login; the same for everyone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const body = buildPublicFeed(getDb(), appOrigin(request));
  return icsResponse(body, { cacheControl: "public, max-age=300", filename: "har-finns-vi.ics" });
}
