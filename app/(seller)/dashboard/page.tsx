import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import {
  AccountPanel,
  BalancePanel,
  PanelSkeleton,
  PaymentsPanel,
  PayoutsPanel,
} from "@/components/dashboard/panels";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buttonStyles } from "@/components/ui/styles";
import { requireUser } from "@/lib/auth/session";
import { getLatestConnection } from "@/lib/data/connections";
import { sellerDashboardUrl } from "@/lib/stripe/seller-data";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const connection = await getLatestConnection(user.id);

  if (connection?.status !== "CONNECTED") {
    const revoked = connection?.status === "REVOKED";
    return (
      <>
        <PageHeader title="Dashboard" description="Your Stripe balance, payments and payouts." />
        <Card
          title={revoked ? "Stripe access was revoked" : "No Stripe account connected"}
          description={
            revoked
              ? "Access to your Stripe account was revoked from Stripe, so the marketplace can no longer show its data or pay you through it. Connect again from Settings."
              : "Connect your Stripe account in Settings to see your balance, payments and payouts here."
          }
        >
          <Link href="/settings" className={buttonStyles.primary} data-testid="dashboard-status">
            {revoked ? "Reconnect in Settings" : "Go to Settings"}
          </Link>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            {connection.businessName ?? connection.stripeAccountId} ·{" "}
            <a
              href={sellerDashboardUrl(connection)}
              className="font-medium text-brand-700 underline"
              target="_blank"
              rel="noopener noreferrer"
            >
              Open your Stripe Dashboard
            </a>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Suspense fallback={<PanelSkeleton title="Balance" />}>
          <BalancePanel connection={connection} />
        </Suspense>
        <Suspense fallback={<PanelSkeleton title="Account" />}>
          <AccountPanel connection={connection} />
        </Suspense>
        <Suspense fallback={<PanelSkeleton title="Recent payments" />}>
          <PaymentsPanel connection={connection} />
        </Suspense>
        <Suspense fallback={<PanelSkeleton title="Recent payouts" />}>
          <PayoutsPanel connection={connection} />
        </Suspense>
      </div>
    </>
  );
}
