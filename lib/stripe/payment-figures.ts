import type Stripe from "stripe";

/**
 * A payment's amount, Stripe's fee and what the seller keeps (net), from the charge's balance
 * transaction when the charge came with it expanded (lib/stripe/seller-data.ts asks for it).
 * Fee and net are in the balance transaction's currency: the seller's settlement currency, which
 * is not the charge's when Stripe converted it. Null fee and net: no balance transaction yet
 * (a pending or failed charge) or not expanded.
 */
export interface PaymentFigures {
  amount: number;
  currency: string;
  fee: number | null;
  net: number | null;
  settlementCurrency: string | null;
}

export function paymentFigures(
  charge: Pick<Stripe.Charge, "amount" | "currency" | "balance_transaction">,
): PaymentFigures {
  const txn = charge.balance_transaction;
  const expanded = txn !== null && typeof txn === "object" ? txn : null;
  return {
    amount: charge.amount,
    currency: charge.currency,
    fee: expanded?.fee ?? null,
    net: expanded?.net ?? null,
    settlementCurrency: expanded?.currency ?? null,
  };
}
