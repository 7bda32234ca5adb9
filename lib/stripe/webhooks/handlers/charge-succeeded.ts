import type Stripe from "stripe";
import type { Change, HandlerInput } from "@/lib/stripe/webhooks/types";
import { eventTime } from "@/lib/stripe/webhooks/verify";

/** charge.succeeded: a payment on the seller's account, for their activity feed. */
export function chargeSucceeded({
  event,
  account,
}: HandlerInput<Stripe.ChargeSucceededEvent>): Change[] {
  const charge = event.data.object;
  return [
    {
      kind: "activity",
      item: {
        id: charge.id,
        kind: "CHARGE",
        stripeAccountId: account,
        amount: charge.amount,
        currency: charge.currency,
        description: charge.description,
        occurredAt: eventTime(charge),
        eventId: event.id,
      },
    },
  ];
}
