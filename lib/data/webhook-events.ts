import "server-only";
import { db } from "@/lib/db";
import type { Prisma, WebhookEvent, WebhookEventStatus } from "@/lib/generated/prisma/client";

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

/**
 * Stores the events not stored before (by id), in one statement, and returns the ids it stored.
 * Raw SQL: the payloads go to PostgreSQL as the JSON text they arrived as, instead of being walked
 * key by key as Prisma's Json arguments are (most of the endpoint's CPU time under load).
 */
export async function storeWebhookEvents(
  events: NewWebhookEvent[],
  tx: Prisma.TransactionClient = db(),
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const column = <K extends keyof NewWebhookEvent>(key: K) => events.map((e) => e[key]);
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "WebhookEvent"
      (id, type, account, livemode, created, payload, status, "processedAt", attempts)
    SELECT * FROM unnest(
      ${column("id")}::text[], ${column("type")}::text[], ${column("account")}::text[],
      ${column("livemode")}::boolean[], ${column("created")}::timestamp(3)[],
      ${column("payload")}::jsonb[], ${column("status")}::"WebhookEventStatus"[],
      ${column("processedAt")}::timestamp(3)[], ${column("attempts")}::int[])
    ON CONFLICT (id) DO NOTHING
    RETURNING id`;
  return new Set(rows.map((row) => row.id));
}

/**
 * Claims the events among `ids` still waiting to be applied (PENDING or FAILED) by marking them
 * PROCESSED inside `tx`, and returns their ids. The row locks this takes make a concurrent
 * claimer wait for `tx`: it then finds them processed, or, if `tx` rolled back, claims them itself.
 * So an event is applied exactly once, in the transaction that marks it processed.
 */
export async function claimWebhookEvents(
  ids: string[],
  tx: Prisma.TransactionClient,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.webhookEvent.updateManyAndReturn({
    where: { id: { in: ids }, status: { in: WAITING } },
    data: {
      status: "PROCESSED",
      processedAt: new Date(),
      attempts: { increment: 1 },
      lastError: null,
    },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

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
