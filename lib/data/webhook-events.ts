import "server-only";
import { db } from "@/lib/db";
import type { WebhookEvent } from "@/lib/generated/prisma/client";

export type { WebhookEvent };

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
