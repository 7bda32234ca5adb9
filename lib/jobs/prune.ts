import "server-only";
import { deleteExpiredEmailTokens } from "@/lib/data/email-tokens";
import { deleteUnusedAttempts } from "@/lib/data/oauth-states";
import { deleteExpiredRateLimits } from "@/lib/data/rate-limits";
import { pruneStripeApiErrors } from "@/lib/data/stripe-api-errors";
import { deleteEndedSessions } from "@/lib/data/sessions";
import { deleteIgnoredWebhookEventsBefore } from "@/lib/data/webhook-events";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Pruned {
  oauthStates: number;
  sessions: number;
  emailTokens: number;
  rateLimits: number;
  ignoredWebhookEvents: number;
  stripeApiErrors: number;
}

/** Deletes in batches of `batch` rows until none is left, so no statement holds locks for long. */
async function inBatches(remove: (batch: number) => Promise<number>, batch: number) {
  let total = 0;
  for (;;) {
    const removed = await remove(batch);
    total += removed;
    if (removed < batch) return total;
  }
}

/**
 * The scheduled pruning (PRUNE_CRON): what has expired and can never be used again, as each
 * data module defines it, IGNORED webhook events older than WEBHOOK_IGNORED_RETENTION_DAYS, and
 * Stripe API errors older than STRIPE_API_ERROR_RETENTION_DAYS.
 */
export async function pruneExpired(now = new Date(), batch = 1000): Promise<Pruned> {
  const config = env();
  const retention = config.WEBHOOK_IGNORED_RETENTION_DAYS * DAY_MS;
  const errorRetention = config.STRIPE_API_ERROR_RETENTION_DAYS * DAY_MS;
  const pruned: Pruned = {
    oauthStates: await inBatches((n) => deleteUnusedAttempts(now, n), batch),
    sessions: await inBatches((n) => deleteEndedSessions(now, n), batch),
    emailTokens: await inBatches((n) => deleteExpiredEmailTokens(now, n), batch),
    rateLimits: await inBatches((n) => deleteExpiredRateLimits(now, n), batch),
    ignoredWebhookEvents: await inBatches(
      (n) => deleteIgnoredWebhookEventsBefore(new Date(now.getTime() - retention), n),
      batch,
    ),
    stripeApiErrors: await inBatches(
      (n) => pruneStripeApiErrors(new Date(now.getTime() - errorRetention), n),
      batch,
    ),
  };
  log().info(pruned, "pruned expired rows");
  return pruned;
}
