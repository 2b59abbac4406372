import { randomBytes } from "node:crypto";
import { hash, type Algorithm } from "@node-rs/argon2";
import type { Page } from "@playwright/test";
import type { Role } from "#db/enums";
import { DEMO_PASSWORD, login } from "./e2e";
import { withE2eDb } from "./e2e-db";
import { createUser, type Qualifications } from "./seed";

/**
 * A user of the test's own, straight into the e2e database. A test that changes what is remembered
 * per user (the chosen tour, read notices, e-mail choices) uses one, so tests running in parallel do
 * not change the demo accounts under each other's feet.
 */
let passwordHash: Promise<string> | undefined;

export async function freshUser(role: Role = "tour_leader", name = "Testa Testsson"): Promise<string> {
  return (await freshAccount(role, name)).email;
}

/** freshUser with the advisor functions and answer groups given; returns the e-mail (password: the demo password) and id. */
export async function freshAccount(role: Role, name: string, qualifications: Qualifications = {}): Promise<{ email: string; id: string }> {
  // The app's argon2id parameters (app/domain/auth/passwords.server.ts), for the demo password.
  passwordHash ??= hash(DEMO_PASSWORD, { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const user = { name, email: `test-${randomBytes(6).toString("hex")}@rullarut.example`, passwordHash: await passwordHash, role };
  const id = withE2eDb((db) => db.transaction((tx) => createUser(tx, user, qualifications)));
  return { email: user.email, id };
}

/** Logs in as a fresh user of the role; returns the e-mail address. */
export async function loginFresh(page: Page, role: Role = "tour_leader", name?: string): Promise<string> {
  const email = await freshUser(role, name);
  await login(page, email);
  return email;
}
