import "server-only";
import type Stripe from "stripe";
import type { StripeConnection } from "@/lib/data/connections";
import { stripe } from "@/lib/stripe/client";
import { isAccessRevoked, isTimeout } from "@/lib/stripe/errors";
import { stripeRequestPolicy } from "@/lib/stripe/timeouts";
import { errorMessage } from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * A page read: the data, or why not. "revoked": Stripe answered 403 account_invalid, so the
 * marketplace no longer has access. "slow": Stripe did not answer within the page's timeout
 * (lib/stripe/timeouts.ts), so the page shows the last stored figures instead.
 */
export type Loaded<T> =
  { ok: true; data: T } | { ok: false; reason: "revoked" | "unavailable" | "slow" };

/**
 * Runs one call on the seller's account (platform key + Stripe-Account header), with a page's
 * short timeout and at most one retry. Reads only: pages render what Stripe answered and never
 * write. A 403 account_invalid is reported as "revoked" (the page then asks an action to check
 * again and record it: reconcileConnection), a timeout as slow, any other failure as unavailable.
 */
async function onSellerAccount<T>(
  connection: StripeConnection,
  call: (options: Stripe.RequestOptions) => Promise<T>,
): Promise<Loaded<T>> {
  try {
    const options = { stripeAccount: connection.stripeAccountId, ...stripeRequestPolicy("read") };
    return { ok: true, data: await call(options) };
  } catch (error) {
    if (isAccessRevoked(error)) return { ok: false, reason: "revoked" };
    log().error(
      { acct: connection.stripeAccountId, reason: errorMessage(error) },
      "Stripe call failed",
    );
    return { ok: false, reason: isTimeout(error) ? "slow" : "unavailable" };
  }
}

/**
 * The seller's Stripe account, as Stripe answers now. The stored snapshot is left alone: webhooks
 * and reconcileConnection keep it current.
 */
export function loadAccount(connection: StripeConnection): Promise<Loaded<Stripe.Account>> {
  return onSellerAccount(connection, (options) =>
    stripe().accounts.retrieve(connection.stripeAccountId, {}, options),
  );
}

export function loadBalance(connection: StripeConnection): Promise<Loaded<Stripe.Balance>> {
  return onSellerAccount(connection, (options) => stripe().balance.retrieve({}, options));
}

/** The latest payments, each with its balance transaction (Stripe's fee and the net) expanded. */
export function loadRecentCharges(
  connection: StripeConnection,
  limit = 10,
): Promise<Loaded<Stripe.Charge[]>> {
  return onSellerAccount(
    connection,
    async (options) =>
      (await stripe().charges.list({ limit, expand: ["data.balance_transaction"] }, options)).data,
  );
}

export function loadRecentPayouts(
  connection: StripeConnection,
  limit = 10,
): Promise<Loaded<Stripe.Payout[]>> {
  return onSellerAccount(
    connection,
    async (options) => (await stripe().payouts.list({ limit }, options)).data,
  );
}

/**
 * The payouts arriving (or due to) from `since` on, for the dashboard's 30-day chart: one page of
 * Stripe's largest (100), more than a daily schedule makes in 30 days.
 */
export function loadPayoutsArrivingSince(
  connection: StripeConnection,
  since: Date,
): Promise<Loaded<Stripe.Payout[]>> {
  const gte = Math.floor(since.getTime() / 1000);
  return onSellerAccount(
    connection,
    async (options) =>
      (await stripe().payouts.list({ arrival_date: { gte }, limit: 100 }, options)).data,
  );
}

/**
 * Every read of a seller's dashboard, started at once (no waterfall): the page awaits the account
 * first, to show one state everywhere when Stripe refuses access, and the panels stream in.
 */
export interface SellerReads {
  account: Promise<Loaded<Stripe.Account>>;
  balance: Promise<Loaded<Stripe.Balance>>;
  charges: Promise<Loaded<Stripe.Charge[]>>;
  payouts: Promise<Loaded<Stripe.Payout[]>>;
}

export function loadSellerData(connection: StripeConnection): SellerReads {
  return {
    account: loadAccount(connection),
    balance: loadBalance(connection),
    charges: loadRecentCharges(connection),
    payouts: loadRecentPayouts(connection),
  };
}

/** The seller dashboard's reads: the account page's, and the payouts of its chart (from `since`). */
export interface DashboardReads extends SellerReads {
  payoutHistory: Promise<Loaded<Stripe.Payout[]>>;
}

export function loadDashboardData(connection: StripeConnection, since: Date): DashboardReads {
  return {
    ...loadSellerData(connection),
    payoutHistory: loadPayoutsArrivingSince(connection, since),
  };
}
