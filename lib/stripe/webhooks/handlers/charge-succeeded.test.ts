import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { chargeSucceededEvent, stripeId } from "@/tests/stripe-events";
import { chargeSucceeded } from "./charge-succeeded";

describe("charge.succeeded", () => {
  it("is a payment in the seller's activity feed, at the charge's time", () => {
    const account = stripeId("acct_");
    const event = chargeSucceededEvent(
      account,
      { id: "ch_1", amount: 2500, currency: "eur", description: "Order #7" },
      { created: 1_700_000_000 },
    ) as Stripe.ChargeSucceededEvent;

    expect(chargeSucceeded({ event, account })).toEqual([
      {
        kind: "activity",
        item: {
          id: "ch_1",
          kind: "CHARGE",
          stripeAccountId: account,
          amount: 2500,
          currency: "eur",
          description: "Order #7",
          occurredAt: new Date(1_700_000_000_000),
          eventId: event.id,
        },
      },
    ]);
  });
});
