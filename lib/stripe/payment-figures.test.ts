import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { paymentFigures } from "./payment-figures";

describe("paymentFigures", () => {
  it("reads fee and net from the expanded balance transaction, in its currency", () => {
    const txn = { fee: 103, net: 2397, currency: "usd" } as Stripe.BalanceTransaction;
    expect(paymentFigures({ amount: 2500, currency: "usd", balance_transaction: txn })).toEqual({
      amount: 2500,
      currency: "usd",
      fee: 103,
      net: 2397,
      settlementCurrency: "usd",
    });
  });

  it("has no fee or net without one (not expanded, or none yet)", () => {
    for (const balance_transaction of ["txn_123", null]) {
      expect(paymentFigures({ amount: 2500, currency: "eur", balance_transaction })).toMatchObject({
        fee: null,
        net: null,
        settlementCurrency: null,
      });
    }
  });
});
