import { describe, expect, it } from "vitest";
import { REVOCATION_REASONS } from "@/lib/data/connections";
import { connectionEndedForSeller } from "./seller-history";

const seller = "user_seller";

describe("a connection's end, told to its seller", () => {
  it("is in the second person, whoever ended it", () => {
    const ended = (fields: Partial<Parameters<typeof connectionEndedForSeller>[0]>) =>
      connectionEndedForSeller({
        status: "DISCONNECTED",
        disconnectReason: null,
        disconnectedById: seller,
        userId: seller,
        ...fields,
      });
    expect(ended({ disconnectReason: "Disconnected by the seller" })).toBe(
      "You disconnected your Stripe account",
    );
    expect(
      ended({
        status: "REVOKED",
        disconnectReason: REVOCATION_REASONS.deauthorized,
        disconnectedById: null,
      }),
    ).toBe("You revoked the marketplace's access from Stripe");
    expect(
      ended({
        status: "REVOKED",
        disconnectReason: REVOCATION_REASONS.access_invalid,
        disconnectedById: null,
      }),
    ).toBe("Stripe reports that the marketplace no longer has access to your Stripe account");
    expect(ended({ status: "CONNECTED", disconnectedById: null })).toBe(
      "You connected your Stripe account",
    );
  });

  it("never shows an admin's reason, which is internal", () => {
    const text = connectionEndedForSeller({
      status: "DISCONNECTED",
      disconnectReason: "Fraud ring #4411, see ticket",
      disconnectedById: "user_admin",
      userId: seller,
    });
    expect(text).toBe("An admin disconnected your account");
    expect(text).not.toContain("Fraud");
  });

  it("shows a revocation reason it has no words for as stored", () => {
    expect(
      connectionEndedForSeller({
        status: "REVOKED",
        disconnectReason: "Some older reason",
        disconnectedById: null,
        userId: seller,
      }),
    ).toBe("Some older reason");
  });
});
