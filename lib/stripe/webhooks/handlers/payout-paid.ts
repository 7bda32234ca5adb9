import type Stripe from "stripe";
import type { Change, HandlerInput } from "@/lib/stripe/webhooks/types";

/** payout.paid: money paid out to the seller's bank account, for their activity feed. */
export function payoutPaid({ event, account }: HandlerInput<Stripe.PayoutPaidEvent>): Change[] {
  const payout = event.data.object;
  return [
    {
      kind: "activity",
      item: {
        id: payout.id,
        kind: "PAYOUT",
        stripeAccountId: account,
        amount: payout.amount,
        currency: payout.currency,
        description: payout.description,
        // When it reached the bank, in Stripe's whole seconds.
        occurredAt: new Date(payout.arrival_date * 1000),
        eventId: event.id,
      },
    },
  ];
}
