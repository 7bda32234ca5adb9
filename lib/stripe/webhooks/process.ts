import "server-only";
import type Stripe from "stripe";
import {
  getWebhookEvent,
  isWaiting,
  type NewWebhookEvent,
  type WebhookEventStatus,
} from "@/lib/data/webhook-events";
import { AppError, errorMessage } from "@/lib/errors";
import { stripeConfig } from "@/lib/stripe/client";
import { failedToApply, writeEvents, type Written } from "@/lib/stripe/webhooks/apply";
import { changesOf, hasHandler } from "@/lib/stripe/webhooks/dispatch";
import { applyThinEvent } from "@/lib/stripe/webhooks/thin";
import type { Outcome } from "@/lib/stripe/webhooks/types";
import { eventTime } from "@/lib/stripe/webhooks/verify";
import { isThinPayload, thinEventOf } from "@/lib/stripe/webhooks/verify-thin";
import { log } from "@/lib/log";

/** A verified event and its body as it arrived. */
export interface ReceivedEvent {
  event: Stripe.Event;
  body: string;
  /**
   * The id of the request that delivered it, for the lines logged about it: a batch holds the
   * deliveries of several requests (lib/stripe/webhooks/receive.ts).
   */
  requestId?: string;
}

export type { Outcome };

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

function toRow({ event, body, requestId }: ReceivedEvent, livemode: boolean): NewWebhookEvent {
  const reason = ignoreReason(event, livemode);
  // Unknown types are routine; an event of the wrong mode or without an account is worth a look.
  if (reason && hasHandler(event.type)) {
    log().warn(
      { requestId, eventId: event.id, type: event.type, acct: event.account, reason },
      "webhook stored, not applied",
    );
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

/** Oldest first, so that a batch applies an account's events in the order they happened. */
function byCreated({ event: a }: ReceivedEvent, { event: b }: ReceivedEvent): number {
  return a.created - b.created || (a.id < b.id ? -1 : 1);
}

/**
 * Applies one stored event, which also marks it processed (all of it or nothing); on failure the
 * event is marked FAILED with the error.
 */
async function applyOne(event: Stripe.Event, requestId?: string): Promise<Outcome> {
  try {
    const { applied } = await writeEvents([{ id: event.id, changes: changesOf(event) }]);
    return applied.has(event.id) ? "processed" : "duplicate";
  } catch (error) {
    return failedToApply(event, error, requestId);
  }
}

/**
 * Stores and applies verified events (one batch of deliveries; ids may repeat), returning each
 * delivery's outcome in order. Throws WebhookStorageError when they could not be stored.
 *
 * Usually all at once: new events are stored (as processed), earlier failures delivered again
 * claimed, and they are all applied oldest first, in one transaction (lib/stripe/webhooks/apply.ts).
 * If that fails (one event failing rolls it all back), each event is stored first, as PENDING,
 * and then applied on its own, so one failure neither loses nor holds back the others.
 */
export async function processEvents(received: ReceivedEvent[]): Promise<Outcome[]> {
  const livemode = stripeConfig().livemode;
  const unique = [...new Map(received.map((r) => [r.event.id, r])).values()].sort(byCreated);
  const entries = unique.map((r) => ({
    event: r.event,
    requestId: r.requestId,
    row: toRow(r, livemode),
  }));
  const outcomes = new Map<string, Outcome>();
  const settle = ({ stored, applied }: Written) => {
    for (const { row } of entries) {
      const { id } = row;
      outcomes.set(id, applied.has(id) ? "processed" : stored.has(id) ? "ignored" : "duplicate");
    }
  };
  try {
    const writes = entries.map(({ event, row }) => ({
      id: row.id,
      row,
      changes: row.status === "PENDING" ? changesOf(event) : null,
    }));
    settle(await writeEvents(writes));
  } catch {
    outcomes.clear();
    let stored: Set<string>;
    try {
      ({ stored } = await writeEvents(
        entries.map(({ row }) => ({ id: row.id, row, changes: null })),
      ));
    } catch (error) {
      throw new WebhookStorageError(`Storing webhook events failed: ${errorMessage(error)}`);
    }
    for (const { event, requestId, row } of entries) {
      const outcome = stored.has(row.id) ? "ignored" : "duplicate";
      outcomes.set(row.id, row.status === "PENDING" ? await applyOne(event, requestId) : outcome);
    }
  }
  return received.map(({ event }) => outcomes.get(event.id) ?? "failed");
}

/**
 * Applies a stored event again if it is still waiting (FAILED, PENDING after a crash, or
 * DEAD_LETTERED after the retry job gave up), for the retry job, `npm run webhooks:retry` and the
 * admin console. Returns its status afterwards.
 */
export async function retryWebhookEvent(eventId: string): Promise<WebhookEventStatus> {
  const row = await getWebhookEvent(eventId);
  if (!row) throw new AppError("not_found", `No stored webhook event ${eventId}.`);
  if (isWaiting(row.status)) {
    // The payload is the verified event as Stripe sent it: a v1 event, or a thin notification
    // (its related object fetched again, lib/stripe/webhooks/thin.ts).
    const thin = isThinPayload(row.payload) ? thinEventOf(row.payload) : null;
    if (thin) await applyThinEvent(thin);
    else await applyOne(row.payload as unknown as Stripe.Event);
  }
  return (await getWebhookEvent(eventId))?.status ?? row.status;
}
