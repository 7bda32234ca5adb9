import "server-only";
import type Stripe from "stripe";
import { endConnection, updateSnapshot, type StripeConnection } from "@/lib/data/connections";
import { accountSnapshot, snapshotTimeOfFetch } from "@/lib/stripe/account-snapshot";
import { stripe, stripeConfig } from "@/lib/stripe/client";
import { isAccessRevoked } from "@/lib/stripe/oauth";

export type Loaded<T> = { ok: true; data: T } | { ok: false; reason: "revoked" | "unavailable" };

export const REVOKED_BY_STRIPE = "Stripe reported that the marketplace's access was revoked";

/**
 * Runs one call on the seller's account (platform key + Stripe-Account header). Stripe's 403
 * account_invalid means the seller revoked access: the connection is marked REVOKED. Any other
 * failure is reported as unavailable, for the page to offer a retry.
 */
async function onSellerAccount<T>(
  connection: StripeConnection,
  call: (options: Stripe.RequestOptions) => Promise<T>,
): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await call({ stripeAccount: connection.stripeAccountId }) };
  } catch (error) {
    if (isAccessRevoked(error)) {
      await endConnection({
        connectionId: connection.id,
        status: "REVOKED",
        reason: REVOKED_BY_STRIPE,
        actorId: null,
      });
      return { ok: false, reason: "revoked" };
    }
    console.error(
      `Stripe call for ${connection.stripeAccountId} failed:`,
      error instanceof Error ? error.message : error,
    );
    return { ok: false, reason: "unavailable" };
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
