import "server-only";
import type Stripe from "stripe";
import { accountApplicationAuthorized } from "@/lib/stripe/webhooks/handlers/account-application-authorized";
import { accountApplicationDeauthorized } from "@/lib/stripe/webhooks/handlers/account-application-deauthorized";
import { accountUpdated } from "@/lib/stripe/webhooks/handlers/account-updated";
import { chargeSucceeded } from "@/lib/stripe/webhooks/handlers/charge-succeeded";
import { payoutPaid } from "@/lib/stripe/webhooks/handlers/payout-paid";
import type { Applied, HandlerInput } from "@/lib/stripe/webhooks/types";

type EventOf<T extends Stripe.Event["type"]> = Extract<Stripe.Event, { type: T }>;

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
