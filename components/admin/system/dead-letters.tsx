import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import type { deadLetteredWebhookEvents } from "@/lib/admin/webhook-retry";
import { formatCount, formatDateTime } from "@/lib/format";
import type { FormAction } from "@/lib/http/form-state";

type DeadLetters = Awaited<ReturnType<typeof deadLetteredWebhookEvents>>;

/**
 * Webhook events the retry job gave up on: shown with their last error, and retried together
 * (each applied again as the admin Retry does, audited).
 */
export function DeadLettersCard({
  deadLetters,
  retryAll,
}: {
  deadLetters: DeadLetters;
  retryAll: FormAction;
}) {
  const { events, count } = deadLetters;
  return (
    <Card
      title="Dead-lettered webhook events"
      description={
        count === 0
          ? "Every stored webhook event was applied or is still being retried."
          : `${formatCount(count)} event${count === 1 ? "" : "s"} still failed after the last automatic retry. Fix the cause, then retry them.`
      }
    >
      {count > 0 ? (
        <div className="mb-4 max-w-xs">
          <ActionForm
            action={retryAll}
            submit={
              count > events.length
                ? `Retry the ${String(events.length)} newest`
                : `Retry ${count === 1 ? "it" : `all ${String(count)}`}`
            }
            pending="Retrying…"
            variant="secondary"
            fullWidth={false}
          />
        </div>
      ) : null}
      <Table
        caption="Dead-lettered webhook events"
        headers={["Event", "Account", "Received", "Attempts", "Last error"]}
        empty="No dead-lettered event."
        rows={events.map((e) => ({
          key: e.id,
          cells: [
            <div key="event">
              <div className="font-medium">{e.type}</div>
              <div className="font-mono text-xs text-slate-600">{e.id}</div>
            </div>,
            e.account ? (
              <Link
                href={`/admin/accounts?q=${encodeURIComponent(e.account)}`}
                className="font-mono text-xs text-brand-700 underline"
              >
                {e.account}
              </Link>
            ) : (
              "—"
            ),
            <span key="when" className="whitespace-nowrap">
              {formatDateTime(e.receivedAt)}
            </span>,
            formatCount(e.attempts),
            <span key="error" className="text-xs">
              {e.lastError ?? "—"}
            </span>,
          ],
        }))}
      />
    </Card>
  );
}
