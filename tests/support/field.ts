/** The e2e database's side of field mode: a stop running now to log on, and the cases made at it. */
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";

const id = () => randomBytes(16).toString("base64url");
const dbFile = () => path.join(process.env.E2E_DATA_DIR!, "e2e.sqlite");

/**
 * A stop running now (from 30 minutes ago, for three hours) in the demo's current tour, confirmed
 * unless told otherwise, with the person booked on it unless `booked` is false. No tour of its own:
 * a new tour covering today would become the "current tour" that other specs' pages open by default.
 */
export function seedStopNow(email: string, title: string, options: { status?: string; booked?: boolean } = {}): string {
  const db = new Database(dbFile());
  try {
    db.pragma("busy_timeout = 5000");
    const user = db.prepare("select id from users where email = ?").get(email) as { id: string };
    const area = db.prepare("select id from areas where name = 'Mörarp'").get() as { id: string } | undefined;
    const stopId = id();
    const now = Date.now();
    const today = new Date(now).toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });
    const tour = db
      .prepare("select id from tours where archived_at is null and starts_on <= ? and ends_on >= ? order by starts_on desc limit 1")
      .get(today, today) as { id: string } | undefined;
    if (!tour) throw new Error("The demo data have no tour running today.");
    db.transaction(() => {
      db.prepare(
        `insert into stops (id, tour_id, title, kind, area_id, venue_name, venue_address, lat, lng, starts_at, ends_at, status)
         values (?, ?, ?, 'market', ?, 'Torget', 'Storgatan 1, Mörarp', 56.0553, 12.8562, ?, ?, ?)`,
      ).run(stopId, tour.id, title, area?.id ?? null, now - 30 * 60_000, now + 3 * 3600_000, options.status ?? "confirmed");
      if (options.booked ?? true) {
        db.prepare("insert into stop_assignments (id, stop_id, user_id, group_code, status) values (?, ?, ?, 'ASSF', 'confirmed')").run(id(), stopId, user.id);
      }
    })();
    return stopId;
  } finally {
    db.close();
  }
}

/** The cases made from the questions logged at a stop, in the order they were logged. */
export function casesAt(stopId: string): { number: string; status: string; question: string }[] {
  const db = new Database(dbFile(), { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return db
      .prepare(
        `select c.number, c.status, q.question from cases c join field_questions q on q.id = c.question_id
         where c.stop_id = ? order by q.logged_at`,
      )
      .all(stopId) as { number: string; status: string; question: string }[];
  } finally {
    db.close();
  }
}
