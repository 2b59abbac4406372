/**
 * The case delivery worker in a process of its own, against a real SQLite file (issue 12: what a
 * kill -9 mid-batch leaves behind). Used by tests/integration/case-delivery-hardening.test.ts:
 *   node case-delivery-worker.mjs <db file>
 * Opens the database, starts startCaseDeliveryWorker with the configuration stored in the file,
 * prints "ready <pid>", and runs until killed.
 */
import { openDatabase } from "~/db.server";
import { startCaseDeliveryWorker } from "~/domain/cases/delivery.server";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: case-delivery-worker <db file>");
  process.exit(2);
}

const db = openDatabase(file, { migrate: false });
startCaseDeliveryWorker({ db, intervalMs: 100, log: (level, message) => process.stderr.write(`${level}: ${message}\n`) });
process.stdout.write(`ready ${process.pid}\n`);
