import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { examples } from "@/tests/stripe-events";
import {
  nextPayout,
  nextPayoutHeadline,
  nextPayoutLabel,
  payoutScheduleLabel,
  payoutStatus,
} from "./payout-words";

const schedule = (fields: Partial<Parameters<typeof payoutScheduleLabel>[0]>) =>
  payoutScheduleLabel({
    interval: "daily",
    delay_days: null,
    weekly_anchor: null,
    monthly_anchor: null,
    ...fields,
  });

function payout(fields: Partial<Stripe.Payout>): Stripe.Payout {
  return { ...examples.payout, ...fields };
}

const DEC_5 = Date.UTC(2026, 11, 5) / 1000;
const DEC_9 = Date.UTC(2026, 11, 9) / 1000;

describe("payoutScheduleLabel", () => {
  it("says the schedule as a seller would", () => {
    expect(schedule({ interval: "daily", delay_days: 2 })).toBe("Daily, 2 days after payment");
    expect(schedule({ interval: "daily", delay_days: 1 })).toBe("Daily, 1 day after payment");
    expect(schedule({ interval: "daily", delay_days: 0 })).toBe("Daily");
    expect(schedule({ interval: "weekly", weekly_anchor: "monday" })).toBe("Weekly on Monday");
    expect(schedule({ interval: "monthly", monthly_anchor: 15 })).toBe("Monthly on the 15th");
    expect(
      [1, 2, 3, 11, 12, 13, 21, 22, 23, 31].map((day) =>
        schedule({ interval: "monthly", monthly_anchor: day })
          .replace("Monthly on the ", "")
          .replace(" (the last day in shorter months)", ""),
      ),
    ).toEqual(["1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"]);
    expect(schedule({ interval: "manual", delay_days: 2 })).toBe("Manual payouts");
    expect(schedule({ interval: "weekly", weekly_anchor: "friday", delay_days: 7 })).toBe(
      "Weekly on Friday, 7 days after payment",
    );
    expect(schedule({ interval: "monthly", monthly_anchor: 31, delay_days: 3 })).toBe(
      "Monthly on the 31st (the last day in shorter months), 3 days after payment",
    );
    expect(schedule({ interval: "monthly", monthly_anchor: 28 })).toBe("Monthly on the 28th");
    // One Stripe adds later, as Stripe names it.
    expect(schedule({ interval: "made_up_fortnightly" })).toBe("made_up_fortnightly");
  });
});

describe("payoutStatus", () => {
  it("says every status in words, a failure in red with Stripe's message or its code read", () => {
    expect(payoutStatus(payout({ status: "paid" }))).toEqual({
      label: "Paid",
      tone: "success",
      reason: null,
    });
    expect(payoutStatus(payout({ status: "in_transit" })).label).toBe("In transit");
    expect(payoutStatus(payout({ status: "pending" })).label).toBe("Pending");
    expect(payoutStatus(payout({ status: "canceled" })).label).toBe("Canceled");
    expect(
      payoutStatus(
        payout({
          status: "failed",
          failure_code: "account_closed",
          failure_message: "The bank account has been closed.",
        }),
      ),
    ).toEqual({ label: "Failed", tone: "danger", reason: "The bank account has been closed." });
    expect(
      payoutStatus(payout({ status: "failed", failure_code: "no_account", failure_message: null })),
    ).toEqual({ label: "Failed", tone: "danger", reason: "The bank account could not be found" });
    expect(
      payoutStatus(
        payout({ status: "failed", failure_code: "made_up_code", failure_message: null }),
      ).reason,
    ).toBe("made_up_code");
    expect(payoutStatus(payout({ status: "made_up_status" })).label).toBe("made_up_status");
  });
});

describe("next payout", () => {
  it("is the soonest payout still to arrive, or none", () => {
    const payouts = [
      payout({ id: "po_paid", status: "paid", arrival_date: DEC_5 - 86400 }),
      payout({ id: "po_later", status: "pending", arrival_date: DEC_9, amount: 900 }),
      payout({ id: "po_soon", status: "in_transit", arrival_date: DEC_5, amount: 10000 }),
      payout({ id: "po_failed", status: "failed", arrival_date: DEC_5 - 3600 }),
    ];
    expect(nextPayout(payouts)?.id).toBe("po_soon");
    expect(nextPayoutLabel(payouts)).toBe("$100.00, arriving 5 Dec 2026");
    expect(nextPayoutLabel(payouts.filter((p) => p.status === "paid"))).toBe("No payout scheduled");
  });
});

describe("nextPayoutHeadline", () => {
  const daily = { interval: "daily", delay_days: 2, weekly_anchor: null, monthly_anchor: null };
  const paid = [payout({ status: "paid", arrival_date: DEC_5 - 86400 })];

  it("names the next payout's date and amount when one is on its way", () => {
    const payouts = [...paid, payout({ status: "pending", arrival_date: DEC_9, amount: 4200 })];
    expect(nextPayoutHeadline({ payouts, schedule: daily, payoutsEnabled: true })).toEqual({
      title: "Next payout on 9 Dec 2026",
      detail: "$42.00",
    });
  });

  it("otherwise says what decides the next one: paused, manual, or the schedule", () => {
    expect(
      nextPayoutHeadline({ payouts: paid, schedule: daily, payoutsEnabled: false }).title,
    ).toBe("Payouts are paused");
    expect(
      nextPayoutHeadline({
        payouts: [],
        schedule: { ...daily, interval: "manual" },
        payoutsEnabled: true,
      }).title,
    ).toBe("Manual payouts");
    expect(nextPayoutHeadline({ payouts: paid, schedule: daily, payoutsEnabled: true })).toEqual({
      title: "Daily, 2 days after payment",
      detail: "No payout on its way yet.",
    });
    expect(nextPayoutHeadline({ payouts: [], schedule: null, payoutsEnabled: true }).title).toBe(
      "No payout on its way",
    );
  });
});
