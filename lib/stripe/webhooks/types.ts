// The shapes the dispatcher and its handlers share, apart from both so neither imports the other.
import type Stripe from "stripe";
import type { NewActivityItem } from "@/lib/data/activity";
import type { Prisma } from "@/lib/generated/prisma/client";

/** What a handler is given: the event, the seller's Stripe account it is about, the transaction. */
export interface HandlerInput<E extends Stripe.Event = Stripe.Event> {
  event: E;
  account: string;
  /** Everything a handler changes goes through `tx`: it commits with the event marked processed. */
  tx: Prisma.TransactionClient;
}

/**
 * What a handler leaves to its caller. A handler changes connections itself, through `tx`, as
 * events must be applied in order there; an activity item depends on no other event, so those of
 * a whole batch are inserted together, in the same transaction.
 */
export interface Applied {
  /** A payment or payout for the seller's activity feed. */
  activity?: NewActivityItem;
  /** A connection whose account snapshot to fetch again from Stripe, once this has committed. */
  refreshConnectionId?: string;
}
