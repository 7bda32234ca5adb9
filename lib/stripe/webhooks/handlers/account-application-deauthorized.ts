import type Stripe from "stripe";
import type { Change, HandlerInput } from "@/lib/stripe/webhooks/types";
import { eventTime } from "@/lib/stripe/webhooks/verify";

/**
 * account.application.deauthorized: the seller revoked access (from their Stripe Dashboard, or we
 * disconnected). The seller is `event.account`; `data.object` is our own application (ca_…).
 * Their active connection ends at the event's time: REVOKED, or DISCONNECTED when we had just
 * asked Stripe to disconnect it (see the writer, lib/stripe/webhooks/apply.ts).
 */
export function accountApplicationDeauthorized({
  event,
  account,
}: HandlerInput<Stripe.AccountApplicationDeauthorizedEvent>): Change[] {
  return [{ kind: "end-access", account, at: eventTime(event), reason: "deauthorized" }];
}
