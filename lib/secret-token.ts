import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A new secret for a link or a state: 256 random bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this SHA-256 of a secret token is ever stored: a database leak reveals no usable token. */
export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
