import type { ReactNode } from "react";
import { Details } from "@/components/admin/account/details";
import {
  AccessLostBadge,
  EnabledBadge,
  ModeBadge,
  SourceBadge,
  StatusBadge,
} from "@/components/admin/badges";
import { Card } from "@/components/ui/card";
import { REVOCATION_REASONS, type StripeConnection } from "@/lib/data/connections";
import { formatDateTime } from "@/lib/format";

/**
 * The account page's "Connection" card: what we store about the connection. `accessLost`: Stripe
 * just refused access to a connection stored as active, so the card says that, not "Connected".
 * `endedBy`: who ended it ("Stripe" when nobody did); `actions`: what the admin can do now.
 */
export function ConnectionDetails({
  connection,
  accessLost,
  endedBy,
  actions,
}: {
  connection: StripeConnection;
  accessLost: boolean;
  endedBy: string;
  actions?: ReactNode;
}) {
  return (
    <Card title="Connection">
      <div className="mb-4 flex flex-wrap gap-2" data-testid="connection-status">
        {accessLost ? <AccessLostBadge /> : <StatusBadge status={connection.status} />}
        <ModeBadge livemode={connection.livemode} />
        <SourceBadge source={connection.source} />
      </div>
      {accessLost ? (
        <p className="mb-4 text-sm text-red-800" data-testid="access-lost">
          {REVOCATION_REASONS.access_invalid}.
        </p>
      ) : null}
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
          [
            "Source",
            connection.source === "CREATED"
              ? "Created by the marketplace (Accounts v2, Stripe-hosted onboarding)"
              : "The seller's own account, connected with OAuth",
          ],
          ["Scope", connection.scope],
          ["Connected since", formatDateTime(connection.connectedAt)],
          ...(connection.disconnectedAt
            ? ([
                [
                  connection.status === "REVOKED" ? "Revoked" : "Disconnected",
                  `${formatDateTime(connection.disconnectedAt)} by ${endedBy}`,
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
      {actions ? <div className="mt-5 flex flex-wrap gap-3">{actions}</div> : null}
    </Card>
  );
}
