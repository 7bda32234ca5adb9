import Stripe from "stripe";

/**
 * What a failed Stripe call means for us, read from stripe-node's error classes: every caller
 * decides retry, revocation and "outcome unknown" with these, not with its own checks.
 */

/**
 * True when a request may have reached Stripe and been carried out without our hearing the
 * answer (a timeout, a connection lost mid-request): its outcome is unknown, to be checked at
 * Stripe. A connection that was refused or a host not found never reached it.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeConnectionError)) return false;
  const code = connectionErrorCode(error);
  return code !== "ECONNREFUSED" && code !== "ENOTFOUND" && code !== "EAI_AGAIN";
}

/** True when Stripe did not answer within the request's timeout (lib/stripe/timeouts.ts). */
export function isTimeout(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError &&
    connectionErrorCode(error) === "ETIMEDOUT"
  );
}

function connectionErrorCode(error: Stripe.errors.StripeConnectionError): unknown {
  const detail: unknown = error.detail;
  return typeof detail === "object" && detail !== null && "code" in detail
    ? detail.code
    : undefined;
}

/** True for Stripe's 403 account_invalid: the platform no longer has access to the account. */
export function isAccessRevoked(error: unknown): boolean {
  return error instanceof Stripe.errors.StripePermissionError && error.code === "account_invalid";
}

/** True when Stripe could not be reached or failed on its side: worth a retry later. */
export function isStripeUnavailable(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500)
  );
}

/**
 * True for Stripe's 429s: its rate limit (`rate_limit`), or a lock timeout on one object. Stripe
 * asks for a slower pace; stripe-node retries only what Stripe marks `Stripe-Should-Retry: true`.
 */
export function isRateLimited(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeRateLimitError;
}

/** The seconds a 429 asks to wait (its `Retry-After` header), when it says. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!(error instanceof Stripe.errors.StripeError)) return undefined;
  const value = Number(error.headers?.["retry-after"]);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
