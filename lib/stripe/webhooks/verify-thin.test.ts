import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { signed, thinNotification } from "@/tests/stripe-events";
import { SIGNATURE_TOLERANCE_SECONDS, WebhookRejectedError } from "@/lib/stripe/webhooks/verify";
import { isThinPayload, thinEventOf, verifyThinEvent } from "@/lib/stripe/webhooks/verify-thin";

const SECRET = "whsec_thin_current";
const OLD_SECRET = "whsec_thin_before_the_roll";
const NOW = new Date("2026-12-04T12:00:00Z");
const nowSeconds = NOW.getTime() / 1000;
// parseEventNotification needs a client; verifying calls nothing.
const parser = new Stripe("sk_test_verify_only");

const notification = thinNotification("v2.core.account[requirements].updated", "acct_1", {
  id: "evt_thin_1",
  created: new Date("2026-12-04T11:59:50.123Z"),
});

function delivery(payload: unknown, secret = SECRET, timestamp = nowSeconds) {
  const { body, signature } = signed(
    typeof payload === "string" ? payload : JSON.stringify(payload),
    secret,
    { timestamp },
  );
  return { body: Buffer.from(body), header: signature };
}

/** The refusal `run` throws: a WebhookRejectedError saying exactly `message`. */
function expectRefusal(run: () => unknown, message: string | RegExp): void {
  expect(run).toThrow(WebhookRejectedError);
  expect(run).toThrow(message);
}

describe("verifyThinEvent", () => {
  it("returns the notification of a delivery signed with our secret, or the one before a roll", () => {
    const { body, header } = delivery(notification);
    expect(verifyThinEvent(parser, body, header, [SECRET], NOW)).toEqual({
      id: "evt_thin_1",
      type: "v2.core.account[requirements].updated",
      created: new Date("2026-12-04T11:59:50.123Z"),
      livemode: false,
      account: "acct_1",
      relatedObject: { id: "acct_1", type: "v2.core.account" },
    });
    const old = delivery(notification, OLD_SECRET);
    expect(verifyThinEvent(parser, old.body, old.header, [SECRET, OLD_SECRET], NOW).id).toBe(
      "evt_thin_1",
    );
  });

  it("says what is wrong: unsigned, malformed, tampered, another secret's", () => {
    const { body, header } = delivery(notification);
    expectRefusal(
      () => verifyThinEvent(parser, body, null, [SECRET], NOW),
      "no Stripe-Signature header",
    );
    expectRefusal(
      () => verifyThinEvent(parser, body, "garbage", [SECRET], NOW),
      "the Stripe-Signature header is malformed",
    );
    const tampered = Buffer.from(body.toString().replace("acct_1", "acct_2"));
    expectRefusal(
      () => verifyThinEvent(parser, tampered, header, [SECRET], NOW),
      /^no signature matches the body for our secret/,
    );
    const stranger = delivery(notification, "whsec_someone_else");
    expectRefusal(
      () => verifyThinEvent(parser, stranger.body, stranger.header, [SECRET], NOW),
      /^no signature matches the body/,
    );
    expectRefusal(
      () => verifyThinEvent(parser, body, header, [], NOW),
      /no thin event secret is configured \(STRIPE_THIN_WEBHOOK_SECRET\)/,
    );
  });

  it("refuses an expired signature (a replay) and one dated beyond the tolerance ahead", () => {
    const edge = SIGNATURE_TOLERANCE_SECONDS;
    const recent = delivery(notification, SECRET, nowSeconds - edge + 1);
    expect(verifyThinEvent(parser, recent.body, recent.header, [SECRET], NOW).id).toBe(
      "evt_thin_1",
    );
    const old = delivery(notification, SECRET, nowSeconds - edge - 1);
    expectRefusal(
      () => verifyThinEvent(parser, old.body, old.header, [SECRET], NOW),
      "the signature is older than the 300 s tolerance (a replay?)",
    );
    const ahead = delivery(notification, SECRET, nowSeconds + edge + 1);
    expectRefusal(
      () => verifyThinEvent(parser, ahead.body, ahead.header, [SECRET], NOW),
      "a signature dated beyond the tolerance in the future",
    );
  });

  it("refuses a signed body that is not JSON, a v1 event, or not a thin notification", () => {
    const text = delivery("not json");
    expectRefusal(
      () => verifyThinEvent(parser, text.body, text.header, [SECRET], NOW),
      "the signed body is not JSON",
    );
    const v1 = delivery({ id: "evt_1", object: "event", type: "account.updated" });
    expectRefusal(
      () => verifyThinEvent(parser, v1.body, v1.header, [SECRET], NOW),
      /v1 \(snapshot\) event: .* v1 events go to \/api\/stripe\/webhooks/,
    );
    for (const payload of [
      { ...notification, object: "v2.core.account" },
      { ...notification, id: "not-an-event" },
      { ...notification, created: 1_700_000_000 },
      { ...notification, created: "yesterday" },
      { ...notification, livemode: "false" },
      { ...notification, type: "" },
      { ...notification, related_object: { id: "someone", type: "v2.core.account", url: "/x" } },
      [notification],
    ]) {
      const bad = delivery(payload);
      expectRefusal(
        () => verifyThinEvent(parser, bad.body, bad.header, [SECRET], NOW),
        "the signed body is not a thin event notification",
      );
    }
  });
});

describe("thinEventOf", () => {
  it("reads a stored payload back, and tells a thin payload from a v1 event", () => {
    expect(thinEventOf(notification)?.account).toBe("acct_1");
    expect(isThinPayload(notification)).toBe(true);
    expect(isThinPayload({ id: "evt_1", object: "event" })).toBe(false);
    const withoutObject = { ...notification, related_object: undefined };
    expect(thinEventOf(withoutObject)).toMatchObject({ account: "acct_1", relatedObject: null });
  });
});
