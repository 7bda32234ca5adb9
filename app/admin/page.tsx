import type { Metadata } from "next";
import Link from "next/link";
import { ActivityChart } from "@/components/admin/activity-chart";
import { ReadinessTotals } from "@/components/admin/readiness-totals";
import { FailedEventsTable } from "@/components/admin/webhook-events-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/session";
import {
  getConnectionTotals,
  getReadinessTotals,
  listWeeklyActivity,
  OVERVIEW_WEEKS as WEEKS,
} from "@/lib/data/connection-stats";
import { countFailedWebhookEvents, listFailedWebhookEvents } from "@/lib/data/webhook-events";
import { formatCount } from "@/lib/format";

export const metadata: Metadata = { title: "Admin" };

const FAILED_CAP = 1000;

function Total({ title, value, detail }: { title: string; value: number; detail?: string }) {
  return (
    <Card
      title={title}
      description={
        <>
          <span
            className="block text-3xl font-semibold text-slate-900"
            data-testid={`total-${title.toLowerCase()}`}
          >
            {formatCount(value)}
          </span>
          {detail}
        </>
      }
    />
  );
}

function failedSummary(count: number): string {
  if (count === 0) return "None: every event Stripe sent was applied or knowingly ignored.";
  const n = count > FAILED_CAP ? `${formatCount(FAILED_CAP)}+` : formatCount(count);
  return `${n} failed ${count === 1 ? "event needs" : "events need"} attention; the newest first. Those the retry job gave up on are retried from System.`;
}

export default async function AdminOverviewPage() {
  await requireAdmin("/admin");
  const [totals, readiness, weeks, failed, failedCount] = await Promise.all([
    getConnectionTotals(),
    getReadinessTotals(),
    listWeeklyActivity(WEEKS),
    listFailedWebhookEvents(10),
    countFailedWebhookEvents(FAILED_CAP),
  ]);
  const split = ({ live, test }: { live: number; test: number }) =>
    `${formatCount(live)} live · ${formatCount(test)} test`;
  const sum = ({ live, test }: { live: number; test: number }) => live + test;
  return (
    <>
      <PageHeader
        title="Platform overview"
        description="Sellers' Stripe connections at a glance."
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Total title="Connected" value={sum(totals.CONNECTED)} detail={split(totals.CONNECTED)} />
        <Total
          title="Disconnected"
          value={sum(totals.DISCONNECTED)}
          detail={split(totals.DISCONNECTED)}
        />
        <Total title="Revoked" value={sum(totals.REVOKED)} detail={split(totals.REVOKED)} />
        <Total
          title="All"
          value={sum(totals.CONNECTED) + sum(totals.DISCONNECTED) + sum(totals.REVOKED)}
          detail="connections ever made"
        />
      </div>

      <div className="mt-6 grid gap-6">
        <Card
          title="Connected accounts by readiness"
          description="Whether Stripe lets them take payments and receive payouts; each opens the list."
        >
          <ReadinessTotals totals={readiness} />
        </Card>

        <Card title={`Connections and revocations, last ${WEEKS} weeks`}>
          <ActivityChart weeks={weeks} />
        </Card>

        <Card title="Failed webhook events" description={failedSummary(failedCount)}>
          {failed.length > 0 ? <FailedEventsTable events={failed} /> : null}
        </Card>
      </div>
      <p className="mt-6 text-sm">
        <Link href="/admin/accounts" className="font-medium text-brand-700 underline">
          Browse all accounts
        </Link>
      </p>
    </>
  );
}
