import { DisconnectButton } from "@/components/connect/disconnect-button";
import { ReadinessSummaryPanel } from "@/components/connect/readiness-summary";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import type { StripeConnection } from "@/lib/data/connections";
import { formatDateTime as when } from "@/lib/format";
import { connectionEndedForSeller } from "@/lib/ui/seller-history";
import { connectionStatusWord, enabledWord, modeWord } from "@/lib/ui/status-words";

function ConnectButton() {
  // A plain link: the route answers with a redirect to Stripe, which must not be prefetched.
  return (
    <a href="/api/stripe/connect/authorize" className={buttonStyles.primary}>
      Connect my Stripe account
    </a>
  );
}

/**
 * "Create a Stripe account" / "Continue setup at Stripe": a form, since it creates an account (a
 * change a link, prefetched or embedded elsewhere, must not make). The route answers with a
 * redirect to Stripe's onboarding page.
 */
function OnboardButton({ label, variant }: { label: string; variant: "primary" | "secondary" }) {
  return (
    <form method="post" action="/api/stripe/onboard/start">
      <button type="submit" className={buttonStyles[variant]}>
        {label}
      </button>
    </form>
  );
}

/** The two doors: the seller's existing Stripe account (OAuth), or a new one we create. */
function TwoDoors() {
  return (
    <div className="mt-5 grid gap-4 sm:grid-cols-2" data-testid="connect-doors">
      <div className="space-y-2">
        <p className="text-sm text-slate-600">
          Already have a Stripe account? Sign in to Stripe and connect it.
        </p>
        <ConnectButton />
      </div>
      <div className="space-y-2">
        <p className="text-sm text-slate-600">
          New to Stripe? We create your account; Stripe&apos;s own pages ask for your details.
        </p>
        <OnboardButton label="Create a Stripe account" variant="secondary" />
      </div>
    </div>
  );
}

function YesNo({ value }: { value: boolean }) {
  return <Badge word={enabledWord(value)} />;
}

/** What a blocked seller reads instead of the Connect button. */
export interface SellerBlockNotice {
  sellerMessage: string;
  /** How to reach support (lib/support.ts). */
  support: string;
}

/**
 * The seller's Stripe connection on Settings: its status, details and the actions it allows.
 * `blocked`: an admin blocked this seller from connecting: their message replaces the button.
 */
export function ConnectionCard({
  connection,
  canConnect,
  blocked,
}: {
  connection: StripeConnection | null;
  canConnect: boolean;
  blocked?: SellerBlockNotice | null;
}) {
  if (connection?.status === "CONNECTED") {
    const label = connection.businessName ?? connection.stripeAccountId;
    const created = connection.source === "CREATED";
    return (
      <Card title="Stripe connection">
        <div className="flex flex-wrap items-center gap-2" data-testid="connection-status">
          {/* Connected is not ready: the readiness below says whether it can sell and be paid. */}
          <Badge>{connectionStatusWord(connection.status).label}</Badge>
          <Badge word={modeWord(connection.livemode)} />
        </div>
        <div className="mt-4">
          <ReadinessSummaryPanel connection={connection} />
        </div>
        <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-600">Business</dt>
          <dd className="font-medium" data-testid="connection-business-name">
            {connection.businessName ?? "—"}
          </dd>
          <dt className="text-slate-600">Stripe account</dt>
          <dd className="font-mono text-xs leading-5" data-testid="connection-account-id">
            {connection.stripeAccountId}
          </dd>
          <dt className="text-slate-600">Payments</dt>
          <dd>
            <YesNo value={connection.chargesEnabled} />
          </dd>
          <dt className="text-slate-600">Payouts</dt>
          <dd>
            <YesNo value={connection.payoutsEnabled} />
          </dd>
          <dt className="text-slate-600">Connected since</dt>
          <dd>{when(connection.connectedAt)}</dd>
          <dt className="text-slate-600">How</dt>
          <dd data-testid="connection-source">
            {created
              ? "Created for you by the marketplace"
              : "Your own account, connected through Stripe"}
          </dd>
        </dl>
        <div className="mt-5 flex flex-wrap gap-3">
          {created && !connection.detailsSubmitted ? (
            <OnboardButton label="Continue setup at Stripe" variant="primary" />
          ) : null}
          <DisconnectButton
            accountLabel={label}
            description={
              created
                ? "The marketplace will stop using this Stripe account and you will stop receiving payouts through it here. The account stays yours at Stripe, with its Dashboard; “Create a Stripe account” connects it again."
                : undefined
            }
          />
        </div>
      </Card>
    );
  }

  const ended = connection;
  return (
    <Card
      title="Stripe connection"
      description="Connect a Stripe account to get paid on the marketplace: the one you have, or a new one."
    >
      <div className="flex flex-wrap items-center gap-2" data-testid="connection-status">
        {ended ? <Badge word={connectionStatusWord(ended.status)} /> : <Badge>Not connected</Badge>}
      </div>
      {ended?.disconnectedAt ? (
        <p className="mt-3 text-sm text-slate-600" data-testid="connection-ended">
          {`${connectionEndedForSeller(ended)} on ${when(ended.disconnectedAt)} (${ended.stripeAccountId}).`}
        </p>
      ) : null}
      {blocked ? (
        <div className="mt-5 space-y-2" data-testid="connect-blocked">
          <Badge tone="danger">Connecting is blocked</Badge>
          <p className="text-sm text-slate-900">{blocked.sellerMessage}</p>
          <p className="text-sm text-slate-600">
            You cannot connect a Stripe account until the marketplace lifts this block.{" "}
            {blocked.support}
          </p>
        </div>
      ) : canConnect ? (
        <TwoDoors />
      ) : null}
    </Card>
  );
}
