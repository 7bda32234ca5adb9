import type { StripeConfig } from "@/lib/stripe/config";

/**
 * Links into Stripe's Dashboard for a connected account. With the bundled emulator both go to its
 * stand-in of the seller's Dashboard (`/dashboard/:id`, where requirements can be provided), at
 * the base the browser is sent to for OAuth.
 */
const STRIPE_DASHBOARD = "https://dashboard.stripe.com";

/**
 * The seller's own Stripe Dashboard, where they finish what Stripe asks of their account, in the
 * connection's mode (a test-mode connection's account is only seen in test mode).
 */
export function sellerDashboardUrl(
  config: StripeConfig,
  stripeAccountId: string,
  livemode: boolean,
): string {
  if (config.emulated) return `${config.connectBase}/dashboard/${stripeAccountId}`;
  return livemode ? `${STRIPE_DASHBOARD}/` : `${STRIPE_DASHBOARD}/test/dashboard`;
}

/** The account in the platform's Stripe Dashboard (Connect → Accounts), in its mode. */
export function platformDashboardUrl(
  config: StripeConfig,
  stripeAccountId: string,
  livemode: boolean,
): string {
  if (config.emulated) return `${config.connectBase}/dashboard/${stripeAccountId}`;
  return `${STRIPE_DASHBOARD}/${livemode ? "" : "test/"}connect/accounts/${stripeAccountId}`;
}

/** The pages of the seller's own Stripe Dashboard the marketplace's dashboard links to. */
export type SellerDashboardPage = "payments" | "payouts" | "balance";

const SELLER_DASHBOARD_PATHS: Record<SellerDashboardPage, string> = {
  payments: "payments",
  payouts: "payouts",
  balance: "balance/overview",
};

/**
 * "View all in Stripe": a page of the seller's own Stripe Dashboard (a Standard account's; in
 * test mode under /test), in the connection's mode. With the emulator, its stand-in (which has one
 * page for everything).
 */
export function sellerDashboardPageUrl(
  config: StripeConfig,
  stripeAccountId: string,
  livemode: boolean,
  page: SellerDashboardPage,
): string {
  if (config.emulated) return sellerDashboardUrl(config, stripeAccountId, livemode);
  return `${STRIPE_DASHBOARD}/${livemode ? "" : "test/"}${SELLER_DASHBOARD_PATHS[page]}`;
}
