import { randomBytes } from "node:crypto";
import path from "node:path";
import { hash, type Algorithm } from "@node-rs/argon2";
import type { Page } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO_PASSWORD, login } from "./e2e";

/**
 * A user of the test's own, straight into the e2e database. A test that changes what is remembered
 * per user (the chosen tour, read notices, e-mail choices) uses one, so tests running in parallel do
 * not change the demo accounts under each other's feet.
 */
let passwordHash: Promise<string> | undefined;

export async function freshUser(role: "admin" | "tour_leader" | "staff" = "tour_leader", name = "Testa Testsson"): Promise<string> {
  // The app's argon2id parameters (app/domain/auth/passwords.server.ts), for the demo password.
  passwordHash ??= hash(DEMO_PASSWORD, { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const email = `test-${randomBytes(6).toString("hex")}@rullarut.example`;
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, "e2e.sqlite"));
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare("insert into users (id, name, email, password_hash, role) values (?, ?, ?, ?, ?)").run(
      randomBytes(16).toString("base64url"),
      name,
      email,
      await passwordHash,
      role,
    );
  } finally {
    db.close();
  }
  return email;
}

/** Logs in as a fresh user of the role; returns the e-mail address. */
export async function loginFresh(page: Page, role: "admin" | "tour_leader" | "staff" = "tour_leader", name?: string): Promise<string> {
  const email = await freshUser(role, name);
  await login(page, email);
  return email;
}
