import "server-only";
import { assertAdmin } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/data/audit";
import type { PublicUser } from "@/lib/data/users";
import {
  countDeadLetteredWebhookEvents,
  getWebhookEvent,
  listDeadLetteredWebhookEvents,
} from "@/lib/data/webhook-events";
import type { WebhookEventStatus } from "@/lib/generated/prisma/client";
import { retryWebhookEvent } from "@/lib/stripe/webhooks/process";

/**
 * An admin's "Retry" on a stored webhook event of a connection's page: retryWebhookEvent, audited
 * as RETRY_EVENT with the admin as actor and the event's status afterwards.
 */
export async function retryWebhookEventAsAdmin(
  admin: PublicUser,
  connectionId: string,
  eventId: string,
): Promise<WebhookEventStatus> {
  assertAdmin(admin);
  const status = await retryWebhookEvent(eventId);
  await recordAudit({
    action: "RETRY_EVENT",
    outcome: isStillFailing(status) ? "FAILURE" : "SUCCESS",
    actorId: admin.id,
    connectionId,
    detail: `Retried webhook event ${eventId}: now ${status}`,
  });
  return status;
}

const isStillFailing = (status: WebhookEventStatus) =>
  status === "FAILED" || status === "DEAD_LETTERED";

/** How many dead-lettered events the System page lists, and so one press of its Retry retries. */
const DEAD_LETTERS_LISTED = 50;

/** What the System page lists: the newest dead-lettered events (no payloads) and their count. */
export async function deadLetteredWebhookEvents(admin: PublicUser) {
  assertAdmin(admin);
  const [events, count] = await Promise.all([
    listDeadLetteredWebhookEvents(DEAD_LETTERS_LISTED),
    countDeadLetteredWebhookEvents(),
  ]);
  return { events, count };
}

/**
 * The System page's bulk "Retry": retryWebhookEvent for each of `eventIds` (dead-lettered ones
 * revive; one processed meanwhile is left as it is), one RETRY_EVENT audit entry each, with the
 * event's account and status afterwards. Returns each event's status, in order.
 */
export async function retryWebhookEventsAsAdmin(
  admin: PublicUser,
  eventIds: string[],
): Promise<{ eventId: string; status: WebhookEventStatus }[]> {
  assertAdmin(admin);
  const results: { eventId: string; status: WebhookEventStatus }[] = [];
  for (const eventId of new Set(eventIds)) {
    const status = await retryWebhookEvent(eventId);
    await recordAudit({
      action: "RETRY_EVENT",
      outcome: isStillFailing(status) ? "FAILURE" : "SUCCESS",
      actorId: admin.id,
      stripeAccountId: (await getWebhookEvent(eventId))?.account ?? null,
      detail: `Retried webhook event ${eventId} (bulk): now ${status}`,
    });
    results.push({ eventId, status });
  }
  return results;
}
