import type Stripe from "stripe";
import { updateAccountSnapshot } from "@/lib/data/connections";
import { accountSnapshot } from "@/lib/stripe/account-snapshot";
import type { Applied, HandlerInput } from "@/lib/stripe/webhooks/types";
import { eventTime } from "@/lib/stripe/webhooks/verify";

/**
 * account.updated: refreshes the account snapshot of the account's CONNECTED connection (never its
 * status: after a revocation a late update changes nothing). Applied only when the event is not
 * older than the snapshot held (`accountUpdatedAt`), so a late or redelivered event never
 * overwrites newer state. Two updates within one second cannot be ordered by `created`: the
 * snapshot is then fetched again from Stripe once this commits.
 */
export async function accountUpdated({
  event,
  account,
  tx,
}: HandlerInput<Stripe.AccountUpdatedEvent>): Promise<Applied | undefined> {
  const { snapshot, asOf } = accountUpdateOf(event, account);
  if (await updateAccountSnapshot(account, snapshot, asOf, "older", tx)) return undefined;
  // Not newer than the snapshot held: older (nothing to do), or from the same second.
  const tied = await updateAccountSnapshot(account, snapshot, asOf, "as-old", tx);
  return tied ? { refreshConnectionId: tied } : undefined;
}

/** The snapshot an account.updated carries and its time (also for lib/stripe/webhooks/process.ts). */
export function accountUpdateOf(event: Stripe.AccountUpdatedEvent, account: string) {
  const object = event.data.object;
  if (object.id !== account) {
    throw new Error(`account.updated for ${account} carries account ${object.id}`);
  }
  return { snapshot: accountSnapshot(object), asOf: eventTime(event) };
}
