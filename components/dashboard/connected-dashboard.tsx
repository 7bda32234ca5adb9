import { Suspense, type ReactNode } from "react";
import type Stripe from "stripe";
import { ReadinessSummaryPanel } from "@/components/connect/readiness-summary";
import { AvailableNow, NextPayout } from "@/components/dashboard/headline";
import { NoStripeData } from "@/components/dashboard/no-stripe-data";
import {
  AccountPanel,
  PanelSkeleton,
  PaymentsPanel,
  PayoutsPanel,
} from "@/components/dashboard/panels";
import { PayoutsChartPanel } from "@/components/dashboard/payouts-chart";
import { RecordLostAccess } from "@/components/dashboard/record-lost-access";
import { StripeDownBanner } from "@/components/dashboard/stripe-down";
import { Card } from "@/components/ui/card";
import type { StripeConnection } from "@/lib/data/connections";
import { accountStateOf } from "@/lib/stripe/account-state";
import { stripeConfig } from "@/lib/stripe/client";
import { sellerDashboardPageUrl, type SellerDashboardPage } from "@/lib/stripe/dashboard-links";
import { payoutChartStart } from "@/lib/stripe/payout-chart";
import { loadDashboardData, type Loaded } from "@/lib/stripe/seller-data";
import { revocationForSeller } from "@/lib/ui/seller-history";

/**
 * The dashboard of a connection stored as active. Its reads start at once; the account is
 * awaited first. When Stripe refuses access, the whole dashboard says so (not one panel each),
 * and `recordAction` is sent to record it. When Stripe does not answer it, one banner says so
 * with the stored snapshot (StripeDownBanner). Otherwise the headline (available now, next
 * payout), the 30-day payouts chart and the panels, each streaming in, and failing, on its own.
 */
export async function ConnectedDashboard({
  connection,
  recordAction,
  autoCheck,
  checkFailed,
  now,
}: {
  connection: StripeConnection;
  recordAction: () => Promise<void>;
  /** False once the page came back from that action (so it is sent once). */
  autoCheck: boolean;
  checkFailed?: string;
  now: Date;
}) {
  const data = loadDashboardData(connection, payoutChartStart(now));
  const account = await data.account;
  if (!account.ok && account.reason === "revoked") {
    return (
      <NoStripeData revokedBecause={revocationForSeller("access_invalid")}>
        <RecordLostAccess action={recordAction} autoCheck={autoCheck} failed={checkFailed} />
      </NoStripeData>
    );
  }
  const readiness = (
    <Card title="Your Stripe account">
      <ReadinessSummaryPanel connection={connection} />
    </Card>
  );
  if (!account.ok) {
    return (
      <div className="grid gap-6">
        <StripeDownBanner connection={connection} reason={account.reason} />
        {readiness}
      </div>
    );
  }
  return (
    <LiveDashboard
      connection={connection}
      account={account}
      data={data}
      readiness={readiness}
      now={now}
    />
  );
}

function LiveDashboard({
  connection,
  account,
  data,
  readiness,
  now,
}: {
  connection: StripeConnection;
  account: Extract<Loaded<Stripe.Account>, { ok: true }>;
  data: ReturnType<typeof loadDashboardData>;
  readiness: ReactNode;
  now: Date;
}) {
  const inStripe = (page: SellerDashboardPage) =>
    sellerDashboardPageUrl(stripeConfig(), connection.stripeAccountId, connection.livemode, page);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Suspense fallback={<PanelSkeleton title="Available now" />}>
        <AvailableNow loading={data.balance} viewAll={inStripe("balance")} />
      </Suspense>
      <Suspense fallback={<PanelSkeleton title="Next payout" />}>
        <NextPayout loading={data.payouts} account={account.data} />
      </Suspense>
      <div className="lg:col-span-2">{readiness}</div>
      <div className="lg:col-span-2">
        <Suspense fallback={<PanelSkeleton title="Payouts, last 30 days" />}>
          <PayoutsChartPanel loading={data.payoutHistory} now={now} />
        </Suspense>
      </div>
      <div className="lg:col-span-2">
        <Suspense fallback={<PanelSkeleton title="Recent payments" />}>
          <PaymentsPanel loading={data.charges} viewAll={inStripe("payments")} />
        </Suspense>
      </div>
      <Suspense fallback={<PanelSkeleton title="Recent payouts" />}>
        <PayoutsPanel
          loading={data.payouts}
          schedule={accountStateOf(account.data).payout_schedule}
          viewAll={inStripe("payouts")}
        />
      </Suspense>
      <AccountPanel connection={connection} loaded={account} />
    </div>
  );
}

/** What the dashboard shows while its account check runs. */
export function DashboardSkeleton() {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      {["Available now", "Next payout"].map((title) => (
        <PanelSkeleton key={title} title={title} />
      ))}
      <div className="lg:col-span-2">
        <PanelSkeleton title="Payouts, last 30 days" />
      </div>
    </div>
  );
}
