import type Stripe from "stripe";
import type { Applied, HandlerInput } from "@/lib/stripe/webhooks/types";
import { eventTime } from "@/lib/stripe/webhooks/verify";

/** charge.succeeded: a payment on the seller's account, for their activity feed. */
export function chargeSucceeded({
  event,
  account,
}: Pick<HandlerInput<Stripe.ChargeSucceededEvent>, "event" | "account">): Applied {
  const charge = event.data.object;
  return {
    activity: {
      id: charge.id,
      kind: "CHARGE",
      stripeAccountId: account,
      amount: charge.amount,
      currency: charge.currency,
      description: charge.description,
      occurredAt: eventTime(charge),
      eventId: event.id,
    },
  };
}
