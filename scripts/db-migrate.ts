// npm run db:migrate: applies the committed migrations to DATABASE_PATH (the server also does this at start).
import { openDatabase } from "~/db.server";
import { parseEnv } from "~/env.server";

const env = parseEnv(process.env);
openDatabase(env.DATABASE_PATH).$client.close();
console.log(`Migrerad: ${env.DATABASE_PATH}`);
