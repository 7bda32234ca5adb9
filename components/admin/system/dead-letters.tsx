import { ActionForm } from "@/components/forms/action-form";
import { FailedEventsTable } from "@/components/admin/webhook-events-table";
import { Card } from "@/components/ui/card";
import type { deadLetteredWebhookEvents } from "@/lib/admin/webhook-retry";
import { formatCount } from "@/lib/format";
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
      {events.length > 0 ? (
        <FailedEventsTable events={events} caption="Dead-lettered webhook events" />
      ) : null}
    </Card>
  );
}
