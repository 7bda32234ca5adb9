import Link from "next/link";
import type { ReactNode } from "react";
import type Stripe from "stripe";
import { Amount } from "@/components/ui/amount";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ShortDate } from "@/components/ui/short-date";
import { Table } from "@/components/ui/table";
import { REVOCATION_REASONS, type StripeConnection } from "@/lib/data/connections";
import { formatDateTime } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { paymentFigures } from "@/lib/stripe/payment-figures";
import {
  nextPayoutLabel,
  payoutScheduleLabel,
  payoutStatus,
  type PayoutSchedule,
} from "@/lib/stripe/payout-words";
import type { Loaded } from "@/lib/stripe/seller-data";
import { chargeStatusWord, enabledWord } from "@/lib/ui/status-words";

const fromUnix = (seconds: number) => <ShortDate value={new Date(seconds * 1000)} />;

/**
 * The panels show a seller's own Stripe data on their dashboard, or, given `adminPage` (the page
 * to reload for a retry), the same data to a platform admin.
 */
interface PanelProps {
  connection: StripeConnection;
  adminPage?: string;
}

/** What a panel shows when its Stripe call failed. */
export function Unavailable({
  title,
  loaded,
  adminPage,
  lastKnown,
}: {
  title: string;
  loaded: Extract<Loaded<unknown>, { ok: false }>;
  adminPage?: string;
  /** The last figures we stored, shown in place of Stripe's (what they are and when). */
  lastKnown?: { label: string; figures: ReactNode };
}) {
  return (
    <Card title={title}>
      {loaded.reason === "revoked" ? (
        // Only when access ended between this page's account check and this panel's call: the
        // page's next load shows (and records) the ended connection.
        <p className="text-sm text-red-800" data-testid="revoked-notice">
          {REVOCATION_REASONS.access_invalid}.{" "}
          <Link href={adminPage ?? "/dashboard"} className="font-medium underline">
            Reload
          </Link>
        </p>
      ) : (
        <p className="text-sm text-slate-700" data-testid="retry-notice">
          {loaded.reason === "slow"
            ? "Stripe is slow to answer."
            : "Stripe did not answer just now."}
          {lastKnown ? ` ${lastKnown.label}` : ""}{" "}
          <Link href={adminPage ?? "/dashboard"} className="font-medium text-brand-700 underline">
            Retry
          </Link>
        </p>
      )}
      {loaded.reason !== "revoked" && lastKnown ? (
        <div className="mt-4" data-testid="last-known">
          {lastKnown.figures}
        </div>
      ) : null}
    </Card>
  );
}

interface AccountDetailsProps {
  businessName: string | null;
  email: string | null;
  country: string | null;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  due: number;
  adminPage?: string;
}

function Enabled({ on }: { on: boolean }) {
  return <Badge word={enabledWord(on)} />;
}

function AccountDetails(props: AccountDetailsProps) {
  const { due, adminPage } = props;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
      <dt className="text-slate-600">Business</dt>
      <dd className="font-medium">{props.businessName ?? "—"}</dd>
      <dt className="text-slate-600">Email</dt>
      <dd>{props.email ?? "—"}</dd>
      <dt className="text-slate-600">Country</dt>
      <dd>{props.country ?? "—"}</dd>
      <dt className="text-slate-600">Payments</dt>
      <dd>
        <Enabled on={props.chargesEnabled} />
      </dd>
      <dt className="text-slate-600">Payouts</dt>
      <dd>
        <Enabled on={props.payoutsEnabled} />
      </dd>
      <dt className="text-slate-600">Stripe needs</dt>
      <dd>
        {due === 0
          ? "Nothing"
          : `${due} item${due === 1 ? "" : "s"}${adminPage ? "" : " (see your Stripe Dashboard)"}`}
      </dd>
    </dl>
  );
}

/** The account's details as we last stored them (shown when Stripe does not answer). */
export function StoredAccountDetails({ connection, adminPage }: PanelProps) {
  return (
    <AccountDetails
      businessName={connection.businessName}
      email={connection.email}
      country={connection.country}
      chargesEnabled={connection.chargesEnabled}
      payoutsEnabled={connection.payoutsEnabled}
      due={connection.requirementsDue}
      adminPage={adminPage}
    />
  );
}

/** The account as Stripe answered the page's own check (see ConnectedDashboard). */
export function AccountPanel({
  connection,
  adminPage,
  loaded,
}: PanelProps & { loaded: Loaded<Stripe.Account> }) {
  if (!loaded.ok) {
    const stored = connection.syncedAt;
    return (
      <Unavailable
        title="Account"
        loaded={loaded}
        adminPage={adminPage}
        lastKnown={
          stored
            ? {
                label: `Shown: the details stored on ${formatDateTime(stored)}.`,
                figures: <StoredAccountDetails connection={connection} adminPage={adminPage} />,
              }
            : undefined
        }
      />
    );
  }
  const account = loaded.data;
  return (
    <Card title="Account">
      <AccountDetails
        businessName={account.business_profile?.name ?? null}
        email={account.email ?? null}
        country={account.country ?? null}
        chargesEnabled={account.charges_enabled}
        payoutsEnabled={account.payouts_enabled}
        due={account.requirements?.currently_due?.length ?? 0}
        adminPage={adminPage}
      />
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

/** A panel of data still on its way from Stripe (started with the page's other reads). */
interface StreamedPanelProps<T> {
  loading: Promise<Loaded<T>>;
  adminPage?: string;
}

export async function BalancePanel({ loading, adminPage }: StreamedPanelProps<Stripe.Balance>) {
  const loaded = await loading;
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

/** "View all in Stripe": a page of the seller's own Stripe Dashboard, in a new tab. */
export function ViewAllInStripe({ href, what }: { href: string; what: string }) {
  return (
    <p className="mt-4 text-sm">
      <a
        href={href}
        className="font-medium text-brand-700 underline"
        target="_blank"
        rel="noopener noreferrer"
      >
        View all in Stripe<span className="sr-only"> ({what}, opens in a new tab)</span>
      </a>
    </p>
  );
}

/** A fee or net amount; a dash when Stripe has not settled the payment yet. */
function Figure({ amount, currency }: { amount: number | null; currency: string | null }) {
  return (
    <span className="tabular-nums">
      {amount === null || currency === null ? "—" : formatMoney(amount, currency)}
    </span>
  );
}

/**
 * The latest payments with Stripe's fee and the net the seller keeps (from each charge's balance
 * transaction); `viewAll`, the seller's payments page at Stripe.
 */
export async function PaymentsPanel({
  loading,
  adminPage,
  viewAll,
}: StreamedPanelProps<Stripe.Charge[]> & { viewAll?: string }) {
  const loaded = await loading;
  if (!loaded.ok)
    return <Unavailable title="Recent payments" loaded={loaded} adminPage={adminPage} />;
  return (
    <Card title="Recent payments">
      <Table
        caption="Recent payments"
        headers={["Date", "Description", "Amount", "Fee", "Net", "Status"]}
        stacked={{ primary: "Description", amount: "Amount", status: "Status" }}
        empty="No payments yet."
        rows={loaded.data.map((charge) => {
          const figures = paymentFigures(charge);
          return {
            key: charge.id,
            cells: [
              fromUnix(charge.created),
              charge.description ?? charge.id,
              <Amount key="a" amount={charge.amount} currency={charge.currency} />,
              <Figure key="f" amount={figures.fee} currency={figures.settlementCurrency} />,
              <Figure key="n" amount={figures.net} currency={figures.settlementCurrency} />,
              <Badge key="s" word={chargeStatusWord(charge)} />,
            ],
          };
        })}
      />
      {viewAll ? <ViewAllInStripe href={viewAll} what="payments" /> : null}
    </Card>
  );
}

/**
 * Payouts: the schedule Stripe pays out on (when known), the next payout expected, and the recent
 * ones with their status in words (lib/stripe/payout-words.ts), failures in red.
 */
export function PayoutsDetails({
  payouts,
  schedule,
}: {
  payouts: Stripe.Payout[];
  schedule?: PayoutSchedule | null;
}) {
  return (
    <>
      <dl className="mb-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
        {schedule ? (
          <>
            <dt className="text-slate-600">Schedule</dt>
            <dd data-testid="payout-schedule">{payoutScheduleLabel(schedule)}</dd>
          </>
        ) : null}
        <dt className="text-slate-600">Next payout</dt>
        <dd data-testid="next-payout">{nextPayoutLabel(payouts)}</dd>
      </dl>
      <Table
        caption="Recent payouts"
        headers={["Arrives", "Amount", "Status"]}
        stacked={{ amount: "Amount", status: "Status" }}
        empty="No payouts yet."
        rows={payouts.map((payout) => {
          const status = payoutStatus(payout);
          return {
            key: payout.id,
            cells: [
              fromUnix(payout.arrival_date),
              <Amount key="a" amount={payout.amount} currency={payout.currency} />,
              <span key="s" className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <Badge word={status} />
                {status.reason ? (
                  <span className="text-red-800" data-testid="payout-failed">
                    {status.reason}
                  </span>
                ) : null}
              </span>,
            ],
          };
        })}
      />
    </>
  );
}

export async function PayoutsPanel({
  loading,
  adminPage,
  schedule,
  viewAll,
}: StreamedPanelProps<Stripe.Payout[]> & { schedule?: PayoutSchedule | null; viewAll?: string }) {
  const loaded = await loading;
  if (!loaded.ok)
    return <Unavailable title="Recent payouts" loaded={loaded} adminPage={adminPage} />;
  return (
    <Card title="Recent payouts">
      <PayoutsDetails payouts={loaded.data} schedule={schedule} />
      {viewAll ? <ViewAllInStripe href={viewAll} what="payouts" /> : null}
    </Card>
  );
}

export function PanelSkeleton({ title }: { title: string }) {
  return (
    <Card title={title}>
      {/* A status, so that its name is allowed (axe: aria-label on a plain div is prohibited). */}
      <div role="status" className="animate-pulse space-y-2" aria-busy="true">
        <span className="sr-only">{`Loading ${title.toLowerCase()}…`}</span>
        <div className="h-4 w-2/3 rounded bg-slate-200" />
        <div className="h-4 w-1/2 rounded bg-slate-200" />
        <div className="h-4 w-3/4 rounded bg-slate-200" />
      </div>
    </Card>
  );
}
