/**
 * One staff member signing up, in a process of its own with its own database connection.
 * Used by tests/integration/staffing-concurrency.test.ts:
 *   node --import tsx tests/support/sign-up-worker.ts <db file> <stop id> <user id> <now ISO>
 * Opens the database, prints "ready", waits for a line on stdin (the barrier), signs up,
 * and prints one JSON line with the outcome.
 */
import readline from "node:readline";
import { openDatabase } from "~/db.server";
import { signUp, SignUpRefused } from "~/domain/staffing/staffing.server";

const [file, stopId, userId, nowIso] = process.argv.slice(2);
if (!file || !stopId || !userId || !nowIso) {
  console.error("usage: sign-up-worker <db file> <stop id> <user id> <now ISO>");
  process.exit(2);
}

const db = openDatabase(file, { migrate: false });
// Warm up the connection and the statements' code paths, so the race is about the sign-up only.
db.$client.prepare("select count(*) from stop_assignments").get();

const input = readline.createInterface({ input: process.stdin });
process.stdout.write("ready\n");

input.once("line", () => {
  let outcome: Record<string, unknown>;
  try {
    const result = signUp(db, { id: userId, role: "staff" }, stopId, new Date(nowIso));
    outcome = { ok: true, ...result };
  } catch (error) {
    outcome =
      error instanceof SignUpRefused
        ? { ok: false, refused: true, reason: error.refusal.reason, message: error.message }
        : { ok: false, refused: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  db.$client.close();
  input.close();
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
});
