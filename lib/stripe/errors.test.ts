import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import {
  isAccessRevoked,
  isOutcomeUnknown,
  isStripeUnavailable,
  isTimeout,
} from "@/lib/stripe/errors";

/** A request that failed on the way, as stripe-node reports it (Node's error code in detail). */
function connectionError(code: string) {
  return new Stripe.errors.StripeConnectionError({ message: code, detail: { code } });
}

describe("what a failed Stripe call means", () => {
  it("a request that may have reached Stripe has an unknown outcome; one that never left has not", () => {
    for (const code of ["ETIMEDOUT", "ECONNRESET", "EPIPE"]) {
      expect(isOutcomeUnknown(connectionError(code))).toBe(true);
    }
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]) {
      expect(isOutcomeUnknown(connectionError(code))).toBe(false);
    }
    expect(isOutcomeUnknown(new Stripe.errors.StripeAPIError({ statusCode: 500 }))).toBe(false);
  });

  it("only a timeout is a timeout", () => {
    expect(isTimeout(connectionError("ETIMEDOUT"))).toBe(true);
    expect(isTimeout(connectionError("ECONNRESET"))).toBe(false);
    expect(isTimeout(new Error("ETIMEDOUT"))).toBe(false);
  });

  it("403 account_invalid means the platform's access was revoked; other refusals do not", () => {
    const revoked = new Stripe.errors.StripePermissionError({
      code: "account_invalid",
      statusCode: 403,
    });
    expect(isAccessRevoked(revoked)).toBe(true);
    expect(isAccessRevoked(new Stripe.errors.StripePermissionError({ statusCode: 403 }))).toBe(
      false,
    );
    expect(isAccessRevoked(new Stripe.errors.StripeInvalidRequestError({ statusCode: 404 }))).toBe(
      false,
    );
  });

  it("Stripe down, failing on its side or rate limiting us is worth a retry; our own mistakes are not", () => {
    expect(isStripeUnavailable(connectionError("ECONNREFUSED"))).toBe(true);
    expect(isStripeUnavailable(new Stripe.errors.StripeAPIError({ statusCode: 500 }))).toBe(true);
    expect(isStripeUnavailable(new Stripe.errors.StripeRateLimitError({ statusCode: 429 }))).toBe(
      true,
    );
    expect(
      isStripeUnavailable(new Stripe.errors.StripeInvalidRequestError({ statusCode: 503 })),
    ).toBe(true);
    expect(
      isStripeUnavailable(new Stripe.errors.StripeInvalidRequestError({ statusCode: 400 })),
    ).toBe(false);
    expect(isStripeUnavailable(new Error("boom"))).toBe(false);
  });
});
