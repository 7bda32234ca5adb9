import type { ReactNode } from "react";
import { Details } from "@/components/admin/account/details";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ReadinessBadge } from "@/components/ui/readiness-badge";
import type { StripeConnection } from "@/lib/data/connections";
import { formatDate, formatDateTime } from "@/lib/format";
import { capabilityStatusWord } from "@/lib/ui/status-words";
import { parseAccountState, type AccountState } from "@/lib/stripe/account-state";
import { stripeConfig } from "@/lib/stripe/client";
import { platformDashboardUrl } from "@/lib/stripe/dashboard-links";
import { payoutScheduleLabel } from "@/lib/stripe/payout-words";
import { connectionReadiness, type Readiness } from "@/lib/stripe/readiness";
import {
  capabilityLabel,
  disabledReasonLabel,
  requirementLabel,
} from "@/lib/stripe/requirement-labels";

/**
 * The account page's "Requirements": everything stored of what decides whether the seller can sell
 * and be paid (the readiness the lists filter on, with its details from lib/stripe/readiness.ts),
 * each Stripe name in plain words next to Stripe's own, so that a name we do not know yet is still
 * shown (as Stripe names it). Read from the stored snapshot: "Refresh from Stripe" updates it.
 */
export function AccountRequirements({ connection }: { connection: StripeConnection }) {
  const state = parseAccountState(connection.accountState);
  const readiness = connectionReadiness(connection);
  const dashboard = (
    <a
      href={platformDashboardUrl(stripeConfig(), connection.stripeAccountId, connection.livemode)}
      className="font-medium text-brand-700 underline"
      target="_blank"
      rel="noopener noreferrer"
    >
      Open in Stripe Dashboard<span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
  return (
    <div className="mt-6" data-testid="requirements">
      <Card
        title="Requirements"
        description={
          <>
            What Stripe needs before this account can take payments and receive payouts
            {connection.status === "CONNECTED"
              ? ""
              : ", as last stored before the connection ended"}
            {connection.syncedAt ? ` (stored ${formatDateTime(connection.syncedAt)})` : ""}.{" "}
            {dashboard}
          </>
        }
      >
        {state ? (
          <RequirementDetails readiness={readiness} state={state} connection={connection} />
        ) : (
          <p className="text-sm text-slate-600" data-testid="requirements-none">
            No account details stored yet — Refresh from Stripe to fetch them.
          </p>
        )}
      </Card>
    </div>
  );
}

/** A requirement (or any Stripe name) in plain words, with Stripe's name when they differ. */
function StripeName({ name, label }: { name: string; label: string }) {
  return (
    <>
      {label !== name ? <>{label} </> : null}
      <code className="rounded bg-slate-100 px-1 font-mono text-xs text-slate-800">{name}</code>
    </>
  );
}

function RequirementList({ names, testId }: { names: string[]; testId: string }) {
  if (names.length === 0) return <span className="text-slate-600">None</span>;
  return (
    <ul className="space-y-1" data-testid={testId}>
      {names.map((name) => (
        <li key={name}>
          <StripeName name={name} label={requirementLabel(name)} />
        </li>
      ))}
    </ul>
  );
}

const orNone = (value: string | null) => value ?? "—";
const yesNo = (value: boolean | null) => (value === null ? "—" : value ? "Yes" : "No");

function RequirementDetails({
  readiness,
  state,
  connection,
}: {
  readiness: Readiness;
  state: AccountState;
  connection: StripeConnection;
}) {
  const { requirements, future_requirements: future, controller } = state;
  const pastDue = new Set(readiness.pastDue);
  const items: [string, ReactNode][] = [
    [
      "Readiness",
      <span key="r" data-testid="requirements-readiness">
        <ReadinessBadge state={readiness.state} />
      </span>,
    ],
    [
      "Disabled reason",
      readiness.disabledReason ? (
        <span data-testid="requirements-disabled-reason">
          <StripeName
            name={readiness.disabledReason}
            label={disabledReasonLabel(readiness.disabledReason)}
          />
        </span>
      ) : (
        "None"
      ),
    ],
    [
      "Deadline",
      <span key="d" data-testid="requirements-deadline">
        {readiness.currentDeadline ? formatDate(readiness.currentDeadline) : "None"}
      </span>,
    ],
    [
      "Past due",
      <RequirementList key="pd" names={readiness.pastDue} testId="requirements-past-due" />,
    ],
    [
      "Currently due",
      <RequirementList
        key="cd"
        names={requirements.currently_due.filter((name) => !pastDue.has(name))}
        testId="requirements-currently-due"
      />,
    ],
    [
      "Eventually due",
      <RequirementList
        key="ed"
        names={readiness.eventuallyDue}
        testId="requirements-eventually-due"
      />,
    ],
    [
      "Being verified",
      <RequirementList key="pv" names={readiness.pending} testId="requirements-pending" />,
    ],
    [
      "Failed verifications",
      readiness.errors.length === 0 ? (
        "None"
      ) : (
        <ul className="space-y-1" data-testid="requirements-errors">
          {readiness.errors.map((error) => (
            <li key={`${error.requirement}:${error.code}`}>
              <StripeName name={error.requirement} label={requirementLabel(error.requirement)} />:{" "}
              {error.reason} (<code className="font-mono text-xs">{error.code}</code>)
            </li>
          ))}
        </ul>
      ),
    ],
    [
      "Future requirements",
      <div key="f" data-testid="requirements-future">
        <RequirementList names={readiness.upcoming} testId="requirements-future-list" />
        {readiness.upcoming.length > 0 ? (
          <p className="mt-1 text-slate-600">
            {readiness.upcomingDeadline
              ? `Due from ${formatDate(readiness.upcomingDeadline)}`
              : "No date set by Stripe yet"}
            {future.disabled_reason ? (
              <>
                ; then disabled for{" "}
                <StripeName
                  name={future.disabled_reason}
                  label={disabledReasonLabel(future.disabled_reason)}
                />
              </>
            ) : null}
            .
          </p>
        ) : null}
      </div>,
    ],
    [
      "Capabilities",
      Object.keys(state.capabilities).length === 0 ? (
        "None requested"
      ) : (
        <ul className="space-y-1" data-testid="requirements-capabilities">
          {Object.entries(state.capabilities)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, status]) => (
              <li key={name} className="flex flex-wrap items-center gap-2">
                <StripeName name={name} label={capabilityLabel(name)} />
                <Badge word={capabilityStatusWord(status)} />
              </li>
            ))}
        </ul>
      ),
    ],
    [
      "Payout schedule",
      state.payout_schedule ? payoutScheduleLabel(state.payout_schedule) : "Not known",
    ],
    ["Default currency", connection.defaultCurrency?.toUpperCase() ?? "—"],
  ];
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Details items={items} />
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Controller</h3>
        <div data-testid="requirements-controller">
          <Details
            items={[
              ["Type", orNone(controller.type)],
              ["Platform is controller", yesNo(controller.is_controller)],
              ["Stripe Dashboard", orNone(controller.stripe_dashboard)],
              ["Requirements collected by", orNone(controller.requirement_collection)],
              ["Fees paid by", orNone(controller.fees_payer)],
              ["Payment losses borne by", orNone(controller.losses_payments)],
            ]}
          />
        </div>
      </div>
    </div>
  );
}
