import { Suspense } from "react";
import { ReadinessSummaryPanel } from "@/components/connect/readiness-summary";
import { NoStripeData } from "@/components/dashboard/no-stripe-data";
import {
  AccountPanel,
  BalancePanel,
  PanelSkeleton,
  PaymentsPanel,
  PayoutsPanel,
} from "@/components/dashboard/panels";
import { RecordLostAccess } from "@/components/dashboard/record-lost-access";
import { Card } from "@/components/ui/card";
import type { StripeConnection } from "@/lib/data/connections";
import { parseAccountState } from "@/lib/stripe/account-state";
import { loadSellerData } from "@/lib/stripe/seller-data";
import { revocationForSeller } from "@/lib/ui/seller-history";

/**
 * The dashboard of a connection stored as active. Its four reads start at once; the account is
 * awaited first: when Stripe refuses access, the whole dashboard says so (not one panel each),
 * and `recordAction` is sent to record it; otherwise the panels, each streaming in on its own.
 */
export async function ConnectedDashboard({
  connection,
  recordAction,
  autoCheck,
  checkFailed,
}: {
  connection: StripeConnection;
  recordAction: () => Promise<void>;
  /** False once the page came back from that action (so it is sent once). */
  autoCheck: boolean;
  checkFailed?: string;
}) {
  const data = loadSellerData(connection);
  const account = await data.account;
  if (!account.ok && account.reason === "revoked") {
    return (
      <NoStripeData revokedBecause={revocationForSeller("access_invalid")}>
        <RecordLostAccess action={recordAction} autoCheck={autoCheck} failed={checkFailed} />
      </NoStripeData>
    );
  }
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="lg:col-span-2">
        <Card title="Your Stripe account">
          <ReadinessSummaryPanel connection={connection} />
        </Card>
      </div>
      <Suspense fallback={<PanelSkeleton title="Balance" />}>
        <BalancePanel loading={data.balance} />
      </Suspense>
      <AccountPanel connection={connection} loaded={account} />
      <Suspense fallback={<PanelSkeleton title="Recent payments" />}>
        <PaymentsPanel loading={data.charges} />
      </Suspense>
      <Suspense fallback={<PanelSkeleton title="Recent payouts" />}>
        <PayoutsPanel
          loading={data.payouts}
          schedule={parseAccountState(connection.accountState)?.payout_schedule ?? null}
        />
      </Suspense>
    </div>
  );
}

/** What the dashboard shows while its account check runs. */
export function DashboardSkeleton() {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="lg:col-span-2">
        <PanelSkeleton title="Your Stripe account" />
      </div>
      {["Balance", "Account", "Recent payments", "Recent payouts"].map((title) => (
        <PanelSkeleton key={title} title={title} />
      ))}
    </div>
  );
}
