import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { EnabledBadge, ModeBadge, StatusBadge } from "@/components/admin/badges";
import { ConnectionHistory } from "@/components/admin/connection-history";
import { ForceDisconnectButton } from "@/components/admin/force-disconnect-button";
import { WebhookEventsTable } from "@/components/admin/webhook-events-table";
import {
  AccountPanel,
  BalancePanel,
  PanelSkeleton,
  PaymentsPanel,
} from "@/components/dashboard/panels";
import { OutcomeNotice } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buttonStyles } from "@/components/ui/styles";
import { requireAdmin } from "@/lib/auth/session";
import { listConnectionHistory } from "@/lib/data/audit";
import { getConnectionWithSeller, listConnectionsOfSeller } from "@/lib/data/connections";
import { getUserNames } from "@/lib/data/users";
import { listWebhookEventsForAccount } from "@/lib/data/webhook-events";
import { formatDate, formatDateTime } from "@/lib/format";
import { outcomeMessage } from "@/lib/stripe/connect-outcomes";
import { PendingButton } from "@/components/ui/pending-button";
import { forceDisconnectAction, refreshFromStripeAction, retryWebhookEventAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

function Details({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
      {items.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-600">{term}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function AdminAccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ outcome?: string }>;
}) {
  await requireAdmin("/admin/accounts");
  const { id } = await params;
  const connection = await getConnectionWithSeller(id);
  if (!connection) notFound();
  const { user: seller } = connection;
  const [history, events, sellerConnections] = await Promise.all([
    listConnectionHistory(connection.id),
    listWebhookEventsForAccount(connection.stripeAccountId),
    listConnectionsOfSeller(seller.id),
  ]);
  const actors = await getUserNames(
    [connection.disconnectedById, ...history.map((h) => h.actorId)].filter((a) => a !== null),
  );
  const notice = outcomeMessage("admin_account", (await searchParams).outcome);
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
            <span className="font-mono">{connection.stripeAccountId}</span>
          </>
        }
      />
      <OutcomeNotice notice={notice} />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Connection">
          <div className="mb-4 flex flex-wrap gap-2" data-testid="connection-status">
            <StatusBadge status={connection.status} />
            <ModeBadge livemode={connection.livemode} />
          </div>
          <Details
            items={[
              [
                "Stripe account",
                <span key="a" className="font-mono text-xs">
                  {connection.stripeAccountId}
                </span>,
              ],
              ["Business", connection.businessName ?? "—"],
              ["Account email", connection.email ?? "—"],
              ["Country", connection.country ?? "—"],
              ["Charges", <EnabledBadge key="c" enabled={connection.chargesEnabled} />],
              ["Payouts", <EnabledBadge key="p" enabled={connection.payoutsEnabled} />],
              ["Requirements due", connection.requirementsDue],
              ["Scope", connection.scope],
              ["Connected since", formatDateTime(connection.connectedAt)],
              ...(connection.disconnectedAt
                ? ([
                    [
                      connection.status === "REVOKED" ? "Revoked" : "Disconnected",
                      `${formatDateTime(connection.disconnectedAt)} by ${
                        connection.disconnectedById
                          ? (endedBy?.name ?? endedBy?.email ?? "a deleted user")
                          : "Stripe"
                      }`,
                    ],
                    ["Reason", connection.disconnectReason ?? "—"],
                  ] satisfies [string, ReactNode][])
                : []),
              [
                "Last event",
                connection.lastEventAt ? formatDateTime(connection.lastEventAt) : "None yet",
              ],
              [
                "Synced from Stripe",
                connection.syncedAt ? formatDateTime(connection.syncedAt) : "Never",
              ],
            ]}
          />
          {connection.status === "CONNECTED" ? (
            <div className="mt-5 flex flex-wrap gap-3">
              <form action={refreshFromStripeAction}>
                <input type="hidden" name="connectionId" value={connection.id} />
                <PendingButton className={buttonStyles.secondary} pending="Refreshing…">
                  Refresh from Stripe
                </PendingButton>
              </form>
              <ForceDisconnectButton
                connectionId={connection.id}
                accountLabel={label}
                action={forceDisconnectAction}
              />
            </div>
          ) : null}
        </Card>

        <Card title="Seller">
          <Details
            items={[
              ["Name", seller.name ?? "—"],
              ["Email", seller.email],
              [
                "Role",
                <Badge key="r" tone={seller.role === "ADMIN" ? "info" : "neutral"}>
                  {seller.role === "ADMIN" ? "Admin" : "Seller"}
                </Badge>,
              ],
              ["Joined", formatDate(seller.createdAt)],
            ]}
          />
          <h3 className="mt-5 text-sm font-semibold text-slate-900">All their connections</h3>
          <ul className="mt-2 space-y-1 text-sm">
            {sellerConnections.map((other) => (
              <li key={other.id} className="flex flex-wrap items-center gap-2">
                {other.id === connection.id ? (
                  <span className="font-mono text-xs">{other.stripeAccountId} (this one)</span>
                ) : (
                  <Link
                    href={`/admin/accounts/${other.id}`}
                    className="font-mono text-xs text-brand-700 underline"
                  >
                    {other.stripeAccountId}
                  </Link>
                )}
                <StatusBadge status={other.status} />
                <span className="text-slate-600">since {formatDate(other.connectedAt)}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>

      <section aria-labelledby="live-heading" className="mt-8">
        <h2 id="live-heading" className="mb-1 text-lg font-semibold text-slate-900">
          Live from Stripe
        </h2>
        {connection.status === "CONNECTED" ? (
          <>
            <p className="mb-4 text-sm text-slate-600">
              Fetched now, as the seller&apos;s account (the Stripe-Account header).
            </p>
            <div className="grid gap-6 lg:grid-cols-3">
              <Suspense fallback={<PanelSkeleton title="Account" />}>
                <AccountPanel connection={connection} adminPage={page} />
              </Suspense>
              <Suspense fallback={<PanelSkeleton title="Balance" />}>
                <BalancePanel connection={connection} adminPage={page} />
              </Suspense>
              <Suspense fallback={<PanelSkeleton title="Recent payments" />}>
                <PaymentsPanel connection={connection} adminPage={page} />
              </Suspense>
            </div>
          </>
        ) : (
          <p className="text-sm text-slate-600" data-testid="live-unavailable">
            This connection has ended: the marketplace no longer has access to the account at
            Stripe.
          </p>
        )}
      </section>

      <div className="mt-8 grid gap-6">
        <Card title="History">
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
