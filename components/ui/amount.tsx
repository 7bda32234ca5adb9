import { formatMoney } from "@/lib/money";

/** An amount in a table column: right-aligned, tabular figures, never wrapped. */
export function Amount({ amount, currency }: { amount: number; currency: string }) {
  return (
    <span className="block text-right whitespace-nowrap tabular-nums">
      {formatMoney(amount, currency)}
    </span>
  );
}
