import "server-only";
import Stripe from "stripe";
import {
  SIGNATURE_TOLERANCE_SECONDS,
  verifyWithSecrets,
  WebhookRejectedError,
} from "@/lib/stripe/webhooks/verify";

/**
 * A thin (v2) event notification, verified: what the thin event endpoint stores and applies. It
 * carries no object, only what it is about: the app fetches that (lib/stripe/webhooks/thin.ts).
 */
export interface ThinEvent {
  id: string;
  type: string;
  /** Stripe's `created` (RFC 3339, to the millisecond), as a date. */
  created: Date;
  livemode: boolean;
  /** The account it is about: its related v2 account, else its context (`acct_…`), else null. */
  account: string | null;
  /** Its related object, when it has one (`v2.core.account` and the id to fetch). */
  relatedObject: { id: string; type: string } | null;
}

/** What a thin event's body must hold; refused otherwise (checked by hand, as verify.ts does). */
const EVENT_ID = /^evt_\w+$/;
const ACCOUNT_ID = /^acct_\w+$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A thin event notification's envelope (a body as Stripe sends it, or as stored), or null when
 * it is not one. Also reads back a stored payload for a retry.
 */
export function thinEventOf(value: unknown): ThinEvent | null {
  if (!isObject(value)) return null;
  const { id, object, type, created, livemode, context, related_object: related } = value;
  if (typeof id !== "string" || !EVENT_ID.test(id) || object !== "v2.core.event") return null;
  if (typeof type !== "string" || type.length === 0 || typeof livemode !== "boolean") return null;
  if (typeof created !== "string" || Number.isNaN(Date.parse(created))) return null;
  if (context !== undefined && context !== null && typeof context !== "string") return null;
  let relatedObject: ThinEvent["relatedObject"] = null;
  if (related !== undefined && related !== null) {
    if (!isObject(related) || typeof related.id !== "string" || typeof related.type !== "string") {
      return null;
    }
    relatedObject = { id: related.id, type: related.type };
  }
  const account =
    relatedObject?.type === "v2.core.account"
      ? relatedObject.id
      : typeof context === "string"
        ? context
        : null;
  if (account !== null && !ACCOUNT_ID.test(account)) return null;
  return { id, type, created: new Date(created), livemode, account, relatedObject };
}

/** Whether a stored payload is a thin event notification (not a v1 event). */
export function isThinPayload(payload: unknown): boolean {
  return isObject(payload) && payload.object === "v2.core.event";
}

/** stripe-node's message for a signature that matched but is older than the tolerance. */
const EXPIRED = "Timestamp outside the tolerance zone";
/** … for a header without a `t=` timestamp or `v1=` signature. */
const MALFORMED = /Unable to extract timestamp|No signatures found with expected scheme/;

/**
 * Verifies a thin event delivery with stripe-node's `parseEventNotification` (the `v1` HMAC of
 * the raw body, dated within the tolerance of `now`; dated beyond it ahead refused too) against
 * each of `secrets` (several during a roll), and returns its notification. Refusals say exactly
 * why (WebhookRejectedError's message is the 400's answer): no signature, a malformed one, one
 * that no secret of ours made for this body (tampered, or another destination's), an expired one
 * (a replay), a body that is not a thin event notification.
 */
export function verifyThinEvent(
  parser: Pick<Stripe, "parseEventNotification">,
  rawBody: Buffer,
  signature: string | null,
  secrets: readonly string[],
  now: Date = new Date(),
): ThinEvent {
  if (signature && secrets.length === 0) {
    throw new WebhookRejectedError(
      "no thin event secret is configured (STRIPE_THIN_WEBHOOK_SECRET): nothing can be verified",
    );
  }
  let verified;
  try {
    verified = verifyWithSecrets(
      { rawBody, signature, secrets, now },
      parser.parseEventNotification.bind(parser),
    );
  } catch (error) {
    if (error instanceof WebhookRejectedError) throw error;
    // Signed by a secret of ours: what stripe-node found wrong with the body (a v1 event: it
    // points to constructEvent).
    if (error instanceof SyntaxError) throw new WebhookRejectedError("the signed body is not JSON");
    if (error instanceof Error && error.message.includes("constructEvent")) {
      throw new WebhookRejectedError(
        "the signed body is a v1 (snapshot) event: this endpoint takes thin event notifications; v1 events go to /api/stripe/webhooks",
      );
    }
    throw new WebhookRejectedError("the signed body is not a thin event notification");
  }
  if ("failures" in verified) {
    if (verified.failures.includes(EXPIRED)) {
      throw new WebhookRejectedError(
        `the signature is older than the ${String(SIGNATURE_TOLERANCE_SECONDS)} s tolerance (a replay?)`,
      );
    }
    if (verified.failures.some((failure) => MALFORMED.test(failure))) {
      throw new WebhookRejectedError("the Stripe-Signature header is malformed");
    }
    throw new WebhookRejectedError(
      "no signature matches the body for our secret (the body was changed, or signed with another secret)",
    );
  }
  const event = thinEventOf(JSON.parse(rawBody.toString("utf8")));
  if (!event) throw new WebhookRejectedError("the signed body is not a thin event notification");
  return event;
}
