import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import {
  eventTime,
  SIGNATURE_TOLERANCE_SECONDS,
  verifyEvent,
  WebhookRejectedError,
} from "@/lib/stripe/webhooks/verify";

const SECRET = "whsec_current";
const OLD_SECRET = "whsec_before_the_roll";
const NOW = new Date("2026-12-01T12:00:00Z");
const nowSeconds = NOW.getTime() / 1000;

const event = {
  id: "evt_1",
  object: "event",
  type: "account.updated",
  created: nowSeconds - 10,
  livemode: false,
  account: "acct_1",
  data: { object: { id: "acct_1", object: "account" } },
};

/** The raw body and the `Stripe-Signature` header Stripe would send, signed at `timestamp`. */
function delivery(payload: unknown, secret = SECRET, timestamp = nowSeconds) {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
  return { body: Buffer.from(body), header };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookRejectedError) return error.message;
    throw error;
  }
  throw new Error("the delivery was accepted");
}

describe("verifyEvent", () => {
  it("returns the event of a delivery signed with our secret", () => {
    const { body, header } = delivery(event);
    expect(verifyEvent(body, header, [SECRET], NOW)).toMatchObject({
      id: "evt_1",
      type: "account.updated",
      account: "acct_1",
    });
  });

  it("accepts either secret during a roll, and refuses one signed with neither", () => {
    const old = delivery(event, OLD_SECRET);
    expect(verifyEvent(old.body, old.header, [SECRET, OLD_SECRET], NOW).id).toBe("evt_1");

    const stranger = delivery(event, "whsec_someone_else");
    expect(refusal(() => verifyEvent(stranger.body, stranger.header, [SECRET], NOW))).toBe(
      "no valid v1 signature within the tolerance",
    );
  });

  it("refuses a delivery without a signature, or whose body was changed after signing", () => {
    const { body, header } = delivery(event);
    expect(refusal(() => verifyEvent(body, null, [SECRET], NOW))).toBe(
      "no Stripe-Signature header",
    );
    const tampered = Buffer.from(body.toString().replace("acct_1", "acct_2"));
    expect(refusal(() => verifyEvent(tampered, header, [SECRET], NOW))).toMatch(/no valid v1/);
  });

  it("refuses a replay older than the tolerance and one dated beyond it in the future", () => {
    const edge = SIGNATURE_TOLERANCE_SECONDS;
    const recent = delivery(event, SECRET, nowSeconds - edge + 1);
    expect(verifyEvent(recent.body, recent.header, [SECRET], NOW).id).toBe("evt_1");

    const old = delivery(event, SECRET, nowSeconds - edge - 1);
    expect(refusal(() => verifyEvent(old.body, old.header, [SECRET], NOW))).toMatch(/no valid v1/);

    const ahead = delivery(event, SECRET, nowSeconds + edge + 1);
    expect(refusal(() => verifyEvent(ahead.body, ahead.header, [SECRET], NOW))).toBe(
      "a signature dated beyond the tolerance in the future",
    );
    const slightlyAhead = delivery(event, SECRET, nowSeconds + edge - 1);
    expect(verifyEvent(slightlyAhead.body, slightlyAhead.header, [SECRET], NOW).id).toBe("evt_1");
  });

  it("refuses a signed body that is not JSON, or not a Stripe event", () => {
    const text = delivery("not json");
    expect(refusal(() => verifyEvent(text.body, text.header, [SECRET], NOW))).toBe(
      "the signed body is not JSON",
    );
    for (const payload of [
      { ...event, id: "not-an-event-id" },
      { ...event, object: "charge" },
      { ...event, account: "someone" },
      { ...event, data: undefined },
      { ...event, data: { object: [] } },
      { ...event, type: "" },
      { ...event, created: 1.5 },
      { ...event, livemode: "false" },
      { ...event, account: null },
      [event],
    ]) {
      const signed = delivery(payload);
      expect(refusal(() => verifyEvent(signed.body, signed.header, [SECRET], NOW))).toBe(
        "the signed body is not a Stripe event",
      );
    }
  });
});

describe("eventTime", () => {
  it("reads an event's created (Unix seconds) as a date", () => {
    expect(eventTime({ created: nowSeconds })).toEqual(NOW);
  });
});
