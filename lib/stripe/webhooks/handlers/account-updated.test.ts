import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { accountUpdatedEvent, stripeId } from "@/tests/stripe-events";
import { accountUpdated } from "./account-updated";

describe("account.updated", () => {
  it("is the account's snapshot as at the event's created", () => {
    const account = stripeId("acct_");
    const event = accountUpdatedEvent(
      account,
      { businessName: "Shop", chargesEnabled: false, requirementsDue: ["tos", "id"] },
      { created: 1_700_000_000 },
    ) as Stripe.AccountUpdatedEvent;

    expect(accountUpdated({ event, account })).toMatchObject([
      {
        kind: "snapshot",
        account,
        asOf: new Date(1_700_000_000_000),
        snapshot: {
          businessName: "Shop",
          email: `${account}@example.test`,
          country: "US",
          defaultCurrency: "usd",
          chargesEnabled: false,
          payoutsEnabled: true,
          detailsSubmitted: true,
          requirementsDue: 2,
          readiness: "RESTRICTED",
          disabledReason: "requirements.past_due",
        },
      },
    ]);
  });

  it("refuses an event about one account carrying another", () => {
    const event = accountUpdatedEvent(stripeId("acct_"), {
      businessName: "Shop",
    }) as Stripe.AccountUpdatedEvent;
    expect(() => accountUpdated({ event, account: stripeId("acct_") })).toThrow(/carries account/);
  });
});
