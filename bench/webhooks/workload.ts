/**
 * The benchmark's events: a busy marketplace's Connect traffic over several accounts (payments,
 * payouts, account updates, a few event types we do not handle, and some sellers revoking access,
 * one of them followed by a late account.updated), with 10% of the deliveries repeated, all
 * shuffled. And the state the database must be left in by them, whatever their order.
 */
import type Stripe from "stripe";
import {
  accountUpdatedEvent,
  chargeSucceededEvent,
  connectEvent,
  deauthorizedEvent,
  payoutPaidEvent,
  type AccountFields,
} from "@/tests/stripe-events";

/** A small deterministic PRNG (mulberry32): the same workload on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export interface Delivery {
  event: Stripe.Event;
  /** The event as Stripe sends it (signed at send time). */
  body: string;
}

export interface ExpectedAccount {
  account: string;
  revokedAt: Date | null;
  /** The newest account.updated (for a connection still connected at the end). */
  snapshot: AccountFields | null;
  snapshotAt: Date | null;
}

export interface Workload {
  deliveries: Delivery[];
  /** Unique events by id, and which of them a handler applies (the rest are stored as IGNORED). */
  events: Map<string, Stripe.Event>;
  applied: Set<string>;
  accounts: ExpectedAccount[];
  /** ch_ / po_ ids the activity feed must hold. */
  activity: Set<string>;
}

export function accountIds(count: number, prefix: string): string[] {
  return Array.from(
    { length: count },
    (_, i) => `acct_${prefix}${String(i).padStart(16 - prefix.length, "0")}`,
  );
}

/**
 * `total` deliveries (10% of them repeats of others) over `accounts`, events created from
 * `start` (Unix seconds) on, at least a second apart per account.
 */
export function buildWorkload(
  total: number,
  accounts: string[],
  start: number,
  seed: number,
): Workload {
  const next = random(seed);
  const unique = total - Math.round(total * 0.1);
  const clocks = new Map(accounts.map((a) => [a, start]));
  const tick = (account: string) => {
    const created = (clocks.get(account) ?? start) + 1 + Math.floor(next() * 3);
    clocks.set(account, created);
    return { created };
  };
  const latest = new Map<string, { fields: AccountFields; at: number }>();
  const events: Stripe.Event[] = [];
  const activity = new Set<string>();
  // A few sellers revoke access; one of them then has a late account.updated.
  const revoking = accounts.slice(0, Math.max(1, Math.floor(accounts.length / 10)));
  const reserved = revoking.length + 1;
  for (let i = 0; i < unique - reserved; i++) {
    const account = accounts[Math.floor(next() * accounts.length)] ?? "";
    const roll = next();
    const options = tick(account);
    if (roll < 0.6) {
      const event = chargeSucceededEvent(
        account,
        { amount: 100 + Math.floor(next() * 99_900), description: `Order #${i}` },
        options,
      );
      activity.add((event.data.object as Stripe.Charge).id);
      events.push(event);
    } else if (roll < 0.75) {
      const event = payoutPaidEvent(account, { amount: 1000 + Math.floor(next() * 9000) }, options);
      activity.add((event.data.object as Stripe.Payout).id);
      events.push(event);
    } else if (roll < 0.95) {
      const fields: AccountFields = {
        businessName: `Shop ${account.slice(-4)} v${i}`,
        email: `owner${i}@shop.example`,
        chargesEnabled: next() < 0.9,
        payoutsEnabled: next() < 0.9,
        requirementsDue: next() < 0.2 ? ["external_account"] : [],
      };
      latest.set(account, { fields, at: options.created });
      events.push(accountUpdatedEvent(account, fields, options));
    } else {
      events.push(connectEvent("balance.available", account, { object: "balance" }, options));
    }
  }
  const revokedAt = new Map<string, number>();
  for (const account of revoking) {
    const options = tick(account);
    revokedAt.set(account, options.created);
    events.push(deauthorizedEvent(account, options));
  }
  const [late] = revoking;
  if (late) events.push(accountUpdatedEvent(late, { businessName: "Too late" }, tick(late)));

  const deliveries = events.map((event) => ({ event, body: JSON.stringify(event, null, 2) }));
  const repeats = Array.from({ length: total - events.length }, () => {
    const original = deliveries[Math.floor(next() * deliveries.length)];
    if (!original) throw new Error("no events to repeat");
    return original;
  });
  return {
    deliveries: shuffle([...deliveries, ...repeats], next),
    events: new Map(events.map((e) => [e.id, e])),
    applied: new Set(events.filter((e) => e.type !== "balance.available").map((e) => e.id)),
    accounts: accounts.map((account) => {
      const revoked = revokedAt.get(account);
      const newest = latest.get(account);
      return {
        account,
        revokedAt: revoked === undefined ? null : new Date(revoked * 1000),
        snapshot: revoked === undefined ? (newest?.fields ?? null) : null,
        snapshotAt: revoked === undefined && newest ? new Date(newest.at * 1000) : null,
      };
    }),
    activity,
  };
}
