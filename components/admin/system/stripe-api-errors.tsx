import { Card } from "@/components/ui/card";
import { ShortDate } from "@/components/ui/short-date";
import { Table } from "@/components/ui/table";
import type { summarizeStripeApiErrors } from "@/lib/data/stripe-api-errors";
import { formatCount } from "@/lib/format";

type Summary = Awaited<ReturnType<typeof summarizeStripeApiErrors>>;

function statusWords(status: number): string {
  if (status === 429) return "429 rate limited";
  if (status >= 500) return `${String(status)} Stripe error`;
  if (status === 401 || status === 403) return `${String(status)} refused`;
  return `${String(status)} rejected`;
}

/** Stripe calls Stripe refused or failed, on every instance (they are kept in the database). */
export function StripeApiErrorsCard({ summary }: { summary: Summary }) {
  return (
    <Card
      title="Stripe API errors"
      description={
        <>
          In the last 24 hours: {formatCount(summary.total)} failed call
          {summary.total === 1 ? "" : "s"}, {formatCount(summary.rateLimited)} of them rate limited
          (429).
        </>
      }
    >
      <Table
        caption="Latest Stripe API errors"
        headers={["When", "Call", "Answer", "Account", "Request id"]}
        stacked={{ primary: "Call" }}
        empty="No Stripe API call has failed."
        rows={summary.latest.map((e) => ({
          key: e.id,
          cells: [
            <ShortDate key="when" value={e.at} time />,
            <code key="call" className="text-xs">
              {e.method} {e.endpoint}
            </code>,
            statusWords(e.status),
            e.account ? <code className="text-xs">{e.account}</code> : "Platform",
            e.requestId ? <code className="text-xs">{e.requestId}</code> : "—",
          ],
        }))}
      />
    </Card>
  );
}
