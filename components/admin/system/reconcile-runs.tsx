import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ShortDate } from "@/components/ui/short-date";
import { Table } from "@/components/ui/table";
import type { ReconcileRunView } from "@/lib/data/reconcile-runs";
import { formatCount, formatDateTime } from "@/lib/format";
import { reconcileRunWord } from "@/lib/ui/status-words";

const TRIGGER: Record<string, string> = {
  schedule: "Schedule",
  manual: "npm run stripe:reconcile",
};

function RunState({ run }: { run: ReconcileRunView }) {
  return <Badge word={reconcileRunWord(run.state)} />;
}

/**
 * The scheduled reconcile (lib/stripe/reconcile-run.ts): when it runs next, its latest runs with
 * their counts, and what the latest one repaired.
 */
export function ReconcileRunsCard({
  runs,
  next,
}: {
  runs: ReconcileRunView[];
  next: { at: Date; cron: string } | null;
}) {
  const [latest] = runs;
  return (
    <Card
      title="Reconcile with Stripe"
      description={
        next ? (
          <>
            Every active connection is compared with its Stripe account and repaired. Next run:{" "}
            {formatDateTime(next.at)} (schedule <code>{next.cron}</code>, UTC).
          </>
        ) : (
          "Every active connection is compared with its Stripe account and repaired. No run is scheduled."
        )
      }
    >
      <Table
        caption="Latest reconcile runs"
        headers={["Started", "By", "State", "Checked", "Repaired", "Ended", "Failed"]}
        stacked={{ status: "State" }}
        empty="No reconcile has run yet."
        rows={runs.map((run) => ({
          key: run.id,
          cells: [
            <ShortDate key="started" value={run.startedAt} time />,
            TRIGGER[run.trigger] ?? run.trigger,
            <span key="state" className="flex flex-wrap items-center gap-2">
              <RunState run={run} />
              {run.lastError ? (
                <span className="text-xs text-slate-600">{run.lastError}</span>
              ) : null}
            </span>,
            formatCount(run.checked),
            formatCount(run.updated),
            formatCount(run.revoked),
            formatCount(run.failed),
          ],
        }))}
      />
      {latest && latest.changes.length > 0 ? (
        <div className="mt-6">
          <h3 className="text-sm font-semibold text-slate-900">
            What the latest run repaired
            {latest.updated + latest.revoked > latest.changes.length
              ? ` (the first ${String(latest.changes.length)})`
              : ""}
          </h3>
          <Table
            caption="Connections the latest reconcile run repaired"
            headers={["Account", "Repair", "Fields"]}
            empty="Nothing repaired."
            rows={latest.changes.map((change) => ({
              key: change.connectionId,
              cells: [
                <Link
                  key="account"
                  href={`/admin/accounts/${change.connectionId}`}
                  className="font-mono text-xs text-brand-700 underline"
                >
                  {change.stripeAccountId}
                </Link>,
                change.outcome === "revoked" ? "Ended: Stripe no longer gives access" : "Updated",
                change.fields.map((f) => f.field).join(", ") || "—",
              ],
            }))}
          />
        </div>
      ) : null}
    </Card>
  );
}
