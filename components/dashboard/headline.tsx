import type { ReactNode } from "react";
import type Stripe from "stripe";
import { Unavailable, ViewAllInStripe } from "@/components/dashboard/panels";
import { formatMoney } from "@/lib/money";
import { accountStateOf } from "@/lib/stripe/account-state";
import { nextPayoutHeadline } from "@/lib/stripe/payout-words";
import type { Loaded } from "@/lib/stripe/seller-data";

/** One of the dashboard's two headline figures: a label, the figure, and a line under it. */
function Headline({
  label,
  testId,
  children,
}: {
  label: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <section
      className="min-w-0 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
      data-testid={testId}
    >
      <h2 className="text-sm font-medium text-slate-600">{label}</h2>
      {children}
    </section>
  );
}

/**
 * "Available now": what Stripe can pay out today, per currency, with what is still on its way
 * into the balance (pending) under it. `viewAll`: the balance page of the seller's Stripe Dashboard.
 */
export async function AvailableNow({
  loading,
  viewAll,
}: {
  loading: Promise<Loaded<Stripe.Balance>>;
  viewAll: string;
}) {
  const loaded = await loading;
  if (!loaded.ok) return <Unavailable title="Available now" loaded={loaded} />;
  const { available, pending } = loaded.data;
  const incoming = pending.filter((p) => p.amount !== 0);
  return (
    <Headline label="Available now" testId="balance">
      <ul className="mt-1 space-y-1">
        {available.length === 0 ? (
          <li className="text-3xl font-semibold text-slate-900 tabular-nums">None</li>
        ) : null}
        {available.map((a) => (
          <li key={a.currency} className="text-3xl font-semibold text-slate-900 tabular-nums">
            {formatMoney(a.amount, a.currency)}
          </li>
        ))}
      </ul>
      <p className="mt-2 text-sm text-slate-600">
        {incoming.length === 0
          ? "Nothing pending."
          : `Pending: ${incoming.map((p) => formatMoney(p.amount, p.currency)).join(", ")}, on its way into your balance.`}
      </p>
      <ViewAllInStripe href={viewAll} what="balance" />
    </Headline>
  );
}

/**
 * "Next payout on <date>" and its amount, or what decides the next payout when none is on its
 * way (paused, manual, the schedule): lib/stripe/payout-words.ts. The account is the page's live
 * read of it (its schedule and whether Stripe pays out).
 */
export async function NextPayout({
  loading,
  account,
}: {
  loading: Promise<Loaded<Stripe.Payout[]>>;
  account: Stripe.Account;
}) {
  const loaded = await loading;
  if (!loaded.ok) return <Unavailable title="Next payout" loaded={loaded} />;
  const { title, detail } = nextPayoutHeadline({
    payouts: loaded.data,
    schedule: accountStateOf(account).payout_schedule,
    payoutsEnabled: account.payouts_enabled,
  });
  return (
    <Headline label="Next payout" testId="next-payout-headline">
      <p className="mt-1 text-2xl font-semibold text-slate-900">{title}</p>
      {detail ? <p className="mt-2 text-sm text-slate-600 tabular-nums">{detail}</p> : null}
    </Headline>
  );
}
