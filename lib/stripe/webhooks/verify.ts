import "server-only";
import Stripe from "stripe";
import { z } from "zod";

/** Stripe's default: a signature older (or newer) than this is refused, against replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The largest event we accept. Stripe's events are a few kB; an account object is the largest. */
export const MAX_EVENT_BYTES = 512 * 1024;

/** A delivery that is not a well-formed event signed by Stripe. `message` is for the log only. */
export class WebhookRejectedError extends Error {
  override name = "WebhookRejectedError";
}

// What the endpoint relies on in every event; the rest is the event type's own business.
const envelopeSchema = z.object({
  id: z.string().regex(/^evt_\w+$/),
  object: z.literal("event"),
  type: z.string().min(1),
  created: z.number().int().positive(),
  livemode: z.boolean(),
  account: z
    .string()
    .regex(/^acct_\w+$/)
    .optional(),
  data: z.object({ object: z.object({}) }),
});

/**
 * Verifies a delivery's `Stripe-Signature` (v1 HMAC-SHA256 of the raw body, within the tolerance)
 * against each of `secrets` (several during a secret roll) and returns the event. Needs no Stripe
 * client, no key and no network.
 */
export function verifyEvent(
  rawBody: Buffer,
  signature: string | null,
  secrets: readonly string[],
): Stripe.Event {
  if (!signature) throw new WebhookRejectedError("no Stripe-Signature header");
  let event: Stripe.Event | undefined;
  for (const secret of secrets) {
    try {
      event = Stripe.webhooks.constructEvent(
        rawBody,
        signature,
        secret,
        SIGNATURE_TOLERANCE_SECONDS,
      );
      break;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) continue;
      // Signed by a secret of ours, yet not JSON.
      throw new WebhookRejectedError("the signed body is not JSON");
    }
  }
  if (!event) throw new WebhookRejectedError("no valid v1 signature within the tolerance");
  if (!envelopeSchema.safeParse(event).success) {
    throw new WebhookRejectedError("the signed body is not a Stripe event");
  }
  return event;
}

/** An event's `created` (Unix seconds) as a Date. */
export function eventTime(event: Pick<Stripe.Event, "created">): Date {
  return new Date(event.created * 1000);
}
