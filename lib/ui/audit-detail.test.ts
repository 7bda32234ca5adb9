import { describe, expect, it } from "vitest";
import { splitAuditDetail } from "./audit-detail";

describe("an audit entry's detail", () => {
  it("says stripe-node's error classes in words, keeping them (and request ids) apart", () => {
    expect(splitAuditDetail("Deauthorize failed: StripeAPIError 500")).toEqual({
      text: "Deauthorize failed: Stripe had an error on its side",
      technical: ["StripeAPIError 500"],
    });
    expect(splitAuditDetail("Deauthorize failed: StripeConnectionError (req_AbC123xyz)")).toEqual({
      text: "Deauthorize failed: Stripe could not be reached",
      technical: ["StripeConnectionError", "req_AbC123xyz"],
    });
    expect(splitAuditDetail("Code exchange failed: StripeOAuthError 400").text).toBe(
      "Code exchange failed: Stripe answered with an error",
    );
  });

  it("leaves plain words alone", () => {
    expect(splitAuditDetail("Suspected card testing (ticket 4242)")).toEqual({
      text: "Suspected card testing (ticket 4242)",
      technical: [],
    });
    expect(splitAuditDetail(null)).toEqual({ text: null, technical: [] });
  });
});
