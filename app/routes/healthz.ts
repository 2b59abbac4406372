import { checkDatabase, getDb } from "~/db.server";

/** For load balancers and monitoring: 200 when the database answers, else 503. No login. */
export async function loader() {
  let db: ReturnType<typeof checkDatabase>;
  try {
    db = checkDatabase(getDb());
  } catch (error) {
    db = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return Response.json({ ok: db.ok, db: db.ok ? "ok" : "unavailable" }, { status: db.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
