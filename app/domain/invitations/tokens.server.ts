import { createHash, randomBytes } from "node:crypto";

/** A reply link's token: 256 random bits, base64url (43 characters). Only its hash is stored. */
export function newReplyToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashReplyToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export function isWellFormedToken(token: string): boolean {
  return TOKEN_RE.test(token);
}
