import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { checkDatabase, openDatabase } from "~/db.server";
import { attemptLogin } from "~/domain/auth/login.server";
import { createTestDb, seededTestDb, type TestDb } from "../support/db";

/** Runs one of the npm scripts' entry files the way npm does (tsx), with its own environment. */
function runScript(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", script), ...args], {
    env: { ...process.env, NODE_ENV: "development", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

let testDb: TestDb | undefined;
afterEach(() => {
  testDb?.cleanup();
  testDb = undefined;
});

describe("npm run db:backup -- FILE", () => {
  it("writes a consistent copy while the database is open for writing", async () => {
    testDb = await seededTestDb({ demo: false });
    const target = path.join(testDb.dir, "backup", "copy.sqlite");
    const result = runScript("db-backup.ts", [target], { DATABASE_PATH: testDb.file });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("integritet ok");
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare("select count(*) as n from areas").get()).toEqual({ n: 51 });
    expect(copy.prepare("select count(*) as n from organizations").get()).toEqual({ n: 8 });
    copy.close();
  });

  it("refuses to overwrite an existing file and explains a missing argument", async () => {
    testDb = await seededTestDb({ demo: false });
    const again = runScript("db-backup.ts", [testDb.file], { DATABASE_PATH: testDb.file });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("Filen finns redan");
    const missing = runScript("db-backup.ts", [], { DATABASE_PATH: testDb.file });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("npm run db:backup -- ");
  });
});

describe("a shared deployment's commands (TENANTS_FILE)", () => {
  it("export one municipality whole, make its first admin, and ask which municipality when not told", async () => {
    testDb = await seededTestDb({ demo: false });
    const tenantsFile = path.join(testDb.dir, "tenants.json");
    const tenant = (id: string, database: string) => ({ id, name: `${id} kommun`, hosts: [`${id}.example.se`], baseUrl: `https://${id}.example.se`, database });
    fs.writeFileSync(tenantsFile, JSON.stringify({ tenants: [tenant("alfa", testDb.file), tenant("beta", "beta.sqlite")] }));
    const env = { TENANTS_FILE: tenantsFile, DATABASE_PATH: path.join(testDb.dir, "inte-denna.sqlite") };

    const target = path.join(testDb.dir, "export", "alfa.sqlite");
    const exported = runScript("db-backup.ts", ["--kommun", "alfa", target], env);
    expect(exported.stderr).toBe("");
    expect(exported.status).toBe(0);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare("select count(*) as n from areas").get()).toEqual({ n: 51 });
    copy.close();

    const made = runScript("user-create.ts", ["--kommun", "beta", "--email", "admin@beta.example.se", "--name", "Beta Admin"], {
      ...env,
      NEW_USER_PASSWORD: "ett långt och hemligt lösenord",
    });
    expect(made.stderr).toBe("");
    expect(made.status).toBe(0);
    const beta = openDatabase(path.join(testDb.dir, "beta.sqlite"));
    expect(beta.$client.prepare("select email, role from users").all()).toEqual([{ email: "admin@beta.example.se", role: "admin" }]);
    beta.$client.close();
    expect(fs.existsSync(env.DATABASE_PATH)).toBe(false);

    const unnamed = runScript("db-backup.ts", [path.join(testDb.dir, "x.sqlite")], env);
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toContain("Ange kommunen med --kommun <id> (TENANTS_FILE: alfa, beta).");
    const unknown = runScript("db-migrate.ts", ["--kommun", "gamma"], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Ingen kommun med id "gamma"');
    const single = runScript("db-migrate.ts", ["--kommun", "alfa"], { DATABASE_PATH: testDb.file });
    expect(single.status).toBe(2);
    expect(single.stderr).toContain("--kommun gäller bara en delad installation");
  });
});

describe("npm run user:create", () => {
  it("makes the first admin of an empty database, who can then log in", async () => {
    testDb = createTestDb();
    const password = "ett långt och hemligt lösenord";
    const result = runScript("user-create.ts", ["--email", "Anna@Kommun.se", "--name", "Anna Andersson"], {
      DATABASE_PATH: testDb.file,
      NEW_USER_PASSWORD: password,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("anna@kommun.se (admin)");
    expect(result.stdout).not.toContain(password);
    const login = await attemptLogin(testDb.db, { email: "anna@kommun.se", password, ip: "192.0.2.1" });
    expect(login.ok).toBe(true);
    const role = testDb.db.$client.prepare("select role from users where email = ?").get("anna@kommun.se");
    expect(role).toEqual({ role: "admin" });
  });

  it("refuses a short password in Swedish and creates nothing", () => {
    testDb = createTestDb();
    const result = runScript("user-create.ts", ["--email", "anna@kommun.se", "--name", "Anna Andersson"], {
      DATABASE_PATH: testDb.file,
      NEW_USER_PASSWORD: "kort",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Lösenordet måste ha minst 10 tecken");
    expect(testDb.db.$client.prepare("select count(*) as n from users").get()).toEqual({ n: 0 });
  });
});

describe("the health check", () => {
  it("reports a database that can no longer be read", () => {
    testDb = createTestDb();
    const db = openDatabase(testDb.file);
    expect(checkDatabase(db)).toEqual({ ok: true });
    db.$client.close();
    expect(checkDatabase(db).ok).toBe(false);
  });
});
