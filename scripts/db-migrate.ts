// npm run db:migrate [-- --kommun <id>]: applies the committed migrations to DATABASE_PATH, or to a
// municipality's database in a shared deployment (the server also does this at start).
import { openDatabase } from "~/db.server";
import { parseEnv } from "~/env.server";
import { commandDatabase } from "./command-database";

const env = parseEnv(process.env);
const database = commandDatabase(env, process.argv.slice(2));
openDatabase(database.file).$client.close();
console.log(`Migrerad: ${database.file} (${database.label})`);
