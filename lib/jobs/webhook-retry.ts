import "server-only";
import type PgBoss from "pg-boss";
import {
  getWebhookEvent,
  listWebhookEventIdsDueForRetry,
  markWebhookEventDeadLettered,
} from "@/lib/data/webhook-events";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sendJob } from "@/lib/jobs/boss";
import type { JobData } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { retryWebhookEvent } from "@/lib/stripe/webhooks/process";

/**
 * Webhook events that failed to apply are applied again by a job, through the one path
 * (retryWebhookEvent): each minute a sweep queues one job per event due (FAILED, or PENDING for
 * longer than WEBHOOK_RETRY_PENDING_AGE_SECONDS), keyed by the event id so that no event has two;
 * pg-boss retries a job that fails after WEBHOOK_RETRY_DELAY_SECONDS, doubling each time, and at
 * the last of WEBHOOK_RETRY_LIMIT retries an event still failing is dead-lettered.
 */

/** Queues a retry job for each event due; returns how many were queued. */
export async function sweepWebhookRetries(now = new Date()): Promise<number> {
  const stuckBefore = new Date(now.getTime() - env().WEBHOOK_RETRY_PENDING_AGE_SECONDS * 1000);
  let queued = 0;
  for (const eventId of await listWebhookEventIdsDueForRetry(stuckBefore)) {
    if (await sendJob("webhook-retry", { eventId }, { singletonKey: eventId })) queued++;
  }
  if (queued > 0) log().info({ queued }, "webhook events queued for retry");
  return queued;
}

/** The reason a retry failed: pg-boss records it on the job, and retries it later. */
export class WebhookRetryFailed extends Error {
  override name = "WebhookRetryFailed";
}

/** One retry of one event; throws (to be retried) while it fails, until its last retry. */
export async function retryWebhookEventJob(
  job: PgBoss.JobWithMetadata<JobData["webhook-retry"]>,
): Promise<void> {
  const { eventId } = job.data;
  let status;
  try {
    status = await retryWebhookEvent(eventId);
  } catch (error) {
    // Deleted since (pruned, or a test's database emptied): nothing to retry.
    if (error instanceof AppError && error.code === "not_found") return;
    throw error;
  }
  if (status !== "FAILED" && status !== "PENDING") return;
  if (job.retryCount < job.retryLimit) {
    const reason = (await getWebhookEvent(eventId))?.lastError ?? "still pending";
    throw new WebhookRetryFailed(`${eventId}: ${reason}`);
  }
  if (await markWebhookEventDeadLettered(eventId)) {
    log().error(
      { eventId, attempts: job.retryCount + 1 },
      "webhook event dead-lettered: it still fails after its last retry",
    );
  }
}
