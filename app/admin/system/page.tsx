import type { Metadata } from "next";
import { DeadLettersCard } from "@/components/admin/system/dead-letters";
import { DependenciesCard } from "@/components/admin/system/dependencies";
import { QueuesCard } from "@/components/admin/system/queues";
import { ReconcileRunsCard } from "@/components/admin/system/reconcile-runs";
import { StripeApiErrorsCard } from "@/components/admin/system/stripe-api-errors";
import { OutcomeNotice } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { deadLetteredWebhookEvents } from "@/lib/admin/webhook-retry";
import { requireAdmin } from "@/lib/auth/session";
import { latestReconcileRuns } from "@/lib/data/reconcile-runs";
import { summarizeStripeApiErrors } from "@/lib/data/stripe-api-errors";
import { checkReadiness } from "@/lib/health";
import { nextScheduledRun } from "@/lib/jobs/schedule";
import { readQueueStats } from "@/lib/jobs/stats";
import { retryDeadLetteredAction } from "./actions";

export const metadata: Metadata = { title: "System" };

/** What the dead-lettered events' Retry did (its redirect's query), in words; null otherwise. */
function retryNotice(query: { retried?: string; applied?: string }) {
  const retried = Number(query.retried);
  const applied = Number(query.applied);
  if (!Number.isInteger(retried) || !Number.isInteger(applied) || retried < 0) return null;
  if (applied < 0 || applied > retried) return null;
  const failing = retried - applied;
  return failing === 0
    ? { tone: "success" as const, message: `Retried ${String(retried)}: all applied.` }
    : {
        tone: "error" as const,
        message: `Retried ${String(retried)}: ${String(applied)} applied, ${String(failing)} still failing. The retry job takes them up again.`,
      };
}

export default async function SystemPage({
  searchParams,
}: {
  searchParams: Promise<{ retried?: string; applied?: string }>;
}) {
  const admin = await requireAdmin("/admin/system");
  const notice = retryNotice(await searchParams);
  const [readiness, queues, deadLetters, reconcile, stripeErrors] = await Promise.all([
    checkReadiness(),
    readQueueStats(),
    deadLetteredWebhookEvents(admin),
    latestReconcileRuns(),
    summarizeStripeApiErrors(),
  ]);
  return (
    <>
      <PageHeader
        title="System"
        description="Background jobs, webhook events that could not be applied, reconcile runs and Stripe's answers."
      />
      <OutcomeNotice notice={notice} />
      <div className="grid gap-6">
        <DependenciesCard readiness={readiness} />
        <DeadLettersCard deadLetters={deadLetters} retryAll={retryDeadLetteredAction} />
        <QueuesCard stats={queues} />
        <ReconcileRunsCard runs={reconcile.runs} next={nextScheduledRun("reconcile")} />
        <StripeApiErrorsCard summary={stripeErrors} />
      </div>
    </>
  );
}
