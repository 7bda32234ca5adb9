import type { Applied } from "@/lib/stripe/webhooks/dispatch";

/**
 * account.application.authorized: a seller granted the platform access. The OAuth callback stores
 * the connection (it may not have finished yet, and may still refuse it, e.g. an account connected
 * to another seller), so nothing changes here: the stored event is the record, and it counts
 * towards the account's lastEventAt.
 */
export function accountApplicationAuthorized(): Applied | undefined {
  return undefined;
}
