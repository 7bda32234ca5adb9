// The shapes the dispatcher, its handlers and the writer share, apart from all of them so that
// none imports another.
import type Stripe from "stripe";
import type { NewActivityItem } from "@/lib/data/activity";
import type { RevocationReason } from "@/lib/data/connections";
import type { AccountSnapshot } from "@/lib/stripe/account-snapshot";

/** What a handler is given: the event, and the seller's Stripe account it is about. */
export interface HandlerInput<E extends Stripe.Event = Stripe.Event> {
  event: E;
  account: string;
}

/**
 * A change an event implies, for the writer (lib/stripe/webhooks/apply.ts) to apply. Handlers
 * only say what changes; every rule about how it is applied (ordering, which connection) is the
 * writer's.
 */
export type Change =
  /** Stripe's account as it was at `asOf` (the event's `created`), for the account's connection. */
  | { kind: "snapshot"; account: string; asOf: Date; snapshot: AccountSnapshot }
  /** A payment or payout for the seller's activity feed. */
  | { kind: "activity"; item: NewActivityItem }
  /** Stripe says the platform lost access to `account` at `at`: its connection ends, for `reason`. */
  | { kind: "end-access"; account: string; at: Date; reason: RevocationReason }
  /** Stripe says `account` authorized the platform at `created`: bound to a timed-out exchange. */
  | { kind: "bind-authorized"; account: string; livemode: boolean; created: Date };

/** A handler: an event in, the changes it implies out (none, one or more). Pure. */
export type Handler<E extends Stripe.Event = Stripe.Event> = (input: HandlerInput<E>) => Change[];

/** What became of one delivery: 2xx for all but `failed` (5xx, so Stripe delivers it again). */
export type Outcome = "processed" | "ignored" | "duplicate" | "failed";
