// npm run db:seed [-- --demo]: loads reference data (and demo data with --demo) into DATABASE_PATH.
import { seedDemo } from "#db/seed/demo";
import { seedReference } from "#db/seed/reference";
import { openDatabase } from "~/db.server";
import { parseEnv } from "~/env.server";

const env = parseEnv(process.env);
const db = openDatabase(env.DATABASE_PATH);
const ref = seedReference(db);
console.log(`Referensdata: ${ref.areasInserted} nya områden, ${ref.organizationsInserted} nya organisationer`);
if (process.argv.includes("--demo")) {
  console.log((await seedDemo(db)) ? "Demodata laddad." : "Det finns redan användare; demodata laddades inte.");
}
db.$client.close();
