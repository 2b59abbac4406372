import { hash, verify, type Algorithm } from "@node-rs/argon2";

/**
 * argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane). See docs/decisions/003-passwords-argon2id.md.
 */
// Algorithm.Argon2id is a const enum (value 2), which isolatedModules cannot inline.
const OPTIONS = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The password hash of a user who signs in only through single sign-on (ADR 036): matches no password. */
export const NO_PASSWORD = "!sso";

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so response time does not tell whether an account exists. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword("rullarut-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}
