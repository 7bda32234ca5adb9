import Link from "next/link";
import type Stripe from "stripe";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import type { StripeConnection } from "@/lib/data/connections";
import { formatDate } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import {
  loadAccount,
  loadBalance,
  loadRecentCharges,
  loadRecentPayouts,
  type Loaded,
} from "@/lib/stripe/seller-data";

const fromUnix = (seconds: number) => formatDate(new Date(seconds * 1000));

/**
 * The panels show a seller's own Stripe data on their dashboard, or, given `adminPage` (the page
 * to reload for a retry), the same data to a platform admin.
 */
interface PanelProps {
  connection: StripeConnection;
  adminPage?: string;
}

/** What a panel shows when its Stripe call failed. */
function Unavailable({
  title,
  loaded,
  adminPage,
}: {
  title: string;
  loaded: Extract<Loaded<unknown>, { ok: false }>;
  adminPage?: string;
}) {
  return (
    <Card title={title}>
      {loaded.reason === "revoked" && adminPage ? (
        <p className="text-sm text-red-800" data-testid="revoked-notice">
          Stripe reports that the marketplace no longer has access to this account (revoked from
          Stripe): the connection is now marked as revoked.
        </p>
      ) : loaded.reason === "revoked" ? (
        <p className="text-sm text-red-800" data-testid="revoked-notice">
          The marketplace no longer has access to this Stripe account: access was revoked from
          Stripe.{" "}
          <Link href="/settings" className="font-medium underline">
            Go to Settings
          </Link>{" "}
          to connect again.
        </p>
      ) : (
        <p className="text-sm text-slate-700" data-testid="retry-notice">
          Stripe did not answer just now.{" "}
          <Link href={adminPage ?? "/dashboard"} className="font-medium text-brand-700 underline">
            Retry
          </Link>
        </p>
      )}
    </Card>
  );
}

export async function AccountPanel({ connection, adminPage }: PanelProps) {
  const loaded = await loadAccount(connection);
  if (!loaded.ok) return <Unavailable title="Account" loaded={loaded} adminPage={adminPage} />;
  const account = loaded.data;
  const due = account.requirements?.currently_due?.length ?? 0;
  return (
    <Card title="Account">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-600">Business</dt>
        <dd className="font-medium">{account.business_profile?.name ?? "—"}</dd>
        <dt className="text-slate-600">Email</dt>
        <dd>{account.email ?? "—"}</dd>
        <dt className="text-slate-600">Country</dt>
        <dd>{account.country ?? "—"}</dd>
        <dt className="text-slate-600">Payments</dt>
        <dd>
          <Badge tone={account.charges_enabled ? "success" : "warning"}>
            {account.charges_enabled ? "Enabled" : "Not yet"}
          </Badge>
        </dd>
        <dt className="text-slate-600">Payouts</dt>
        <dd>
          <Badge tone={account.payouts_enabled ? "success" : "warning"}>
            {account.payouts_enabled ? "Enabled" : "Not yet"}
          </Badge>
        </dd>
        <dt className="text-slate-600">Stripe needs</dt>
        <dd>
          {due === 0
            ? "Nothing"
            : `${due} item${due === 1 ? "" : "s"}${adminPage ? "" : " (see your Stripe Dashboard)"}`}
        </dd>
      </dl>
    </Card>
  );
}

function Amounts({ label, amounts }: { label: string; amounts: Stripe.Balance.Available[] }) {
  return (
    <div>
      <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</h3>
      <ul className="mt-1 space-y-1">
        {amounts.length === 0 ? <li className="text-sm text-slate-600">None</li> : null}
        {amounts.map((a) => (
          <li key={a.currency} className="text-2xl font-semibold text-slate-900 tabular-nums">
            {formatMoney(a.amount, a.currency)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export async function BalancePanel({ connection, adminPage }: PanelProps) {
  const loaded = await loadBalance(connection);
  if (!loaded.ok) return <Unavailable title="Balance" loaded={loaded} adminPage={adminPage} />;
  return (
    <Card title="Balance">
      <div className="grid grid-cols-2 gap-4" data-testid="balance">
        <Amounts label="Available" amounts={loaded.data.available} />
        <Amounts label="Pending" amounts={loaded.data.pending} />
      </div>
    </Card>
  );
}

export async function PaymentsPanel({ connection, adminPage }: PanelProps) {
  const loaded = await loadRecentCharges(connection);
  if (!loaded.ok)
    return <Unavailable title="Recent payments" loaded={loaded} adminPage={adminPage} />;
  return (
    <Card title="Recent payments">
      <Table
        caption="Recent payments"
        headers={["Date", "Description", "Amount", "Status"]}
        empty="No payments yet."
        rows={loaded.data.map((charge) => ({
          key: charge.id,
          cells: [
            fromUnix(charge.created),
            charge.description ?? charge.id,
            <span key="a" className="tabular-nums">
              {formatMoney(charge.amount, charge.currency)}
            </span>,
            <Badge key="s" tone={charge.status === "succeeded" ? "success" : "neutral"}>
              {charge.refunded ? "refunded" : charge.status}
            </Badge>,
          ],
        }))}
      />
    </Card>
  );
}

export async function PayoutsPanel({ connection, adminPage }: PanelProps) {
  const loaded = await loadRecentPayouts(connection);
  if (!loaded.ok)
    return <Unavailable title="Recent payouts" loaded={loaded} adminPage={adminPage} />;
  return (
    <Card title="Recent payouts">
      <Table
        caption="Recent payouts"
        headers={["Arrives", "Amount", "Status"]}
        empty="No payouts yet."
        rows={loaded.data.map((payout) => ({
          key: payout.id,
          cells: [
            fromUnix(payout.arrival_date),
            <span key="a" className="tabular-nums">
              {formatMoney(payout.amount, payout.currency)}
            </span>,
            <Badge key="s" tone={payout.status === "paid" ? "success" : "neutral"}>
              {payout.status}
            </Badge>,
          ],
        }))}
      />
    </Card>
  );
}

export function PanelSkeleton({ title }: { title: string }) {
  return (
    <Card title={title}>
      <div
        className="animate-pulse space-y-2"
        aria-busy="true"
        aria-label={`Loading ${title.toLowerCase()}`}
      >
        <div className="h-4 w-2/3 rounded bg-slate-200" />
        <div className="h-4 w-1/2 rounded bg-slate-200" />
        <div className="h-4 w-3/4 rounded bg-slate-200" />
      </div>
    </Card>
  );
}
