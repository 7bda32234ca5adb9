import "server-only";
import type Stripe from "stripe";
import {
  endConnectionWithoutAccess,
  updateSnapshot,
  type StripeConnection,
} from "@/lib/data/connections";
import { accountSnapshot, snapshotTimeOfFetch } from "@/lib/stripe/account-snapshot";
import { stripe, stripeConfig } from "@/lib/stripe/client";
import { isAccessRevoked, isTimeout } from "@/lib/stripe/errors";
import { stripeRequestPolicy } from "@/lib/stripe/timeouts";

/**
 * A page read: the data, or why not. "slow": Stripe did not answer within the page's timeout
 * (lib/stripe/timeouts.ts), so the page shows the last stored figures instead.
 */
export type Loaded<T> =
  { ok: true; data: T } | { ok: false; reason: "revoked" | "unavailable" | "slow" };

export const REVOKED_BY_STRIPE = "Stripe reported that the marketplace's access was revoked";

/**
 * Runs one call on the seller's account (platform key + Stripe-Account header), with a page's
 * short timeout and at most one retry. Stripe's 403 account_invalid means the seller revoked
 * access: the connection is marked REVOKED. A timeout is reported as slow, any other failure as
 * unavailable, for the page to offer a retry.
 */
async function onSellerAccount<T>(
  connection: StripeConnection,
  call: (options: Stripe.RequestOptions) => Promise<T>,
): Promise<Loaded<T>> {
  try {
    const options = { stripeAccount: connection.stripeAccountId, ...stripeRequestPolicy("read") };
    return { ok: true, data: await call(options) };
  } catch (error) {
    if (isAccessRevoked(error)) {
      await endConnectionWithoutAccess(connection, { reason: REVOKED_BY_STRIPE, actorId: null });
      return { ok: false, reason: "revoked" };
    }
    console.error(
      `Stripe call for ${connection.stripeAccountId} failed:`,
      error instanceof Error ? error.message : error,
    );
    return { ok: false, reason: isTimeout(error) ? "slow" : "unavailable" };
  }
}

/** The seller's Stripe account; refreshes the stored snapshot on the way. */
export async function loadAccount(connection: StripeConnection): Promise<Loaded<Stripe.Account>> {
  const asOf = snapshotTimeOfFetch();
  const loaded = await onSellerAccount(connection, (options) =>
    stripe().accounts.retrieve(connection.stripeAccountId, {}, options),
  );
  if (loaded.ok) await updateSnapshot(connection.id, accountSnapshot(loaded.data), asOf);
  return loaded;
}

export function loadBalance(connection: StripeConnection): Promise<Loaded<Stripe.Balance>> {
  return onSellerAccount(connection, (options) => stripe().balance.retrieve({}, options));
}

export function loadRecentCharges(
  connection: StripeConnection,
  limit = 10,
): Promise<Loaded<Stripe.Charge[]>> {
  return onSellerAccount(
    connection,
    async (options) => (await stripe().charges.list({ limit }, options)).data,
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

/** Where a Standard account's owner manages it: their own Stripe Dashboard (or the emulator's). */
export function sellerDashboardUrl(connection: StripeConnection): string {
  const config = stripeConfig();
  if (config.emulated) return `${config.apiBase}/_emulator`;
  return connection.livemode
    ? "https://dashboard.stripe.com/"
    : "https://dashboard.stripe.com/test/dashboard";
}
