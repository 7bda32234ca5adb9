import type Stripe from "stripe";
import { formatDate } from "@/lib/format";
import { formatMoney } from "@/lib/money";
import type { AccountState } from "@/lib/stripe/account-state";
import { payoutStatusWord, type StatusWord } from "@/lib/ui/status-words";

/**
 * Payouts in a seller's words, in one place: the schedule Stripe pays out on, each payout's
 * status (a failure with Stripe's message, or a plain reading of its code), and the next payout
 * expected. Values Stripe adds later are shown as Stripe names them.
 */

export type PayoutSchedule = NonNullable<AccountState["payout_schedule"]>;

const DAYS: Record<string, string> = {
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
  sunday: "Sunday",
};

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${String(day)}th`;
  const suffix = { 1: "st", 2: "nd", 3: "rd" }[day % 10] ?? "th";
  return `${String(day)}${suffix}`;
}

/** ", 2 days after payment" (how long Stripe holds a payment's funds), or nothing without a delay. */
function delayWords(days: number | null): string {
  if (days === null || days <= 0) return "";
  return `, ${String(days)} day${days === 1 ? "" : "s"} after payment`;
}

/**
 * The schedule in words: "Daily, 2 days after payment", "Weekly on Monday, 7 days after payment",
 * "Monthly on the 31st (the last day in shorter months), 3 days after payment", "Manual payouts".
 * Stripe pays a monthly anchor of the 29th–31st on the last day of shorter months.
 */
export function payoutScheduleLabel(schedule: PayoutSchedule): string {
  const delay = delayWords(schedule.delay_days);
  switch (schedule.interval) {
    case "daily":
      return `Daily${delay}`;
    case "weekly":
      return schedule.weekly_anchor
        ? `Weekly on ${DAYS[schedule.weekly_anchor] ?? schedule.weekly_anchor}${delay}`
        : `Weekly${delay}`;
    case "monthly": {
      const anchor = schedule.monthly_anchor;
      if (anchor === null) return `Monthly${delay}`;
      const shorter = anchor >= 29 ? " (the last day in shorter months)" : "";
      return `Monthly on the ${ordinal(anchor)}${shorter}${delay}`;
    }
    case "manual":
      return "Manual payouts";
    default:
      return schedule.interval;
  }
}

/** Stripe's payout failure codes, read plainly (https://docs.stripe.com/api/payouts/failures). */
const FAILURES: Record<string, string> = {
  account_closed: "the bank account has been closed",
  account_frozen: "the bank account has been frozen",
  bank_account_restricted: "the bank account does not accept this kind of payout",
  bank_ownership_changed: "the bank account's branch has changed owner",
  could_not_process: "the bank could not process the payout",
  debit_not_authorized: "the bank account does not allow this transfer",
  declined: "the bank declined the payout",
  incorrect_account_holder_address: "the account holder's address does not match the bank's",
  incorrect_account_holder_name: "the account holder's name does not match the bank's",
  incorrect_account_holder_tax_id: "the account holder's tax ID does not match the bank's",
  insufficient_funds: "the Stripe balance was too low to cover the payout",
  invalid_account_number: "the bank account number is not valid",
  invalid_currency: "the bank does not accept payouts in this currency",
  no_account: "the bank account could not be found",
  unsupported_card: "the card no longer accepts payouts",
};

type PayoutFields = Pick<Stripe.Payout, "status" | "failure_code" | "failure_message">;

/**
 * A payout's status in words (lib/ui/status-words.ts: "Paid", "In transit", "Failed" in red…) and,
 * for a failure, why: Stripe's message, or a plain reading of its code ("The bank declined the
 * payout").
 */
export function payoutStatus(payout: PayoutFields): StatusWord & { reason: string | null } {
  const word = payoutStatusWord(payout.status);
  if (payout.status !== "failed") return { ...word, reason: null };
  const code = payout.failure_code;
  const read = code ? FAILURES[code] : undefined;
  // Stripe's message is a sentence; a code we read becomes one; a code we do not know is shown as given.
  const reason =
    payout.failure_message ?? (read ? read.charAt(0).toUpperCase() + read.slice(1) : code);
  return { ...word, reason };
}

/** The soonest payout still to arrive (pending or in transit), if any. */
export function nextPayout<T extends Pick<Stripe.Payout, "status" | "arrival_date">>(
  payouts: T[],
): T | null {
  const coming = payouts.filter((p) => p.status === "pending" || p.status === "in_transit");
  return coming.reduce<T | null>(
    (soonest, p) => (soonest === null || p.arrival_date < soonest.arrival_date ? p : soonest),
    null,
  );
}

/** "$100.00, arriving 5 Dec 2026", or "No payout scheduled". */
export function nextPayoutLabel(
  payouts: Pick<Stripe.Payout, "status" | "arrival_date" | "amount" | "currency">[],
): string {
  const next = nextPayout(payouts);
  if (!next) return "No payout scheduled";
  return `${formatMoney(next.amount, next.currency)}, arriving ${formatDate(new Date(next.arrival_date * 1000))}`;
}

/**
 * The dashboard's headline about payouts: "Next payout on 5 Dec 2026" with its amount when one is
 * on its way; otherwise what decides the next one: payouts paused (Stripe pays nothing out),
 * manual payouts (the seller starts them), or the schedule in words.
 */
export function nextPayoutHeadline({
  payouts,
  schedule,
  payoutsEnabled,
}: {
  payouts: Pick<Stripe.Payout, "status" | "arrival_date" | "amount" | "currency">[];
  schedule: PayoutSchedule | null;
  payoutsEnabled: boolean;
}): { title: string; detail: string | null } {
  const next = nextPayout(payouts);
  if (next) {
    return {
      title: `Next payout on ${formatDate(new Date(next.arrival_date * 1000))}`,
      detail: formatMoney(next.amount, next.currency),
    };
  }
  if (!payoutsEnabled) {
    return {
      title: "Payouts are paused",
      detail: "Stripe holds your payouts until your account has what it needs.",
    };
  }
  if (!schedule) return { title: "No payout on its way", detail: null };
  if (schedule.interval === "manual") {
    return {
      title: "Manual payouts",
      detail: "No payout on its way: you start payouts from your Stripe Dashboard.",
    };
  }
  return { title: payoutScheduleLabel(schedule), detail: "No payout on its way yet." };
}
