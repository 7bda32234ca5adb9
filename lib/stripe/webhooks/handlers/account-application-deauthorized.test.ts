import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { deauthorizedEvent, stripeId } from "@/tests/stripe-events";
import { accountApplicationDeauthorized } from "./account-application-deauthorized";

describe("account.application.deauthorized", () => {
  it("ends the access of event.account (not data.object, our application) at its time", () => {
    const account = stripeId("acct_");
    const event = deauthorizedEvent(account, {
      created: 1_700_000_000,
    }) as Stripe.AccountApplicationDeauthorizedEvent;

    expect(accountApplicationDeauthorized({ event, account })).toEqual([
      { kind: "end-access", account, at: new Date(1_700_000_000_000), reason: "deauthorized" },
    ]);
  });
});
