import "server-only";
import { env } from "@/lib/env";

/**
 * How a seller reaches the marketplace's support, as one sentence: with SUPPORT_EMAIL when it is
 * set, else without an address.
 */
export function supportContact(): string {
  const email = env().SUPPORT_EMAIL;
  return email
    ? `Contact the marketplace's support at ${email}.`
    : "Contact the marketplace's support.";
}
