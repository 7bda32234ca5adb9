import type Stripe from "stripe";
import { bindAuthorizedAccount } from "@/lib/stripe/unconfirmed-connect";
import type { Applied, HandlerInput } from "@/lib/stripe/webhooks/types";
import { eventTime } from "@/lib/stripe/webhooks/verify";

/**
 * account.application.authorized: a seller granted the platform access. Normally the OAuth
 * callback stores the connection (it may not have finished yet, and may still refuse it, e.g. an
 * account connected to another seller), so the stored event is the record. When the callback's
 * code exchange timed out, this event is how Stripe tells us it did connect: it is bound to that
 * unconfirmed attempt if it can only be that one (lib/stripe/unconfirmed-connect.ts), and the
 * new connection's snapshot is fetched once this commits.
 */
export async function accountApplicationAuthorized({
  event,
  account,
  tx,
}: HandlerInput<Stripe.AccountApplicationAuthorizedEvent>): Promise<Applied | undefined> {
  const connection = await bindAuthorizedAccount(tx, {
    account,
    livemode: event.livemode,
    created: eventTime(event),
  });
  return connection ? { refreshConnectionId: connection.id } : undefined;
}
