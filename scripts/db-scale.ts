/**
 * npm run db:scale -- --factor N [--database PATH] [--seed S]
 *
 * Multiplies areas, organizations, contacts and users, and adds ten years of tours with
 * 500 × N stops and their needs (see db/seed/scale.ts), so the app can be tried and measured
 * with realistic volumes. Fictional data only. Running it again adds more.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_SCALE_FACTOR, DEFAULT_SCALE_SEED, scaleDatabase } from "#db/seed/scale";
import { seedReference } from "#db/seed/reference";
import { openDatabase } from "~/db.server";

function usage(message?: string): never {
  if (message) console.error(`Fel: ${message}\n`);
  console.error("Användning: npm run db:scale -- [--factor N] [--database SÖKVÄG] [--seed S]");
  console.error(`  --factor    hur många gånger fler rader (standard ${DEFAULT_SCALE_FACTOR})`);
  console.error("  --database  databasfilen (standard DATABASE_PATH eller ./data/rullarut.sqlite)");
  console.error(`  --seed      frö för slumptalen (standard ${DEFAULT_SCALE_SEED})`);
  process.exit(message ? 1 : 0);
}

function parseNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) usage(`--${name} måste vara ett tal (fick "${value}")`);
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      factor: { type: "string", short: "f" },
      database: { type: "string", short: "d" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
if (values.help) usage();

const factor = parseNumber(values.factor, "factor", DEFAULT_SCALE_FACTOR);
if (factor < 1) usage("--factor måste vara minst 1");
const seed = Math.trunc(parseNumber(values.seed, "seed", DEFAULT_SCALE_SEED));
const file = values.database ?? process.env.DATABASE_PATH ?? "./data/rullarut.sqlite";

const db = openDatabase(file);
try {
  seedReference(db);
  const report = await scaleDatabase(db, { factor, seed });
  console.log(`Skaldata i ${path.resolve(file)} (faktor ${report.factor}, frö ${report.seed}):`);
  for (const step of report.steps) {
    const total = report.totals[step.table];
    console.log(`  ${step.label}: ${step.inserted} nya${total === undefined ? "" : `, ${total} totalt`} (${step.ms} ms)`);
  }
  if (report.previouslyGenerated > 0) console.log("  (databasen hade redan skaldata; den här körningen lade till mer)");
  console.log(`Klart på ${(report.ms / 1000).toFixed(1)} s. Genererade konton har lösenordet rullarut-demo.`);
} catch (error) {
  console.error("Skalningen misslyckades:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  db.$client.close();
}
