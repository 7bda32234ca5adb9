import "server-only";
import type Stripe from "stripe";
import type { NewActivityItem } from "@/lib/data/activity";
import type { Prisma } from "@/lib/generated/prisma/client";
import { accountApplicationAuthorized } from "@/lib/stripe/webhooks/handlers/account-application-authorized";
import { accountApplicationDeauthorized } from "@/lib/stripe/webhooks/handlers/account-application-deauthorized";
import { accountUpdated } from "@/lib/stripe/webhooks/handlers/account-updated";
import { chargeSucceeded } from "@/lib/stripe/webhooks/handlers/charge-succeeded";
import { payoutPaid } from "@/lib/stripe/webhooks/handlers/payout-paid";

type EventOf<T extends Stripe.Event["type"]> = Extract<Stripe.Event, { type: T }>;

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

type Handler<T extends Stripe.Event["type"]> = (
  input: HandlerInput<EventOf<T>>,
) => Applied | undefined | Promise<Applied | undefined>;

// One handler per event type, in handlers/<type with dots as dashes>.ts.
const HANDLERS: { [T in Stripe.Event["type"]]?: Handler<T> } = {
  "account.application.authorized": accountApplicationAuthorized,
  "account.application.deauthorized": accountApplicationDeauthorized,
  "account.updated": accountUpdated,
  "charge.succeeded": chargeSucceeded,
  "payout.paid": payoutPaid,
};

export function hasHandler(type: string): boolean {
  return Object.hasOwn(HANDLERS, type);
}

/** Applies `event` with its type's handler, inside the caller's transaction. */
export async function dispatch(input: HandlerInput): Promise<Applied | undefined> {
  // The table pairs each type with its own handler, so the event fits the one it looks up.
  const handler = HANDLERS[input.event.type] as Handler<Stripe.Event["type"]> | undefined;
  if (!handler) throw new Error(`No handler for ${input.event.type} events`);
  return handler(input);
}
