import { describe, expect, it } from "vitest";
import {
  capabilityStatusWord,
  chargeStatusWord,
  connectionStatusWord,
  payoutStatusWord,
  readinessWord,
  webhookEventStatusWord,
} from "./status-words";

describe("status words", () => {
  it("say Stripe's payout statuses in words, a failure in red", () => {
    expect(payoutStatusWord("paid")).toEqual({ label: "Paid", tone: "success" });
    expect(payoutStatusWord("in_transit").label).toBe("In transit");
    expect(payoutStatusWord("pending").label).toBe("Pending");
    expect(payoutStatusWord("failed")).toEqual({ label: "Failed", tone: "danger" });
    expect(payoutStatusWord("canceled").label).toBe("Canceled");
  });

  it("say a payment's state, a dispute or a refund before Stripe's status", () => {
    expect(chargeStatusWord({ status: "succeeded" })).toEqual({
      label: "Succeeded",
      tone: "success",
    });
    expect(chargeStatusWord({ status: "failed" })).toEqual({ label: "Failed", tone: "danger" });
    expect(chargeStatusWord({ status: "pending" }).label).toBe("Pending");
    expect(chargeStatusWord({ status: "succeeded", refunded: true }).label).toBe("Refunded");
    expect(
      chargeStatusWord({ status: "succeeded", refunded: false, amount_refunded: 500 }).label,
    ).toBe("Partially refunded");
    expect(chargeStatusWord({ status: "succeeded", refunded: true, disputed: true })).toEqual({
      label: "Disputed",
      tone: "warning",
    });
  });

  it("say our own states: webhook events, connections, readiness", () => {
    expect(webhookEventStatusWord("PROCESSED")).toEqual({ label: "Processed", tone: "success" });
    expect(webhookEventStatusWord("FAILED").tone).toBe("danger");
    expect(webhookEventStatusWord("DEAD_LETTERED")).toEqual({
      label: "Retries stopped",
      tone: "danger",
    });
    expect(webhookEventStatusWord("IGNORED").label).toBe("Ignored");
    expect(connectionStatusWord("CONNECTED")).toEqual({ label: "Connected", tone: "success" });
    expect(connectionStatusWord("REVOKED")).toEqual({ label: "Access revoked", tone: "danger" });
    expect(readinessWord("ACTION_NEEDED")).toEqual({ label: "Action needed", tone: "warning" });
    expect(capabilityStatusWord("active")).toEqual({ label: "Active", tone: "success" });
  });

  it("show a value they do not know as given, neutral, never dropped", () => {
    expect(payoutStatusWord("made_up_status")).toEqual({
      label: "made_up_status",
      tone: "neutral",
    });
    expect(chargeStatusWord({ status: "made_up" })).toEqual({
      label: "made_up",
      tone: "neutral",
    });
    expect(webhookEventStatusWord("ARCHIVED")).toEqual({ label: "ARCHIVED", tone: "neutral" });
    expect(connectionStatusWord("PAUSED").label).toBe("PAUSED");
    expect(capabilityStatusWord("made_up").label).toBe("made_up");
    // Not fooled by a name every object has.
    expect(payoutStatusWord("toString")).toEqual({ label: "toString", tone: "neutral" });
  });
});
