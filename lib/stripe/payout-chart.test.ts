import { describe, expect, it } from "vitest";
import { payoutChart, payoutChartStart } from "./payout-chart";

const NOW = new Date(Date.UTC(2026, 11, 4, 10, 42));
const at = (day: number, hour = 0) => Date.UTC(2026, 11, day, hour) / 1000;

describe("payoutChart", () => {
  it("counts 30 UTC days ending today, by arrival day, leaving out failed and canceled payouts", () => {
    expect(payoutChartStart(NOW)).toEqual(new Date(Date.UTC(2026, 10, 5)));
    const chart = payoutChart(
      [
        { amount: 10000, currency: "usd", status: "paid", arrival_date: at(3, 9) },
        { amount: 2500, currency: "usd", status: "paid", arrival_date: at(3, 20) },
        { amount: 700, currency: "usd", status: "in_transit", arrival_date: at(4, 23) },
        { amount: 999, currency: "usd", status: "failed", arrival_date: at(2) },
        { amount: 888, currency: "usd", status: "canceled", arrival_date: at(2) },
        // Before the window (4 Nov: 5 Nov is its first day), and after it (tomorrow).
        { amount: 5000, currency: "usd", status: "paid", arrival_date: at(4) - 86400 * 30 },
        { amount: 6000, currency: "usd", status: "pending", arrival_date: at(5) },
      ],
      NOW,
    );
    expect(chart.days).toHaveLength(30);
    expect(chart.days[0]?.day).toEqual(new Date(Date.UTC(2026, 10, 5)));
    expect(chart.days.at(-1)?.day).toEqual(new Date(Date.UTC(2026, 11, 4)));
    expect(chart.days.at(-2)).toMatchObject({ amount: 12500, count: 2 });
    expect(chart.days.at(-1)).toMatchObject({ amount: 700, count: 1 });
    expect(chart).toMatchObject({ currency: "usd", total: 13200, count: 3, max: 12500 });
    expect(chart.otherCurrencies).toEqual([]);
  });

  it("charts the currency most payouts are in and names the others", () => {
    const chart = payoutChart(
      [
        { amount: 100, currency: "eur", status: "paid", arrival_date: at(1) },
        { amount: 200, currency: "usd", status: "paid", arrival_date: at(2) },
        { amount: 300, currency: "usd", status: "paid", arrival_date: at(3) },
      ],
      NOW,
    );
    expect(chart).toMatchObject({ currency: "usd", total: 500, otherCurrencies: ["eur"] });
  });

  it("is empty, with no currency, when nothing was paid out", () => {
    expect(payoutChart([], NOW)).toMatchObject({ currency: null, total: 0, count: 0, max: 0 });
  });
});
