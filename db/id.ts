import { randomBytes } from "node:crypto";

/** A random, URL-safe id with 128 bits of entropy (22 characters). Never sequential. */
export function randomId(): string {
  return randomBytes(16).toString("base64url");
}
