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
 * first use issued, so there is no automatic retry (see isOutcomeUnknown in lib/stripe/errors.ts for
 * a lost answer). Only
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
