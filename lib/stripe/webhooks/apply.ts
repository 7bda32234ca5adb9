import "server-only";
import { endConnectionWithoutAccess, getActiveConnectionByAccount } from "@/lib/data/connections";
import { writeWebhookBatch, type WebhookBatch } from "@/lib/data/webhook-batch";
import { markWebhookEventFailed, type NewWebhookEvent } from "@/lib/data/webhook-events";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { errorMessage } from "@/lib/errors";
import { queueConnectionRefresh } from "@/lib/stripe/reconcile";
import { bindAuthorizedAccount } from "@/lib/stripe/unconfirmed-connect";
import type { Change } from "@/lib/stripe/webhooks/types";
import { log } from "@/lib/log";

/**
 * The one writer of webhook events: every path (a batch of deliveries, the per-event fallback,
 * retryWebhookEvent) stores events and applies their changes here.
 *
 * Storing, claiming, `lastEventAt`, snapshots and activity items are lib/data/webhook-batch.ts's
 * one statement. The changes that end or create a connection (`end-access`, `bind-authorized`)
 * have their own homes (endConnectionWithoutAccess, bindAuthorizedAccount, which audit) and run
 * in a Prisma transaction with the statement: the events are cut at each of them, so that every
 * account's events still apply in the order given (oldest first).
 */

/** One event to write: stored (unless stored before), and applied when it comes with changes. */
export interface EventWrite {
  id: string;
  /** Its row, to store if no event with its id is stored yet; absent: stored before. */
  row?: NewWebhookEvent;
  /**
   * What applying it changes; null: not to apply now. An event to apply is applied if stored now
   * (its row stored as PROCESSED), or if stored before and still PENDING, FAILED or DEAD_LETTERED (claimed).
   */
  changes: Change[] | null;
}

export interface Written {
  /** Ids of the events stored now. */
  stored: Set<string>;
  /** Ids of the events applied now (not applied before, and not being applied by another). */
  applied: Set<string>;
}

type OrderingChange = Extract<Change, { kind: "end-access" | "bind-authorized" }>;

const isOrdering = (change: Change): change is OrderingChange =>
  change.kind === "end-access" || change.kind === "bind-authorized";

/** Runs of events, each ending after an event with an ordering change (or at the end). */
function cut(events: EventWrite[]): EventWrite[][] {
  const runs: EventWrite[][] = [[]];
  for (const event of events) {
    runs.at(-1)?.push(event);
    if (event.changes?.some(isOrdering)) runs.push([]);
  }
  return runs.filter((run) => run.length > 0);
}

/** The statement's share of a run of events. */
function batchOf(events: EventWrite[], now: Date): WebhookBatch {
  const batch: WebhookBatch = {
    events: [],
    apply: [],
    snapshots: [],
    activity: [],
    receivedAt: now,
  };
  for (const { id, row, changes } of events) {
    if (row) {
      // Applied in the statement that stores it.
      batch.events.push(
        changes ? { ...row, status: "PROCESSED", processedAt: now, attempts: 1 } : row,
      );
    }
    if (!changes) continue;
    batch.apply.push(id);
    for (const change of changes) {
      if (change.kind === "snapshot") {
        const { account, asOf, snapshot } = change;
        batch.snapshots.push({ eventId: id, account, connectionId: null, asOf, snapshot });
      } else if (change.kind === "activity") {
        batch.activity.push(change.item);
      }
    }
  }
  return batch;
}

/**
 * Applies an ordering change inside `tx`; returns the connection to fetch again from Stripe once
 * `tx` has committed, if any.
 */
async function applyOrdering(
  change: OrderingChange,
  tx: Prisma.TransactionClient,
): Promise<string | null> {
  if (change.kind === "bind-authorized") {
    // The new connection's account snapshot comes from Stripe.
    return (await bindAuthorizedAccount(tx, change))?.id ?? null;
  }
  const connection = await getActiveConnectionByAccount(change.account, tx);
  // A re-connect after a revocation is a new connection, which a late or redelivered event must
  // not end. `at` is in whole seconds: a connection made within its second predates it.
  if (!connection || connection.connectedAt.getTime() >= change.at.getTime() + 1000) return null;
  const at = change.at < connection.connectedAt ? connection.connectedAt : change.at;
  await endConnectionWithoutAccess(connection, { reason: change.reason, at }, tx);
  return null;
}

/**
 * Snapshots to fetch again from Stripe, once their transaction committed: one refresh job per
 * connection (lib/jobs/, keyed by the connection, so a burst of ties costs one fetch). Best effort:
 * the events are stored and applied whatever becomes of it.
 */
async function refresh(connectionIds: Iterable<string>): Promise<void> {
  for (const id of new Set(connectionIds)) {
    await queueConnectionRefresh(id).catch((error: unknown) => {
      log().warn(
        { connectionId: id, reason: errorMessage(error) },
        "queueing a refresh of a connection from Stripe failed",
      );
    });
  }
}

/**
 * Stores `events` and applies the changes of those to apply, in `events`' order, all in one
 * transaction (all of it, or nothing). Connections whose snapshot cannot be ordered (a tie) or
 * that were just created are fetched again from Stripe once it has committed.
 */
export async function writeEvents(events: EventWrite[], now = new Date()): Promise<Written> {
  const written: Written = { stored: new Set(), applied: new Set() };
  const toRefresh: string[] = [];
  const write = async (run: EventWrite[], tx?: Prisma.TransactionClient) => {
    const batch = batchOf(run, now);
    const { stored, claimed, tied } = await writeWebhookBatch(batch, tx);
    for (const id of stored) written.stored.add(id);
    for (const id of batch.apply) {
      if (stored.has(id) || claimed.has(id)) written.applied.add(id);
    }
    toRefresh.push(...tied);
  };
  if (!events.some((e) => e.changes?.some(isOrdering))) {
    // The hot path: one statement on the pool, no transaction to open or close.
    await write(events);
  } else {
    await db().$transaction(async (tx) => {
      for (const run of cut(events)) {
        await write(run, tx);
        const last = run.at(-1);
        if (!last || !written.applied.has(last.id)) continue;
        for (const change of last.changes?.filter(isOrdering) ?? []) {
          const id = await applyOrdering(change, tx);
          if (id) toRefresh.push(id);
        }
      }
    });
  }
  if (toRefresh.length > 0) await refresh(toRefresh);
  return written;
}

/**
 * An event that failed to apply (its transaction rolled back, or what it needed from Stripe
 * could not be had): logged, and marked FAILED with the error, so the retry job takes it up
 * again. Should marking it fail too, it stays PENDING: retried just the same.
 */
export async function failedToApply(
  event: { id: string; type: string; account?: string | null },
  error: unknown,
  requestId?: string,
): Promise<"failed"> {
  const message = errorMessage(error);
  log().error(
    { requestId, eventId: event.id, type: event.type, acct: event.account, reason: message },
    "webhook failed to apply",
  );
  await markWebhookEventFailed(event.id, message).catch(() => undefined);
  return "failed";
}
