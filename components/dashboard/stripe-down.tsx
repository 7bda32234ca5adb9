import Link from "next/link";
import type Stripe from "stripe";
import { StoredAccountDetails } from "@/components/dashboard/panels";
import type { StripeConnection } from "@/lib/data/connections";
import { formatDateTime } from "@/lib/format";
import { parseAccountState } from "@/lib/stripe/account-state";
import { payoutScheduleLabel } from "@/lib/stripe/payout-words";
import type { Loaded } from "@/lib/stripe/seller-data";

/**
 * The dashboard's one banner when Stripe does not answer (the page's account read failed): why,
 * what we last stored about the account (webhooks and checks keep it: lib/stripe/reconcile.ts)
 * and as of when, and one Retry, in place of a Retry in every panel.
 */
export function StripeDownBanner({
  connection,
  reason,
}: {
  connection: StripeConnection;
  reason: Extract<Loaded<Stripe.Account>, { ok: false }>["reason"];
}) {
  const stored = connection.syncedAt;
  const schedule = parseAccountState(connection.accountState)?.payout_schedule ?? null;
  return (
    <section
      aria-labelledby="stripe-down-heading"
      className="rounded-xl border border-amber-600/40 bg-amber-50 p-5 text-amber-950 sm:p-6"
      data-testid="stripe-down"
    >
      <h2 id="stripe-down-heading" className="text-base font-semibold">
        {reason === "slow" ? "Stripe is slow to answer" : "Stripe is not answering right now"}
      </h2>
      <p className="mt-1 text-sm" data-testid="stripe-down-as-of">
        {stored
          ? `Shown: what we last stored about your account, as of ${formatDateTime(stored)}. Your balance, payments and payouts show again once Stripe answers.`
          : "We have nothing stored about your account yet. Your balance, payments and payouts show once Stripe answers."}{" "}
        <Link href="/dashboard" className="font-semibold underline">
          Retry
        </Link>
      </p>
      {stored ? (
        <div className="mt-4 rounded-md bg-white p-4 text-slate-900" data-testid="last-known">
          <StoredAccountDetails connection={connection} />
          {schedule ? (
            <p className="mt-2 text-sm">
              <span className="text-slate-600">Payout schedule:</span>{" "}
              {payoutScheduleLabel(schedule)}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
