import type { Metadata } from "next";
import Link from "next/link";
import { ActivityChart } from "@/components/admin/activity-chart";
import { ReadinessTotals } from "@/components/admin/readiness-totals";
import { FailedEventsTable } from "@/components/admin/webhook-events-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { accountsListHref, type FilterValue } from "@/lib/admin/connection-query";
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

const figureLink = "underline-offset-4 hover:text-brand-700 hover:underline";

/**
 * A total by status (or of all connections) and its live/test split, each figure a link to the
 * accounts list filtered accordingly (the list's own filter values: FILTER_VALUES).
 */
function Total({
  title,
  totals,
  status,
  detail,
}: {
  title: string;
  totals: { live: number; test: number };
  status?: FilterValue<"status">;
  detail?: string;
}) {
  return (
    <Card
      title={title}
      description={
        <>
          <Link
            href={accountsListHref({ status })}
            className={`block text-3xl font-semibold text-slate-900 ${figureLink}`}
          >
            <span data-testid={`total-${title.toLowerCase()}`}>
              {formatCount(totals.live + totals.test)}
            </span>
            <span className="sr-only"> {title.toLowerCase()} connections</span>
          </Link>
          {detail ?? (
            <>
              <Link href={accountsListHref({ status, mode: "live" })} className={figureLink}>
                {formatCount(totals.live)} live
              </Link>
              {" · "}
              <Link href={accountsListHref({ status, mode: "test" })} className={figureLink}>
                {formatCount(totals.test)} test
              </Link>
            </>
          )}
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
  const all = {
    live: totals.CONNECTED.live + totals.DISCONNECTED.live + totals.REVOKED.live,
    test: totals.CONNECTED.test + totals.DISCONNECTED.test + totals.REVOKED.test,
  };
  return (
    <>
      <PageHeader
        title="Platform overview"
        description="Sellers' Stripe connections at a glance."
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Total title="Connected" totals={totals.CONNECTED} status="connected" />
        <Total title="Disconnected" totals={totals.DISCONNECTED} status="disconnected" />
        <Total title="Revoked" totals={totals.REVOKED} status="revoked" />
        <Total title="All" totals={all} detail="connections ever made" />
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
