import "server-only";
import Stripe from "stripe";

/**
 * Stripe's default: a signature older than this is refused, against replays. stripe-node checks
 * only the age; one dated further than this ahead of our clock is refused here (a timestamp in
 * the future would otherwise stay replayable until it, plus the tolerance, has passed).
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The largest event we accept. Stripe's events are a few kB; an account object is the largest. */
export const MAX_EVENT_BYTES = 512 * 1024;

/** A delivery that is not a well-formed event signed by Stripe. `message` is for the log only. */
export class WebhookRejectedError extends Error {
  override name = "WebhookRejectedError";
}

const EVENT_ID = /^evt_\w+$/;
const ACCOUNT_ID = /^acct_\w+$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What the endpoint relies on in every event; the rest is the event type's own business. Checked
 * by hand rather than with a zod schema: it runs on every delivery, where a schema's parse (which
 * copies the event) costs more than the rest of the check.
 */
function isEventEnvelope(value: unknown): value is Stripe.Event {
  if (!isObject(value)) return false;
  const { id, object, type, created, livemode, account, data } = value;
  return (
    typeof id === "string" &&
    EVENT_ID.test(id) &&
    object === "event" &&
    typeof type === "string" &&
    type.length > 0 &&
    typeof created === "number" &&
    Number.isInteger(created) &&
    created > 0 &&
    typeof livemode === "boolean" &&
    (account === undefined || (typeof account === "string" && ACCOUNT_ID.test(account))) &&
    isObject(data) &&
    isObject(data.object)
  );
}

/**
 * The header's `t=` timestamps (Unix seconds), read as stripe-node reads them (`parseInt`), so
 * that the one it signs and checks is among them.
 */
function signatureTimestamps(signature: string): number[] {
  return signature
    .split(",")
    .map((item) => item.split("="))
    .filter(([key]) => key === "t")
    .map(([, value]) => parseInt(value ?? "", 10));
}

/**
 * Verifies a delivery's `Stripe-Signature` (v1 HMAC-SHA256 of the raw body, dated within the
 * tolerance of `now`, before or after) against each of `secrets` (several during a secret roll)
 * and returns the event. Needs no Stripe client, no key and no network.
 */
export function verifyEvent(
  rawBody: Buffer,
  signature: string | null,
  secrets: readonly string[],
  now: Date = new Date(),
): Stripe.Event {
  if (!signature) throw new WebhookRejectedError("no Stripe-Signature header");
  const latest = Math.floor(now.getTime() / 1000) + SIGNATURE_TOLERANCE_SECONDS;
  if (signatureTimestamps(signature).some((t) => t > latest)) {
    throw new WebhookRejectedError("a signature dated beyond the tolerance in the future");
  }
  let event: Stripe.Event | undefined;
  for (const secret of secrets) {
    try {
      event = Stripe.webhooks.constructEvent(
        rawBody,
        signature,
        secret,
        SIGNATURE_TOLERANCE_SECONDS,
        undefined,
        now.getTime(),
      );
      break;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) continue;
      // Signed by a secret of ours, yet not JSON.
      throw new WebhookRejectedError("the signed body is not JSON");
    }
  }
  if (!event) throw new WebhookRejectedError("no valid v1 signature within the tolerance");
  if (!isEventEnvelope(event)) {
    throw new WebhookRejectedError("the signed body is not a Stripe event");
  }
  return event;
}

/** An event's `created` (Unix seconds) as a Date. */
export function eventTime(event: Pick<Stripe.Event, "created">): Date {
  return new Date(event.created * 1000);
}
