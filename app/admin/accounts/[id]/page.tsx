import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConnectBlocks } from "@/components/admin/account/connect-blocks";
import { ConnectionActions } from "@/components/admin/account/connection-actions";
import { ConnectionDetails } from "@/components/admin/account/connection-details";
import { LiveFromStripe } from "@/components/admin/account/live-from-stripe";
import { AccountRequirements } from "@/components/admin/account/requirements";
import { SellerDetails } from "@/components/admin/account/seller-details";
import { ConnectionHistory } from "@/components/admin/connection-history";
import { WebhookEventsTable } from "@/components/admin/webhook-events-table";
import { RecordLostAccess } from "@/components/dashboard/record-lost-access";
import { OutcomeNotice } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { auditSearchParams } from "@/lib/admin/audit-query";
import { requireAdmin } from "@/lib/auth/session";
import { listConnectionHistory } from "@/lib/data/audit";
import { listActiveBlocks } from "@/lib/data/connect-blocks";
import { getConnectionWithSeller, listConnectionsOfSeller } from "@/lib/data/connections";
import { getUserNames } from "@/lib/data/users";
import { listWebhookEventsForAccount } from "@/lib/data/webhook-events";
import { adminAccountNotice } from "@/lib/stripe/connect-outcomes";
import { loadSellerData } from "@/lib/stripe/seller-data";
import {
  forceDisconnectAction,
  refreshFromStripeAction,
  retryWebhookEventAction,
  unblockAction,
} from "./actions";

export const metadata: Metadata = { title: "Account" };

/** Outcomes of a check with Stripe: the page does not send another one on its own after them. */
const CHECKED = /^(refresh_.*|stripe_unavailable|stripe_busy)$/;

export default async function AdminAccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ outcome?: string; retry_in?: string }>;
}) {
  await requireAdmin("/admin/accounts");
  const { id } = await params;
  const connection = await getConnectionWithSeller(id);
  if (!connection) notFound();
  const { user: seller } = connection;
  // Stripe's reads start with the page's own; the account is awaited with them, for the whole
  // page to agree on whether Stripe still gives access.
  const live = connection.status === "CONNECTED" ? loadSellerData(connection) : null;
  const [history, events, sellerConnections, blocks, account] = await Promise.all([
    listConnectionHistory(connection.id),
    listWebhookEventsForAccount(connection.stripeAccountId),
    listConnectionsOfSeller(seller.id),
    listActiveBlocks({ userId: seller.id, stripeAccountId: connection.stripeAccountId }),
    live?.account ?? null,
  ]);
  const actors = await getUserNames(
    [
      connection.disconnectedById,
      ...history.map((h) => h.actorId),
      ...blocks.map((b) => b.createdById),
    ].filter((a) => a !== null),
  );
  const { outcome, retry_in: retryIn } = await searchParams;
  const accessLost = account?.ok === false && account.reason === "revoked";
  const label = connection.businessName ?? connection.stripeAccountId;
  const endedBy = connection.disconnectedById ? actors.get(connection.disconnectedById) : undefined;
  const page = `/admin/accounts/${connection.id}`;

  return (
    <>
      <p className="mb-4 text-sm">
        <Link href="/admin/accounts" className="font-medium text-brand-700 underline">
          ← All accounts
        </Link>
      </p>
      <PageHeader
        title={label}
        description={
          <>
            {seller.name ?? seller.email} ·{" "}
            <span className="font-mono">{connection.stripeAccountId}</span>{" "}
            <CopyButton value={connection.stripeAccountId} />
          </>
        }
      />
      <OutcomeNotice notice={adminAccountNotice(outcome, retryIn)} />
      <ConnectBlocks
        blocks={blocks}
        seller={seller}
        stripeAccountId={connection.stripeAccountId}
        connectionId={connection.id}
        actors={actors}
        unblockAction={unblockAction}
      />

      <div className="grid gap-6 lg:grid-cols-2">
        <ConnectionDetails
          connection={connection}
          accessLost={accessLost}
          endedBy={
            connection.disconnectedById
              ? (endedBy?.name ?? endedBy?.email ?? "a deleted user")
              : "Stripe"
          }
          actions={
            accessLost ? (
              <RecordLostAccess
                action={refreshFromStripeAction}
                fields={{ connectionId: connection.id }}
                autoCheck={!CHECKED.test(outcome ?? "")}
              />
            ) : connection.status === "CONNECTED" ? (
              <ConnectionActions
                connectionId={connection.id}
                accountLabel={label}
                refreshAction={refreshFromStripeAction}
                forceDisconnectAction={forceDisconnectAction}
              />
            ) : null
          }
        />
        <SellerDetails
          seller={seller}
          connections={sellerConnections}
          current={connection.id}
          accessLost={accessLost}
        />
      </div>

      <AccountRequirements connection={connection} />

      <LiveFromStripe
        connection={connection}
        live={live && account && { ...live, account }}
        page={page}
      />

      <div className="mt-8 grid gap-6">
        <Card
          title="History"
          description={
            <Link
              href={`/admin/audit?${auditSearchParams({ actor: "", seller: seller.email })}`}
              className="font-medium text-brand-700 underline"
            >
              Everything recorded about this seller, in the audit log
            </Link>
          }
        >
          <ConnectionHistory events={history} sellerId={seller.id} actors={actors} />
        </Card>
        <Card
          title="Webhook events"
          description={`The newest ${events.length === 50 ? "50 " : ""}events Stripe sent about ${connection.stripeAccountId}.`}
        >
          <WebhookEventsTable
            events={events}
            connectionId={connection.id}
            retryAction={retryWebhookEventAction}
          />
        </Card>
      </div>
    </>
  );
}
