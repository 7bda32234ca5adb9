import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectedDashboard, DashboardSkeleton } from "@/components/dashboard/connected-dashboard";
import { NoStripeData } from "@/components/dashboard/no-stripe-data";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getSellerBlock } from "@/lib/data/connect-blocks";
import { getLatestConnection } from "@/lib/data/connections";
import { supportContact } from "@/lib/support";
import { outcomeMessage } from "@/lib/stripe/connect-outcomes";
import { stripeConfig } from "@/lib/stripe/client";
import { sellerDashboardUrl } from "@/lib/stripe/dashboard-links";
import { connectionEndedForSeller } from "@/lib/ui/seller-history";
import { checkStripeAccess } from "./actions";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<{ checked?: string }>;
}) {
  const user = await requireUser("/dashboard");
  const connection = await getLatestConnection(user.id);

  if (connection?.status !== "CONNECTED") {
    const block = user.role === "SELLER" ? await getSellerBlock(user.id) : null;
    return (
      <>
        <PageHeader title="Dashboard" description="Your Stripe balance, payments and payouts." />
        <NoStripeData
          revokedBecause={
            connection?.status === "REVOKED" ? connectionEndedForSeller(connection) : undefined
          }
          blocked={block && { sellerMessage: block.sellerMessage, support: supportContact() }}
        />
      </>
    );
  }

  const { checked } = await searchParams;
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            {connection.businessName ?? connection.stripeAccountId} ·{" "}
            <a
              href={sellerDashboardUrl(
                stripeConfig(),
                connection.stripeAccountId,
                connection.livemode,
              )}
              className="font-medium text-brand-700 underline"
              target="_blank"
              rel="noopener noreferrer"
            >
              Open your Stripe Dashboard
            </a>
          </>
        }
      />
      <Suspense fallback={<DashboardSkeleton />}>
        <ConnectedDashboard
          connection={connection}
          recordAction={checkStripeAccess}
          autoCheck={checked === undefined}
          checkFailed={outcomeMessage("access_check", checked)?.message}
          now={new Date()}
        />
      </Suspense>
    </>
  );
}
