import "server-only";
import type Stripe from "stripe";
import { stripe } from "@/lib/stripe/client";
import { stripeRequestPolicy } from "@/lib/stripe/timeouts";
import { V2_ACCOUNT_INCLUDES } from "@/lib/stripe/v2-account-snapshot";

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
 * A v2 account as the platform sees it (`GET /v2/core/accounts/:id` with the includes the
 * snapshot needs, lib/stripe/v2-account-snapshot.ts): no Stripe-Context, which v2 asks for only
 * when acting as the account. Within a page's read timeout: a thin event's delivery waits for it.
 */
export function retrieveV2Account(stripeAccountId: string): Promise<Stripe.V2.Core.Account> {
  return stripe().v2.core.accounts.retrieve(
    stripeAccountId,
    { include: V2_ACCOUNT_INCLUDES },
    stripeRequestPolicy("read"),
  );
}
