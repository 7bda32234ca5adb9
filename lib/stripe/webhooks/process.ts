import "server-only";
import type Stripe from "stripe";
import { recordActivity } from "@/lib/data/activity";
import { inWebhookBatch, type WebhookBatchTx } from "@/lib/data/webhook-batch";
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

/**
 * The event types the hot path applies itself, with lib/data/webhook-batch.ts's statements
 * instead of a handler's Prisma calls (same rules); a batch with any other type to apply goes
 * through Prisma and the handlers.
 */
const FAST_TYPES = new Set([
  "account.application.authorized",
  "account.updated",
  "charge.succeeded",
  "payout.paid",
]);

/** apply(), on the hot path. */
async function applyFast(events: Stripe.Event[], tx: WebhookBatchTx): Promise<Applied[]> {
  const applied: Applied[] = [];
  for (const event of events) {
    const account = event.account ?? "";
    if (event.type === "charge.succeeded") applied.push(chargeSucceeded({ event, account }));
    else if (event.type === "payout.paid") applied.push(payoutPaid({ event, account }));
    else if (event.type === "account.updated") {
      const { snapshot, asOf } = accountUpdateOf(event, account);
      const stored = await tx.updateSnapshot(account, snapshot, asOf);
      if (stored?.tied) applied.push({ refreshConnectionId: stored.id });
    } else if (event.type !== "account.application.authorized") {
      throw new Error(`No hot-path handler for ${event.type} events`);
    }
  }
  await tx.recordActivity(applied.flatMap((a) => (a.activity ? [a.activity] : [])));
  return applied;
}

/** How one batch transaction stores, claims and applies: through Prisma, or the hot path. */
interface BatchSteps {
  store: (rows: NewWebhookEvent[]) => Promise<Set<string>>;
  claim: (ids: string[]) => Promise<string[]>;
  apply: (events: Stripe.Event[]) => Promise<Applied[]>;
}

function prismaSteps(tx: Prisma.TransactionClient): BatchSteps {
  return {
    store: (rows) => store(rows, tx),
    claim: (ids) => claimWebhookEvents(ids, tx),
    apply: (events) => apply(events, tx),
  };
}

function fastSteps(tx: WebhookBatchTx): BatchSteps {
  return {
    store: async (rows) => {
      const stored = await tx.storeEvents(rows);
      const accounts = new Set<string>();
      for (const r of rows) if (r.account && stored.has(r.id)) accounts.add(r.account);
      await tx.touchLastEventAt([...accounts], new Date());
      return stored;
    },
    claim: (ids) => tx.claimEvents(ids),
    apply: (events) => applyFast(events, tx),
  };
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
 * Usually in one transaction (lib/data/webhook-batch.ts's few statements when the batch's events
 * are of the FAST_TYPES, else Prisma and the handlers): store the new events (as processed: they are applied before it
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
    const run = async (steps: BatchSteps) => {
      const stored = await steps.store(
        rows.map((r) =>
          r.status === "PENDING" ? { ...r, status: "PROCESSED", processedAt: now, attempts: 1 } : r,
        ),
      );
      const known = rows.filter((r) => r.status === "PENDING" && !stored.has(r.id));
      const retried = new Set(await steps.claim(known.map((r) => r.id)));
      for (const { id, status } of rows) {
        const isNew = stored.has(id);
        const applies = status === "PENDING" && (isNew || retried.has(id));
        outcomes.set(id, applies ? "processed" : isNew ? "ignored" : "duplicate");
      }
      const events = unique.map((r) => r.event).filter((e) => outcomes.get(e.id) === "processed");
      return steps.apply(events);
    };
    const fast = rows.every((r) => r.status !== "PENDING" || FAST_TYPES.has(r.type));
    const applied = fast
      ? await inWebhookBatch((tx) => run(fastSteps(tx)))
      : await db().$transaction((tx) => run(prismaSteps(tx)));
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
