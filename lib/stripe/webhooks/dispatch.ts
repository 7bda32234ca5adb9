import type Stripe from "stripe";
import { accountApplicationAuthorized } from "@/lib/stripe/webhooks/handlers/account-application-authorized";
import { accountApplicationDeauthorized } from "@/lib/stripe/webhooks/handlers/account-application-deauthorized";
import { accountUpdated } from "@/lib/stripe/webhooks/handlers/account-updated";
import { chargeSucceeded } from "@/lib/stripe/webhooks/handlers/charge-succeeded";
import { payoutPaid } from "@/lib/stripe/webhooks/handlers/payout-paid";
import type { Change, Handler } from "@/lib/stripe/webhooks/types";

type EventOf<T extends Stripe.Event["type"]> = Extract<Stripe.Event, { type: T }>;

// One handler per event type, in handlers/<type with dots as dashes>.ts. Every other type is
// stored and IGNORED (process.ts), among them, deliberately: capability.updated (each change of
// card_payments or transfers comes with an account.updated carrying the whole account, which the
// snapshot follows; a refresh per capability event would double Stripe calls in the very bursts
// where Stripe's rate limit bites), account.external_account.* and person.* (nothing stored).
const HANDLERS: { [T in Stripe.Event["type"]]?: Handler<EventOf<T>> } = {
  "account.application.authorized": accountApplicationAuthorized,
  "account.application.deauthorized": accountApplicationDeauthorized,
  "account.updated": accountUpdated,
  "charge.succeeded": chargeSucceeded,
  "payout.paid": payoutPaid,
};

export function hasHandler(type: string): boolean {
  return Object.hasOwn(HANDLERS, type);
}

/**
 * The changes applying `event` implies, from its type's handler. Only for events about an account
 * (see ignoreReason in process.ts); throws for a type without a handler, or an event its handler
 * refuses.
 */
export function changesOf(event: Stripe.Event): Change[] {
  // The table pairs each type with its own handler, so the event fits the one it looks up.
  const handler = HANDLERS[event.type] as Handler | undefined;
  if (!handler) throw new Error(`No handler for ${event.type} events`);
  if (!event.account) throw new Error(`${event.type} ${event.id} is not about an account`);
  return handler({ event, account: event.account });
}
