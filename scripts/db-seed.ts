// npm run db:seed [-- --demo] [--kommun <id>]: loads reference data (and demo data with --demo) into
// DATABASE_PATH, or into a municipality's database in a shared deployment.
import { seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { openDatabase } from "~/db.server";
import { parseEnv } from "~/env.server";
import { commandDatabase } from "./command-database";

const env = parseEnv(process.env);
const db = openDatabase(commandDatabase(env, process.argv.slice(2)).file);
const ref = seedReference(db);
console.log(`Referensdata: ${ref.areasInserted} nya områden, ${ref.organizationsInserted} nya organisationer`);
if (process.argv.includes("--demo")) {
  console.log((await seedDemo(db)) ? "Demodata laddad." : "Det finns redan användare; demodata laddades inte.");
}
db.$client.close();
