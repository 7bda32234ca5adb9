import "server-only";
import Stripe from "stripe";
import { stripe, stripeConfig } from "@/lib/stripe/client";

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
 * Exchanges an authorization code. Only the account id, scope and mode are kept: the access and
 * refresh tokens are dropped here, since every later call uses the platform key and the
 * Stripe-Account header.
 */
export async function exchangeCode(code: string): Promise<GrantedAccount> {
  const token = await stripe().oauth.token({ grant_type: "authorization_code", code });
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
    await stripe().oauth.deauthorize({
      client_id: stripeConfig().clientId,
      stripe_user_id: stripeAccountId,
    });
    return "deauthorized";
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidClientError) return "already";
    throw error;
  }
}

/** The connected account, fetched as itself (platform key + Stripe-Account header). */
export function retrieveAccount(stripeAccountId: string): Promise<Stripe.Account> {
  return stripe().accounts.retrieve(stripeAccountId, {}, { stripeAccount: stripeAccountId });
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
