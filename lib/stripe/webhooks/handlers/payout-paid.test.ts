import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { payoutPaidEvent, stripeId } from "@/tests/stripe-events";
import { payoutPaid } from "./payout-paid";

describe("payout.paid", () => {
  it("is a payout in the seller's activity feed, when it reached the bank", () => {
    const account = stripeId("acct_");
    const event = payoutPaidEvent(account, { id: "po_1", amount: 9000 }) as Stripe.PayoutPaidEvent;
    event.data.object.arrival_date = 1_700_086_400;

    expect(payoutPaid({ event, account })).toEqual([
      {
        kind: "activity",
        item: {
          id: "po_1",
          kind: "PAYOUT",
          stripeAccountId: account,
          amount: 9000,
          currency: "usd",
          description: event.data.object.description,
          occurredAt: new Date(1_700_086_400_000),
          eventId: event.id,
        },
      },
    ]);
  });
});
