import type Stripe from "stripe";
import { Card } from "@/components/ui/card";
import { Unavailable } from "@/components/dashboard/panels";
import { formatDate } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import { payoutChart, type PayoutChart } from "@/lib/stripe/payout-chart";
import type { Loaded } from "@/lib/stripe/seller-data";

const TITLE = "Payouts, last 30 days";
const WIDTH = 600;
const HEIGHT = 160;

/**
 * The last 30 days of payouts as bars, one a day, drawn on the server (an SVG, no script, no
 * inline style: the CSP holds). The SVG has a title and a summary; the same figures are a table
 * for screen readers, and the labels are HTML (so they keep their size on a phone, where the
 * SVG scales down).
 */
export function PayoutsChart({ chart }: { chart: PayoutChart }) {
  const { currency } = chart;
  if (currency === null) {
    return <p className="text-sm text-slate-600">No payouts in the last 30 days.</p>;
  }
  const money = (amount: number) => formatMoney(amount, currency);
  const slot = WIDTH / chart.days.length;
  const paidDays = chart.days.filter((d) => d.count > 0);
  const summary = `${money(chart.total)} in ${String(chart.count)} payout${chart.count === 1 ? "" : "s"}, from ${formatDate(chart.days[0]?.day ?? new Date())} to ${formatDate(chart.days.at(-1)?.day ?? new Date())}.`;
  return (
    <figure>
      <p className="text-sm text-slate-700" data-testid="payouts-chart-summary">
        {summary}
        {chart.otherCurrencies.length > 0
          ? ` Payouts in ${chart.otherCurrencies.map((c) => c.toUpperCase()).join(", ")} are in the table below.`
          : ""}
      </p>
      <div className="mt-3 flex items-start gap-2">
        <span className="w-20 shrink-0 text-right text-xs text-slate-600 tabular-nums">
          {money(chart.max)}
        </span>
        <svg
          viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
          className="h-40 w-full min-w-0"
          preserveAspectRatio="none"
          role="img"
          aria-labelledby="payouts-chart-title payouts-chart-desc"
        >
          <title id="payouts-chart-title">{TITLE}</title>
          <desc id="payouts-chart-desc">{summary}</desc>
          <line
            x1={0}
            x2={WIDTH}
            y1={HEIGHT - 0.5}
            y2={HEIGHT - 0.5}
            className="stroke-slate-300"
            strokeWidth={1}
          />
          {chart.days.map((d, i) => {
            if (d.amount <= 0) return null;
            const height = Math.max(2, (d.amount / chart.max) * (HEIGHT - 4));
            return (
              <rect
                key={d.day.toISOString()}
                x={i * slot + slot * 0.15}
                y={HEIGHT - height}
                width={slot * 0.7}
                height={height}
                rx={2}
                className="fill-brand-600"
              >
                <title>{`${formatDate(d.day)}: ${money(d.amount)}`}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      <div
        className="mt-1 ml-22 flex justify-between text-xs text-slate-600 tabular-nums"
        aria-hidden="true"
      >
        <span>{formatDate(chart.days[0]?.day ?? new Date())}</span>
        <span>{formatDate(chart.days.at(-1)?.day ?? new Date())}</span>
      </div>
      <table className="sr-only">
        <caption>{`${TITLE}, by day`}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Paid out</th>
            <th scope="col">Payouts</th>
          </tr>
        </thead>
        <tbody>
          {paidDays.map((d) => (
            <tr key={d.day.toISOString()}>
              <th scope="row">{formatDate(d.day)}</th>
              <td>{money(d.amount)}</td>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The chart's card: the payouts arriving in the 30 days up to `now`, as Stripe lists them. */
export async function PayoutsChartPanel({
  loading,
  now,
}: {
  loading: Promise<Loaded<Stripe.Payout[]>>;
  now: Date;
}) {
  const loaded = await loading;
  if (!loaded.ok) return <Unavailable title={TITLE} loaded={loaded} />;
  return (
    <Card title={TITLE}>
      <PayoutsChart chart={payoutChart(loaded.data, now)} />
    </Card>
  );
}
