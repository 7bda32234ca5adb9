import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { connectEvent, stripeId } from "@/tests/stripe-events";
import { accountApplicationAuthorized } from "./account-application-authorized";

describe("account.application.authorized", () => {
  it("asks to bind the account to a timed-out exchange, with the event's mode and time", () => {
    const account = stripeId("acct_");
    const event = connectEvent(
      "account.application.authorized",
      account,
      { id: "ca_1", object: "application" },
      { created: 1_700_000_000, livemode: true },
    ) as Stripe.AccountApplicationAuthorizedEvent;

    expect(accountApplicationAuthorized({ event, account })).toEqual([
      {
        kind: "bind-authorized",
        account,
        livemode: true,
        created: new Date(1_700_000_000_000),
      },
    ]);
  });
});
