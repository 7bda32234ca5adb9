import "server-only";
import Stripe from "stripe";
import { stripe, stripeConfig } from "@/lib/stripe/client";
import { stripeRequestPolicy } from "@/lib/stripe/timeouts";

export interface ProfilePrefill {
  email: string;
  businessName: string | null;
  websiteUrl: string | null;
}

/**
 * The URL of Stripe's Connect page for one attempt. Built from configuration, not with
 * stripe.oauth.authorizeUrl(), which always points at connect.stripe.com.
 */
export function authorizeUrl(state: string, prefill: ProfilePrefill): string {
  const config = stripeConfig();
  const url = new URL("/oauth/authorize", config.connectBase);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("scope", "read_write");
  url.searchParams.set("redirect_uri", config.redirectUri);
  url.searchParams.set("state", state);
  url.searchParams.set("stripe_user[email]", prefill.email);
  if (prefill.businessName)
    url.searchParams.set("stripe_user[business_name]", prefill.businessName);
  if (prefill.websiteUrl) url.searchParams.set("stripe_user[url]", prefill.websiteUrl);
  return url.toString();
}

export interface GrantedAccount {
  stripeAccountId: string;
  scope: string;
  livemode: boolean;
}

/**
 * Exchanges an authorization code, exactly once: a code sent twice makes Stripe revoke what the
 * first use issued, so there is no automatic retry (see isOutcomeUnknown for a lost answer). Only
 * the account id, scope and mode are kept: the access and refresh tokens are dropped here, since
 * every later call uses the platform key and the Stripe-Account header.
 */
export async function exchangeCode(code: string): Promise<GrantedAccount> {
  const token = await stripe().oauth.token(
    { grant_type: "authorization_code", code },
    stripeRequestPolicy("exchange"),
  );
  if (!token.stripe_user_id) throw new Error("Stripe's token response has no stripe_user_id");
  return {
    stripeAccountId: token.stripe_user_id,
    scope: token.scope ?? "read_write",
    livemode: token.livemode ?? false,
  };
}

/**
 * Revokes the platform's access to an account. An account that is already not connected
 * (invalid_client) counts as done; any other failure is thrown.
 */
export async function deauthorize(stripeAccountId: string): Promise<"deauthorized" | "already"> {
  try {
    await stripe().oauth.deauthorize(
      { client_id: stripeConfig().clientId, stripe_user_id: stripeAccountId },
      stripeRequestPolicy("deauthorize"),
    );
    return "deauthorized";
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidClientError) return "already";
    throw error;
  }
}

/**
 * The connected account, fetched as itself (platform key + Stripe-Account header), within a
 * page's read timeout: also the check of whether the platform still has access to it.
 */
export function retrieveAccount(stripeAccountId: string): Promise<Stripe.Account> {
  return stripe().accounts.retrieve(
    stripeAccountId,
    {},
    { stripeAccount: stripeAccountId, ...stripeRequestPolicy("read") },
  );
}

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
