import "server-only";
import type Stripe from "stripe";
import { recordActivity } from "@/lib/data/activity";
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
import { dispatch, hasHandler, type Applied } from "@/lib/stripe/webhooks/dispatch";
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
  await recordActivity(
    applied.flatMap((a) => (a.activity ? [a.activity] : [])),
    tx,
  );
  return applied;
}

/** Snapshots fetched again from Stripe, after their transaction committed (best effort). */
function followUp(applied: Applied[]): void {
  for (const id of new Set(applied.map((a) => a.refreshConnectionId))) {
    if (!id) continue;
    reconcileConnection(id, null).catch((error: unknown) => {
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
    followUp(applied);
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
 * Usually in one transaction: store the new events (as processed: they are applied before it
 * commits), claim earlier failures delivered again, apply them all oldest first, commit. If that
 * fails (one handler failing rolls it all back), each event is stored first, as PENDING, and then
 * applied on its own, so one failure neither loses nor holds back the others.
 */
export async function processEvents(received: ReceivedEvent[]): Promise<Outcome[]> {
  const livemode = stripeConfig().livemode;
  const unique = [...new Map(received.map((r) => [r.event.id, r])).values()].sort(byCreated);
  const rows = unique.map((r) => toRow(r, livemode));
  const outcomes = new Map<string, Outcome>();
  try {
    const now = new Date();
    const applied = await db().$transaction(async (tx) => {
      const stored = await store(
        rows.map((r) =>
          r.status === "PENDING" ? { ...r, status: "PROCESSED", processedAt: now, attempts: 1 } : r,
        ),
        tx,
      );
      const known = rows.filter((r) => r.status === "PENDING" && !stored.has(r.id));
      const retried = new Set(
        await claimWebhookEvents(
          known.map((r) => r.id),
          tx,
        ),
      );
      for (const { id, status } of rows) {
        const isNew = stored.has(id);
        const applies = status === "PENDING" && (isNew || retried.has(id));
        outcomes.set(id, applies ? "processed" : isNew ? "ignored" : "duplicate");
      }
      const events = unique.map((r) => r.event).filter((e) => outcomes.get(e.id) === "processed");
      return apply(events, tx);
    });
    followUp(applied);
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
