import { Suspense } from "react";
import type Stripe from "stripe";
import {
  AccountPanel,
  BalancePanel,
  PanelSkeleton,
  PaymentsPanel,
  PayoutsPanel,
} from "@/components/dashboard/panels";
import { REVOCATION_REASONS, type StripeConnection } from "@/lib/data/connections";
import type { Loaded, SellerReads } from "@/lib/stripe/seller-data";

/**
 * The account page's "Live from Stripe": the seller's account (as the page's own check got it),
 * balance, payments and payouts, fetched as their account; or one line saying why there is nothing to
 * fetch (the connection ended, or Stripe just refused access). `page`: this page, for a retry.
 */
export function LiveFromStripe({
  connection,
  live,
  page,
}: {
  connection: StripeConnection;
  /** The page's reads of Stripe, the account answered; null when the connection has ended. */
  live: (Omit<SellerReads, "account"> & { account: Loaded<Stripe.Account> }) | null;
  page: string;
}) {
  const accessLost = live?.account.ok === false && live.account.reason === "revoked";
  return (
    <section aria-labelledby="live-heading" className="mt-8">
      <h2 id="live-heading" className="mb-1 text-lg font-semibold text-slate-900">
        Live from Stripe
      </h2>
      {live && !accessLost ? (
        <>
          <p className="mb-4 text-sm text-slate-600">
            Fetched now, as the seller&apos;s account (the Stripe-Account header).
          </p>
          <div className="grid items-start gap-6 lg:grid-cols-2">
            <AccountPanel connection={connection} loaded={live.account} adminPage={page} />
            <Suspense fallback={<PanelSkeleton title="Balance" />}>
              <BalancePanel loading={live.balance} adminPage={page} />
            </Suspense>
            <Suspense fallback={<PanelSkeleton title="Recent payments" />}>
              <PaymentsPanel loading={live.charges} adminPage={page} />
            </Suspense>
            <Suspense fallback={<PanelSkeleton title="Recent payouts" />}>
              <PayoutsPanel loading={live.payouts} adminPage={page} />
            </Suspense>
          </div>
        </>
      ) : (
        <p className="text-sm text-slate-600" data-testid="live-unavailable">
          {accessLost
            ? `${REVOCATION_REASONS.access_invalid}.`
            : "This connection has ended: the marketplace no longer has access to the account at Stripe."}
        </p>
      )}
    </section>
  );
}
