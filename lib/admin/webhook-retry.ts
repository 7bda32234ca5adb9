import "server-only";
import { assertAdmin } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/data/audit";
import type { PublicUser } from "@/lib/data/users";
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
    outcome: status === "FAILED" ? "FAILURE" : "SUCCESS",
    actorId: admin.id,
    connectionId,
    detail: `Retried webhook event ${eventId}: now ${status}`,
  });
  return status;
}
