import "server-only";
import type Stripe from "stripe";
import { stripe } from "@/lib/stripe/client";
import { stripeRequestPolicy } from "@/lib/stripe/timeouts";

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
