// npm run user:create -- --email anna@kommun.se --name "Anna Andersson" [--role admin|tour_leader|staff]
// Makes the first admin of a production database; in a shared deployment add --kommun <id>. The password is read from the terminal
// (not echoed) or, for automation, from the environment variable NEW_USER_PASSWORD.
import readline from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { openDatabase } from "~/db.server";
import { Conflict } from "~/domain/errors";
import { createUserSchema } from "~/domain/users/schemas";
import { createUser } from "~/domain/users/users.server";
import { parseEnv } from "~/env.server";
import { commandDatabase } from "./command-database";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "admin" },
    kommun: { type: "string" },
  },
});

async function askPassword(): Promise<string> {
  if (process.env.NEW_USER_PASSWORD) return process.env.NEW_USER_PASSWORD;
  if (!process.stdin.isTTY) throw new Error("Inget lösenord: sätt NEW_USER_PASSWORD eller kör i en terminal.");
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(q);
      muted = true;
      rl.question("", (a) => {
        muted = false;
        process.stdout.write("\n");
        resolve(a);
      });
    });
  const first = await ask("Lösenord (minst 10 tecken): ");
  const second = await ask("Upprepa lösenordet: ");
  rl.close();
  if (first !== second) throw new Error("Lösenorden är inte lika.");
  return first;
}

try {
  const env = parseEnv(process.env);
  const { kommun, ...fields } = values;
  const database = commandDatabase(env, kommun === undefined ? [] : ["--kommun", kommun]);
  const password = await askPassword();
  const input = createUserSchema.parse({ ...fields, password });
  const db = openDatabase(database.file);
  const id = await createUser(db, null, input);
  db.$client.close();
  console.log(`Användaren ${input.email} (${input.role}) är skapad, id ${id}.`);
} catch (error) {
  if (error instanceof ZodError) {
    for (const issue of error.issues) console.error(`--${issue.path.join(".")}: ${issue.message}`);
  } else if (error instanceof Conflict || error instanceof Error) {
    console.error(error.message);
  }
  process.exit(1);
}
