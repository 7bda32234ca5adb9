import { describe, expect, it } from "vitest";
import { stripeEndpoint, stripeOutcome } from "@/lib/metrics";

describe("Stripe call labels", () => {
  it("take ids out of endpoints, keeping Stripe's words", () => {
    expect(stripeEndpoint("/v1/accounts/acct_1Nv0FGQ9RKHgCVdK")).toBe("/v1/accounts/:id");
    expect(stripeEndpoint("/v1/accounts/acct_1AbC/capabilities/card_payments")).toBe(
      "/v1/accounts/:id/capabilities/card_payments",
    );
    expect(stripeEndpoint("/v1/payouts?limit=10")).toBe("/v1/payouts");
    expect(stripeEndpoint("/oauth/token")).toBe("/oauth/token");
  });

  it("sort statuses into outcomes", () => {
    expect([200, 302, 400, 403, 429, 500, 0].map(stripeOutcome)).toEqual([
      "ok",
      "ok",
      "client_error",
      "client_error",
      "rate_limited",
      "server_error",
      "no_answer",
    ]);
  });
});
