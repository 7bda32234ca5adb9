import "server-only";
import { db, pool } from "@/lib/db";
import type { WebhookEvent, WebhookEventStatus } from "@/lib/generated/prisma/client";

export type { WebhookEvent, WebhookEventStatus };

export interface NewWebhookEvent {
  id: string;
  type: string;
  account: string | null;
  livemode: boolean;
  created: Date;
  /** The event's JSON, as received. */
  payload: string;
  /**
   * PENDING: to be applied; IGNORED: nothing to apply; PROCESSED: applied in the transaction
   * that stores it (with `processedAt` and one attempt).
   */
  status: "PENDING" | "IGNORED" | "PROCESSED";
  processedAt: Date | null;
  attempts: number;
}

/** Stored, not applied: to be applied (again). A dead-lettered one only when asked for. */
const WAITING: WebhookEventStatus[] = ["PENDING", "FAILED", "DEAD_LETTERED"];

/** Whether an event in `status` is still to be applied (a delivery again applies it). */
export function isWaiting(status: WebhookEventStatus): boolean {
  return WAITING.includes(status);
}

/**
 * Records a failed attempt at applying an event (after its transaction rolled back): FAILED, so
 * the retry job takes it up again (also a dead-lettered one retried by hand that failed again).
 */
export async function markWebhookEventFailed(id: string, error: string): Promise<void> {
  await db().webhookEvent.updateMany({
    where: { id, status: { in: WAITING } },
    data: { status: "FAILED", attempts: { increment: 1 }, lastError: error.slice(0, 2000) },
  });
}

export function getWebhookEvent(id: string): Promise<WebhookEvent | null> {
  return db().webhookEvent.findUnique({ where: { id } });
}

/** Events stored but not applied yet (PENDING, FAILED, DEAD_LETTERED), oldest first. */
export async function listWaitingWebhookEventIds(take = 1000): Promise<string[]> {
  const rows = await db().webhookEvent.findMany({
    where: { status: { in: WAITING } },
    orderBy: [{ created: "asc" }, { id: "asc" }],
    select: { id: true },
    take,
  });
  return rows.map((row) => row.id);
}

/** The newest webhook events about a Stripe account (index: account, created). */
export function listWebhookEventsForAccount(
  stripeAccountId: string,
  take = 50,
): Promise<WebhookEvent[]> {
  return db().webhookEvent.findMany({
    where: { account: stripeAccountId },
    orderBy: [{ created: "desc" }, { id: "desc" }],
    take,
  });
}

/**
 * The accounts of the account.application.authorized events created between `from` and `to` in
 * `livemode` (index: type, created), oldest first.
 */
export async function listAuthorizedAccountsBetween(
  livemode: boolean,
  from: Date,
  to: Date,
): Promise<{ account: string; created: Date }[]> {
  const rows = await db().webhookEvent.findMany({
    where: {
      type: "account.application.authorized",
      livemode,
      created: { gte: from, lte: to },
      account: { not: null },
    },
    orderBy: { created: "asc" },
    select: { account: true, created: true },
  });
  return rows.flatMap((r) => (r.account ? [{ account: r.account, created: r.created }] : []));
}

/** Failed to apply: still being retried (FAILED), or given up on by the retry job. */
const FAILING: WebhookEventStatus[] = ["FAILED", "DEAD_LETTERED"];

/** The newest failing events (or those of `statuses`), without their payloads (index: status, receivedAt). */
export function listFailedWebhookEvents(take = 10, statuses: WebhookEventStatus[] = FAILING) {
  return db().webhookEvent.findMany({
    where: { status: { in: statuses } },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      type: true,
      account: true,
      attempts: true,
      lastError: true,
      receivedAt: true,
    },
  });
}

/** How many events are failing (FAILED or DEAD_LETTERED), counted up to `cap` + 1. */
export function countFailedWebhookEvents(cap = 1000): Promise<number> {
  return db().webhookEvent.count({ where: { status: { in: FAILING } }, take: cap + 1 });
}

/**
 * The events the retry job is to take up (lib/jobs/webhook-retry.ts), oldest first: FAILED ones,
 * and PENDING ones received before `stuckBefore` (their process died while applying them), that
 * have no retry job waiting, backing off or running (pg-boss's table, schema `pgboss`; the job's
 * key is the event id). Index: status, receivedAt.
 */
export async function listWebhookEventIdsDueForRetry(
  stuckBefore: Date,
  take = 500,
): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT e.id FROM "WebhookEvent" e
     WHERE (e.status = 'FAILED' OR (e.status = 'PENDING' AND e."receivedAt" < $1))
       AND NOT EXISTS (
         SELECT 1 FROM pgboss.job j
         WHERE j.name = 'webhook-retry' AND j.state < 'completed'
           AND COALESCE(j.singleton_key, '') = e.id)
     ORDER BY e.created, e.id
     LIMIT $2`,
    [stuckBefore, take],
  );
  return rows.map((row) => row.id);
}

/** Dead-letters an event still waiting after its last retry (its last error kept). */
export async function markWebhookEventDeadLettered(id: string): Promise<boolean> {
  const { count } = await db().webhookEvent.updateMany({
    where: { id, status: { in: ["PENDING", "FAILED"] } },
    data: { status: "DEAD_LETTERED" },
  });
  return count === 1;
}

/** The newest dead-lettered events, without their payloads (index: status, receivedAt). */
export function listDeadLetteredWebhookEvents(take = 50) {
  return listFailedWebhookEvents(take, ["DEAD_LETTERED"]);
}

/** How many events are dead-lettered, counted up to `cap` + 1. */
export function countDeadLetteredWebhookEvents(cap = 1000): Promise<number> {
  return db().webhookEvent.count({ where: { status: "DEAD_LETTERED" }, take: cap + 1 });
}

/**
 * Deletes up to `batch` IGNORED events received before `before` (nothing was applied from them;
 * kept WEBHOOK_IGNORED_RETENTION_DAYS for inspection). Returns how many.
 */
export async function deleteIgnoredWebhookEventsBefore(
  before: Date,
  batch: number,
): Promise<number> {
  const { rowCount } = await pool().query(
    `DELETE FROM "WebhookEvent" WHERE id IN (
       SELECT id FROM "WebhookEvent" WHERE status = 'IGNORED' AND "receivedAt" < $1 LIMIT $2)`,
    [before, batch],
  );
  return rowCount ?? 0;
}
