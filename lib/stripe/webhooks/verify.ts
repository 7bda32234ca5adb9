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
 * Refuses a `Stripe-Signature` dated further than the tolerance ahead of `now` (stripe-node only
 * checks the age): for the Connect endpoint and the thin event endpoint alike.
 */
function refuseSignatureFromTheFuture(signature: string, now: Date): void {
  const latest = Math.floor(now.getTime() / 1000) + SIGNATURE_TOLERANCE_SECONDS;
  if (signatureTimestamps(signature).some((t) => t > latest)) {
    throw new WebhookRejectedError("a signature dated beyond the tolerance in the future");
  }
}

/** stripe-node's verifiers: `constructEvent` (v1 events), `parseEventNotification` (thin ones). */
type Verifier<T> = (
  payload: Buffer,
  header: string,
  secret: string,
  tolerance: number,
  cryptoProvider: undefined,
  receivedAt: number,
) => T;

/**
 * A delivery verified by stripe-node's `verify` against each of `secrets` (several during a
 * roll) until one passes, dated within the tolerance of `now` (before or after): the result, or
 * the signature errors' messages of every secret when none passes. Throws WebhookRejectedError
 * without a signature or with one dated too far ahead, and what `verify` throws for a body it
 * refuses once a signature of ours matched (not JSON, not the payload it expects).
 */
export function verifyWithSecrets<T>(
  delivery: { rawBody: Buffer; signature: string | null; secrets: readonly string[]; now: Date },
  verify: Verifier<T>,
): { result: T } | { failures: string[] } {
  const { rawBody, signature, secrets, now } = delivery;
  if (!signature) throw new WebhookRejectedError("no Stripe-Signature header");
  refuseSignatureFromTheFuture(signature, now);
  const failures: string[] = [];
  for (const secret of secrets) {
    try {
      return {
        result: verify(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, +now),
      };
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) throw error;
      failures.push(error.message);
    }
  }
  return { failures };
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
  let verified;
  try {
    verified = verifyWithSecrets(
      { rawBody, signature, secrets, now },
      Stripe.webhooks.constructEvent.bind(Stripe.webhooks),
    );
  } catch (error) {
    if (error instanceof WebhookRejectedError) throw error;
    // Signed by a secret of ours, yet not JSON.
    throw new WebhookRejectedError("the signed body is not JSON");
  }
  if (!("result" in verified)) {
    throw new WebhookRejectedError("no valid v1 signature within the tolerance");
  }
  if (!isEventEnvelope(verified.result)) {
    throw new WebhookRejectedError("the signed body is not a Stripe event");
  }
  return verified.result;
}

/** An event's `created` (Unix seconds) as a Date. */
export function eventTime(event: Pick<Stripe.Event, "created">): Date {
  return new Date(event.created * 1000);
}
