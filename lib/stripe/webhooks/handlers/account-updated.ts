import type Stripe from "stripe";
import { accountSnapshot } from "@/lib/stripe/account-snapshot";
import type { Change, HandlerInput } from "@/lib/stripe/webhooks/types";
import { eventTime } from "@/lib/stripe/webhooks/verify";

/**
 * account.updated: the account's snapshot as at the event's `created`. The writer stores it on
 * the account's CONNECTED connection unless the one held there is newer (see
 * lib/data/webhook-batch.ts).
 */
export function accountUpdated({
  event,
  account,
}: HandlerInput<Stripe.AccountUpdatedEvent>): Change[] {
  const object = event.data.object;
  if (object.id !== account) {
    throw new Error(`account.updated for ${account} carries account ${object.id}`);
  }
  return [{ kind: "snapshot", account, asOf: eventTime(event), snapshot: accountSnapshot(object) }];
}
