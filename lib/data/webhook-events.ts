import "server-only";
import { db } from "@/lib/db";
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

const WAITING: WebhookEventStatus[] = ["PENDING", "FAILED"];

/** Records a failed attempt at applying an event (after its transaction rolled back). */
export async function markWebhookEventFailed(id: string, error: string): Promise<void> {
  await db().webhookEvent.updateMany({
    where: { id, status: { in: WAITING } },
    data: { status: "FAILED", attempts: { increment: 1 }, lastError: error.slice(0, 2000) },
  });
}

export function getWebhookEvent(id: string): Promise<WebhookEvent | null> {
  return db().webhookEvent.findUnique({ where: { id } });
}

/** Events stored but not applied yet (PENDING, FAILED), oldest first. */
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

/** The newest FAILED events, without their payloads (index: status, receivedAt). */
export function listFailedWebhookEvents(take = 10) {
  return db().webhookEvent.findMany({
    where: { status: "FAILED" },
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

/** How many events are FAILED, counted up to `cap` + 1. */
export function countFailedWebhookEvents(cap = 1000): Promise<number> {
  return db().webhookEvent.count({ where: { status: "FAILED" }, take: cap + 1 });
}
