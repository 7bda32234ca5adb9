import "server-only";
import type Stripe from "stripe";
import { env } from "@/lib/env";

/**
 * How long the app waits for Stripe, and how often it retries: the one place these are decided.
 *
 * - `read`: what a page shows (dashboard panels, the admin account page's live cards). Short, one
 *   retry at most, so a slow Stripe costs a page about 10 s, never 30 s; the page then says
 *   "Stripe is slow to answer" and shows the last stored figures.
 * - `exchange`: the OAuth code exchange. Exactly one attempt (a code sent twice makes Stripe revoke
 *   what it issued), with room to answer; a timeout is an unknown outcome, settled from Stripe's
 *   side (lib/stripe/unconfirmed-connect.ts).
 * - `deauthorize`: one attempt with the same room; a timeout is unknown and is checked at Stripe.
 * - `create`: "Create a Stripe account"'s calls (the account, its onboarding link): the same room,
 *   and retries, since each POST is idempotent (the account's Idempotency-Key is ours, stored).
 * - `background`: the client's default, for jobs and webhook follow-ups (retries with backoff).
 */
export function stripeRequestPolicy(
  kind: "read" | "exchange" | "deauthorize" | "create" | "background",
): Pick<Stripe.RequestOptions, "timeout" | "maxNetworkRetries"> {
  const config = env();
  switch (kind) {
    case "read":
      return { timeout: config.STRIPE_READ_TIMEOUT_MS, maxNetworkRetries: 1 };
    case "exchange":
    case "deauthorize":
      return { timeout: config.STRIPE_OAUTH_TIMEOUT_MS, maxNetworkRetries: 0 };
    case "create":
      return { timeout: config.STRIPE_OAUTH_TIMEOUT_MS, maxNetworkRetries: 2 };
    case "background":
      return BACKGROUND;
  }
}

/** The stripe-node client's own defaults (lib/stripe/client.ts). */
export const BACKGROUND = { timeout: 10_000, maxNetworkRetries: 2 } as const;
