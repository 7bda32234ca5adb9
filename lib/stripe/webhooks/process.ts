import "server-only";
import type Stripe from "stripe";
import { recordActivity } from "@/lib/data/activity";
import { writeWebhookBatch, type WebhookBatch } from "@/lib/data/webhook-batch";
import { touchLastEventAt } from "@/lib/data/connections";
import {
  claimWebhookEvents,
  getWebhookEvent,
  markWebhookEventFailed,
  storeWebhookEvents,
  type NewWebhookEvent,
  type WebhookEventStatus,
} from "@/lib/data/webhook-events";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError, errorMessage } from "@/lib/errors";
import { stripeConfig } from "@/lib/stripe/client";
import { reconcileConnection } from "@/lib/stripe/reconcile";
import { dispatch, hasHandler } from "@/lib/stripe/webhooks/dispatch";
import type { Applied } from "@/lib/stripe/webhooks/types";
import { accountUpdateOf } from "@/lib/stripe/webhooks/handlers/account-updated";
import { chargeSucceeded } from "@/lib/stripe/webhooks/handlers/charge-succeeded";
import { payoutPaid } from "@/lib/stripe/webhooks/handlers/payout-paid";
import { eventTime } from "@/lib/stripe/webhooks/verify";

/** A verified event and its body as it arrived. */
export interface ReceivedEvent {
  event: Stripe.Event;
  body: string;
}

/** What became of one delivery: 2xx for all but `failed` (5xx, so Stripe delivers it again). */
export type Outcome = "processed" | "ignored" | "duplicate" | "failed";

/** The events could not be stored: answer 5xx so that Stripe delivers them again. */
export class WebhookStorageError extends Error {
  override name = "WebhookStorageError";
}

/** Why an event is stored without being applied, or null when it is to be applied. */
function ignoreReason(event: Stripe.Event, livemode: boolean): string | null {
  if (event.livemode !== livemode) {
    return `livemode ${String(event.livemode)} does not match the ${livemode ? "live" : "test"} key`;
  }
  if (!event.account) return "it is not about a connected account";
  if (!hasHandler(event.type)) return "no handler for its type";
  return null;
}

function toRow({ event, body }: ReceivedEvent, livemode: boolean): NewWebhookEvent {
  const reason = ignoreReason(event, livemode);
  // Unknown types are routine; an event of the wrong mode or without an account is worth a look.
  if (reason && hasHandler(event.type)) {
    console.warn(`Webhook ${event.id} (${event.type}) stored, not applied: ${reason}`);
  }
  return {
    id: event.id,
    type: event.type,
    account: event.account ?? null,
    livemode: event.livemode,
    created: eventTime(event),
    payload: body,
    status: reason ? "IGNORED" : "PENDING",
    processedAt: null,
    attempts: 0,
  };
}

/** Stores `rows` (those already stored are left alone) and touches their accounts' connections. */
async function store(rows: NewWebhookEvent[], tx: Prisma.TransactionClient): Promise<Set<string>> {
  const stored = await storeWebhookEvents(rows, tx);
  const accounts = new Set(rows.flatMap((r) => (stored.has(r.id) && r.account ? [r.account] : [])));
  await touchLastEventAt([...accounts], new Date(), tx);
  return stored;
}

/** Oldest first, so that a batch applies an account's events in the order they happened. */
function byCreated({ event: a }: ReceivedEvent, { event: b }: ReceivedEvent): number {
  return a.created - b.created || (a.id < b.id ? -1 : 1);
}

/** The activity item an applied event leaves, as a list of none or one. */
const activityOf = (applied: Applied) => (applied.activity ? [applied.activity] : []);

/**
 * Applies claimed events, oldest first, inside `tx`: each with its handler, then the activity
 * items they produced, in one statement. Returns what to do once `tx` has committed.
 */
async function apply(events: Stripe.Event[], tx: Prisma.TransactionClient): Promise<Applied[]> {
  const applied: Applied[] = [];
  for (const event of events) {
    // Claimed events are PENDING ones, so about an account (see ignoreReason).
    const result = await dispatch({ event, account: event.account ?? "", tx });
    if (result) applied.push(result);
  }
  await recordActivity(applied.flatMap(activityOf), tx);
  return applied;
}

/**
 * The event types the hot path applies itself (lib/data/webhook-batch.ts's one statement, same
 * rules as their handlers); a batch with any other type to apply goes through Prisma and the
 * handlers.
 */
const FAST_TYPES = new Set(["account.updated", "charge.succeeded", "payout.paid"]);

/** The rows to store, those of events to apply as processed: applied before it commits. */
function asProcessed(rows: NewWebhookEvent[], now: Date): NewWebhookEvent[] {
  return rows.map((r) =>
    r.status === "PENDING" ? { ...r, status: "PROCESSED", processedAt: now, attempts: 1 } : r,
  );
}

/** The hot path's batch: the rows, and what applying each of the events to apply would do. */
function fastBatch(unique: ReceivedEvent[], rows: NewWebhookEvent[], now: Date): WebhookBatch {
  const apply = new Set(rows.filter((r) => r.status === "PENDING").map((r) => r.id));
  const batch: WebhookBatch = {
    events: asProcessed(rows, now),
    apply: [...apply],
    snapshots: [],
    activity: [],
    receivedAt: now,
  };
  for (const { event } of unique) {
    if (!apply.has(event.id)) continue;
    // Events to apply are about an account (see ignoreReason).
    const account = event.account ?? "";
    if (event.type === "charge.succeeded") {
      batch.activity.push(...activityOf(chargeSucceeded({ event, account })));
    } else if (event.type === "payout.paid") {
      batch.activity.push(...activityOf(payoutPaid({ event, account })));
    } else if (event.type === "account.updated") {
      batch.snapshots.push({ eventId: event.id, account, ...accountUpdateOf(event, account) });
    } else {
      throw new Error(`No hot-path handler for ${event.type} events`);
    }
  }
  return batch;
}

/** Snapshots fetched again from Stripe, after their transaction committed (best effort). */
function refresh(connectionIds: Iterable<string | undefined>): void {
  for (const id of new Set(connectionIds)) {
    if (!id) continue;
    reconcileConnection(id).catch((error: unknown) => {
      console.warn(`Refreshing connection ${id} from Stripe failed: ${errorMessage(error)}`);
    });
  }
}

/**
 * Applies one stored event in its own transaction, which also marks it processed; on failure the
 * transaction rolls back (nothing half-applied) and the event is marked FAILED with the error.
 */
async function applyOne(event: Stripe.Event): Promise<Outcome> {
  try {
    const applied = await db().$transaction(async (tx) => {
      const [claimed] = await claimWebhookEvents([event.id], tx);
      return claimed ? apply([event], tx) : null;
    });
    if (!applied) return "duplicate";
    refresh(applied.map((a) => a.refreshConnectionId));
    return "processed";
  } catch (error) {
    const message = errorMessage(error);
    console.error(`Webhook ${event.id} (${event.type}) failed: ${message}`);
    // Should this fail too, the event stays PENDING: retried just the same.
    await markWebhookEventFailed(event.id, message).catch(() => undefined);
    return "failed";
  }
}

/**
 * Stores and applies verified events (one batch of deliveries; ids may repeat), returning each
 * delivery's outcome in order. Throws WebhookStorageError when they could not be stored.
 *
 * Usually all at once: new events are stored (as processed), earlier failures delivered again
 * claimed, and they are all applied oldest first, in one transaction (when every event to apply
 * is of the FAST_TYPES, it is lib/data/webhook-batch.ts's one statement, else Prisma and the
 * handlers). If that fails (one handler failing rolls it all back), each event is stored first,
 * as PENDING, and then applied on its own, so one failure neither loses nor holds back the others.
 */
export async function processEvents(received: ReceivedEvent[]): Promise<Outcome[]> {
  const livemode = stripeConfig().livemode;
  const unique = [...new Map(received.map((r) => [r.event.id, r])).values()].sort(byCreated);
  const rows = unique.map((r) => toRow(r, livemode));
  const outcomes = new Map<string, Outcome>();
  const settle = (stored: Set<string>, claimed: Set<string>) => {
    for (const { id, status } of rows) {
      const isNew = stored.has(id);
      const applies = status === "PENDING" && (isNew || claimed.has(id));
      outcomes.set(id, applies ? "processed" : isNew ? "ignored" : "duplicate");
    }
  };
  try {
    const now = new Date();
    if (rows.every((r) => r.status !== "PENDING" || FAST_TYPES.has(r.type))) {
      const { stored, claimed, tied } = await writeWebhookBatch(fastBatch(unique, rows, now));
      settle(stored, claimed);
      refresh(tied);
    } else {
      const applied = await db().$transaction(async (tx) => {
        const stored = await store(asProcessed(rows, now), tx);
        // Events stored before that are to be applied: claimed if still PENDING or FAILED.
        const known = rows.filter((r) => r.status === "PENDING" && !stored.has(r.id));
        const claimed = await claimWebhookEvents(
          known.map((r) => r.id),
          tx,
        );
        settle(stored, new Set(claimed));
        const events = unique.map((r) => r.event).filter((e) => outcomes.get(e.id) === "processed");
        return apply(events, tx);
      });
      refresh(applied.map((a) => a.refreshConnectionId));
    }
  } catch {
    outcomes.clear();
    let stored: Set<string>;
    try {
      stored = await db().$transaction((tx) => store(rows, tx));
    } catch (error) {
      throw new WebhookStorageError(`Storing webhook events failed: ${errorMessage(error)}`);
    }
    for (const [i, { event }] of unique.entries()) {
      const applies = rows[i]?.status === "PENDING";
      const outcome = stored.has(event.id) ? "ignored" : "duplicate";
      outcomes.set(event.id, applies ? await applyOne(event) : outcome);
    }
  }
  return received.map(({ event }) => outcomes.get(event.id) ?? "failed");
}

/**
 * Applies a stored event again if it is still waiting (FAILED, or PENDING after a crash), for
 * `npm run webhooks:retry` and the admin console. Returns its status afterwards.
 */
export async function retryWebhookEvent(eventId: string): Promise<WebhookEventStatus> {
  const row = await getWebhookEvent(eventId);
  if (!row) throw new AppError("not_found", `No stored webhook event ${eventId}.`);
  if (row.status === "PENDING" || row.status === "FAILED") {
    // The payload is the verified event as Stripe sent it.
    await applyOne(row.payload as unknown as Stripe.Event);
  }
  return (await getWebhookEvent(eventId))?.status ?? row.status;
}
