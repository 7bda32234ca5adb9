import { ReadinessBadge } from "@/components/ui/readiness-badge";
import { buttonStyles } from "@/components/ui/styles";
import type { StripeConnection } from "@/lib/data/connections";
import { stripeConfig } from "@/lib/stripe/client";
import { sellerDashboardUrl } from "@/lib/stripe/dashboard-links";
import { connectionReadiness } from "@/lib/stripe/readiness";
import { readinessSummary, type ReadinessSummary } from "@/lib/stripe/readiness-summary";

const tones = {
  success: "border-green-600/30 bg-green-50 text-green-900",
  warning: "border-amber-600/40 bg-amber-50 text-amber-950",
  danger: "border-red-600/30 bg-red-50 text-red-900",
  info: "border-brand-600/30 bg-brand-50 text-brand-700",
} as const satisfies Record<ReadinessSummary["tone"], string>;

/**
 * Whether a seller's connected Stripe account can sell and be paid, and what Stripe still needs:
 * the one summary Settings and the dashboard show (the state is the stored one, so that they agree
 * with the admin's lists; lib/stripe/readiness-summary.ts puts it in words).
 */
export function ReadinessSummaryPanel({
  connection,
  now,
}: {
  connection: StripeConnection;
  now?: Date;
}) {
  const summary = readinessSummary({
    readiness: connectionReadiness(connection),
    chargesEnabled: connection.chargesEnabled,
    payoutsEnabled: connection.payoutsEnabled,
    now,
  });
  return (
    <div
      role={summary.urgent ? "alert" : "status"}
      data-testid="readiness"
      className={`space-y-2 rounded-md border px-4 py-3 text-sm ${tones[summary.tone]}`}
    >
      <p className="flex flex-wrap items-center gap-2">
        <ReadinessBadge state={summary.state} />
        <span className="font-medium" data-testid="readiness-headline">
          {summary.headline}
        </span>
      </p>
      {summary.paused ? <p>{summary.paused}</p> : null}
      {summary.reason ? <p data-testid="readiness-reason">{summary.reason}</p> : null}
      {summary.deadline ? (
        <p className="font-semibold" data-testid="readiness-deadline">
          {summary.deadline}
        </p>
      ) : null}
      {summary.needed.length > 0 ? (
        <div>
          <p>What Stripe needs from you:</p>
          <ul className="mt-1 list-disc pl-5" data-testid="readiness-needed">
            {summary.needed.map(({ label, pastDue }) => (
              <li key={label}>
                {label}
                {pastDue ? <strong className="font-semibold"> (past due)</strong> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {summary.failed.map(({ label, reason }) => (
        <p key={`${label}:${reason}`} data-testid="readiness-failed">
          Stripe could not verify {label}: {reason}
        </p>
      ))}
      {summary.verifying ? <p data-testid="readiness-verifying">{summary.verifying}</p> : null}
      {summary.later ? <p>{summary.later}</p> : null}
      {summary.upcoming ? <p data-testid="readiness-upcoming">{summary.upcoming}</p> : null}
      {summary.finishAtStripe ? (
        <p className="pt-1">
          <a
            href={sellerDashboardUrl(
              stripeConfig(),
              connection.stripeAccountId,
              connection.livemode,
            )}
            className={buttonStyles.primary}
            target="_blank"
            rel="noopener noreferrer"
          >
            Finish at Stripe<span className="sr-only"> (opens in a new tab)</span>
          </a>
        </p>
      ) : null}
    </div>
  );
}
