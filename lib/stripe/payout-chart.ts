import type Stripe from "stripe";

/**
 * The seller's payouts over the last `days` days, day by day, for the dashboard's chart: each
 * payout counted on the day it arrives (or is due to), failed and canceled ones left out (they
 * paid nothing). One currency per chart: the one most of those payouts are in; the others are
 * named in `otherCurrencies` (the payouts table lists them). Days are UTC days, like every date
 * the app shows (lib/format.ts), ending with the day of `now`.
 */

const DAY_MS = 86_400_000;

export interface PayoutDay {
  /** Midnight UTC of the day. */
  day: Date;
  amount: number;
  count: number;
}

export interface PayoutChart {
  currency: string | null;
  days: PayoutDay[];
  total: number;
  count: number;
  /** The largest day's amount (0 when nothing was paid out). */
  max: number;
  otherCurrencies: string[];
}

type ChartedPayout = Pick<Stripe.Payout, "amount" | "currency" | "status" | "arrival_date">;

/** The first second of the chart's window: midnight UTC, `days - 1` days before `now`'s day. */
export function payoutChartStart(now: Date, days = 30): Date {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return new Date(today - (days - 1) * DAY_MS);
}

export function payoutChart(payouts: ChartedPayout[], now: Date, days = 30): PayoutChart {
  const start = payoutChartStart(now, days).getTime();
  const end = start + days * DAY_MS;
  const counted = payouts.filter((p) => {
    const at = p.arrival_date * 1000;
    return p.status !== "failed" && p.status !== "canceled" && at >= start && at < end;
  });
  const perCurrency = new Map<string, number>();
  for (const p of counted) perCurrency.set(p.currency, (perCurrency.get(p.currency) ?? 0) + 1);
  const currency =
    [...perCurrency.entries()].reduce<[string, number] | null>(
      (best, entry) => (best === null || entry[1] > best[1] ? entry : best),
      null,
    )?.[0] ?? null;
  const chart: PayoutDay[] = Array.from({ length: days }, (_, i) => ({
    day: new Date(start + i * DAY_MS),
    amount: 0,
    count: 0,
  }));
  for (const p of counted) {
    if (p.currency !== currency) continue;
    const slot = chart[Math.floor((p.arrival_date * 1000 - start) / DAY_MS)];
    if (!slot) continue;
    slot.amount += p.amount;
    slot.count += 1;
  }
  return {
    currency,
    days: chart,
    total: chart.reduce((sum, d) => sum + d.amount, 0),
    count: chart.reduce((sum, d) => sum + d.count, 0),
    max: Math.max(0, ...chart.map((d) => d.amount)),
    otherCurrencies: [...perCurrency.keys()].filter((c) => c !== currency),
  };
}
