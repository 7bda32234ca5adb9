import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import type { QueueStats } from "@/lib/jobs/stats";

const QUEUE_WORDS: Record<string, string> = {
  "webhook-retry-sweep": "Find webhook events to retry",
  "webhook-retry": "Retry a webhook event",
  mail: "Send mail",
  prune: "Delete expired data",
  "refresh-connection": "Refresh one account from Stripe",
  reconcile: "Reconcile every connection",
};

function age(seconds: number): string {
  if (seconds === 0) return "—";
  if (seconds < 120) return `${String(Math.round(seconds))} s`;
  if (seconds < 7200) return `${String(Math.round(seconds / 60))} min`;
  return `${String(Math.round(seconds / 3600))} h`;
}

/** The background job queues (pg-boss, shared by every instance and worker). */
export function QueuesCard({ stats }: { stats: QueueStats[] }) {
  return (
    <Card
      title="Background jobs"
      description="Jobs waiting, running and failed in each queue, on every instance and worker."
    >
      <Table
        caption="Background job queues"
        headers={["Queue", "Waiting", "Running", "Failed", "Oldest waiting"]}
        empty="No job has been queued yet."
        rows={stats.map((q) => ({
          key: q.queue,
          cells: [
            <span key="queue">
              {QUEUE_WORDS[q.queue] ?? q.queue}{" "}
              <code className="text-xs text-slate-600">{q.queue}</code>
            </span>,
            formatCount(q.waiting),
            formatCount(q.active),
            formatCount(q.failed),
            age(q.oldestWaitingSeconds),
          ],
        }))}
      />
    </Card>
  );
}
