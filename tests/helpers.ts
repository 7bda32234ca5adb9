import { randomUUID } from "node:crypto";

/** A unique email address, so tests sharing the database never collide. */
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}
