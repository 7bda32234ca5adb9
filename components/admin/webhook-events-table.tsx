import Link from "next/link";
import { EventStatusBadge } from "@/components/admin/badges";
import { CopyButton } from "@/components/ui/copy-button";
import { PendingButton } from "@/components/ui/pending-button";
import { buttonStyles } from "@/components/ui/styles";
import { ShortDate } from "@/components/ui/short-date";
import { Table } from "@/components/ui/table";
import type { WebhookEvent } from "@/lib/data/webhook-events";

function EventName({ event }: { event: Pick<WebhookEvent, "id" | "type"> }) {
  return (
    <div>
      <div className="font-medium">{event.type}</div>
      <div className="flex flex-wrap items-center gap-x-2 font-mono text-xs text-slate-600">
        {event.id}
        <CopyButton value={event.id} />
      </div>
    </div>
  );
}

function When({ date }: { date: Date }) {
  return <ShortDate value={date} time />;
}

/** A stored event still waiting to be applied can be applied again from here. */
function RetryButton({
  event,
  connectionId,
  action,
}: {
  event: Pick<WebhookEvent, "id" | "status">;
  connectionId: string;
  action: (form: FormData) => Promise<void>;
}) {
  if (event.status === "PROCESSED" || event.status === "IGNORED") return null;
  return (
    <form action={action}>
      <input type="hidden" name="connectionId" value={connectionId} />
      <input type="hidden" name="eventId" value={event.id} />
      <PendingButton
        className={buttonStyles.secondary}
        pending="Retrying…"
        label={`Retry ${event.id}`}
      >
        Retry
      </PendingButton>
    </form>
  );
}

/** Webhook events about one account, each with its payload exactly as Stripe sent it. */
export function WebhookEventsTable({
  events,
  connectionId,
  retryAction,
}: {
  events: WebhookEvent[];
  connectionId: string;
  retryAction: (form: FormData) => Promise<void>;
}) {
  return (
    <Table
      caption="Webhook events"
      headers={["Event", "Status", "Attempts", "Created", "Received", "Last error", "Payload", ""]}
      stacked={{ status: "Status" }}
      empty="No webhook events received for this account yet."
      rows={events.map((event) => ({
        key: event.id,
        cells: [
          <EventName key="event" event={event} />,
          <EventStatusBadge key="status" status={event.status} />,
          event.attempts,
          <When key="created" date={event.created} />,
          <When key="received" date={event.receivedAt} />,
          event.lastError ?? "—",
          <details key="payload" className="min-w-40">
            <summary className="cursor-pointer text-brand-700">Show payload</summary>
            <pre className="mt-2 max-h-80 max-w-xl overflow-y-auto rounded whitespace-pre-wrap wrap-anywhere bg-slate-50 p-2 text-xs">
              {JSON.stringify(event.payload, null, 2)}
            </pre>
          </details>,
          <RetryButton
            key="retry"
            event={event}
            connectionId={connectionId}
            action={retryAction}
          />,
        ],
      }))}
    />
  );
}

/**
 * Failed events across all accounts, each linking to its account in the list (an account id may
 * have had several connections).
 */
export function FailedEventsTable({
  events,
  caption = "Failed webhook events",
}: {
  events: Pick<WebhookEvent, "id" | "type" | "account" | "attempts" | "lastError" | "receivedAt">[];
  caption?: string;
}) {
  return (
    <Table
      caption={caption}
      headers={["Event", "Account", "Attempts", "Last error", "Received"]}
      empty="No failed webhook events."
      rows={events.map((event) => ({
        key: event.id,
        cells: [
          <EventName key="event" event={event} />,
          event.account ? (
            <Link
              key="account"
              href={`/admin/accounts?q=${encodeURIComponent(event.account)}`}
              className="font-mono text-xs text-brand-700 underline"
            >
              {event.account}
            </Link>
          ) : (
            "Platform"
          ),
          event.attempts,
          event.lastError ?? "—",
          <When key="received" date={event.receivedAt} />,
        ],
      }))}
    />
  );
}
