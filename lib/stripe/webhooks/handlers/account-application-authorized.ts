import type Stripe from "stripe";
import type { Change, HandlerInput } from "@/lib/stripe/webhooks/types";
import { eventTime } from "@/lib/stripe/webhooks/verify";

/**
 * account.application.authorized: a seller granted the platform access. Normally the OAuth
 * callback stores the connection (it may not have finished yet, and may still refuse it, e.g. an
 * account connected to another seller), so the stored event is the record. When the callback's
 * code exchange timed out, this event is how Stripe tells us it did connect: the writer binds it
 * to that unconfirmed attempt if it can only be that one (lib/stripe/unconfirmed-connect.ts).
 */
export function accountApplicationAuthorized({
  event,
  account,
}: HandlerInput<Stripe.AccountApplicationAuthorizedEvent>): Change[] {
  return [
    { kind: "bind-authorized", account, livemode: event.livemode, created: eventTime(event) },
  ];
}
