import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import type { Mail } from "@/lib/mail/types";

/**
 * Every queue of the app's background jobs, in one place: its name, what a job carries, how it is
 * retried, and (for the scheduled ones) when it runs. pg-boss keeps the queues in PostgreSQL
 * (schema `pgboss`), so every app instance and worker shares them; see lib/jobs/boss.ts.
 */
export const JOBS_SCHEMA = "pgboss";

/** What a job of each queue carries. */
export interface JobData {
  /** Scheduled: queues each webhook event due for a retry (one job per event). */
  "webhook-retry-sweep": Record<string, never>;
  /** Applies one stored webhook event again; dead-letters it after the last retry. */
  "webhook-retry": { eventId: string };
  /** Sends one mail over SMTP. */
  mail: Mail;
  /** Scheduled: deletes what has expired, in bounded batches. */
  prune: Record<string, never>;
  /** Fetches one connection's account again from Stripe (same-second account.updated ties). */
  "refresh-connection": { connectionId: string };
  /** Scheduled: reconciles every active connection with Stripe. */
  reconcile: Record<string, never>;
}

export type QueueName = keyof JobData;

export interface QueueSettings {
  /**
   * pg-boss's policy. `stately`: at most one job per key waiting and one running, so a job asked
   * for again while one waits is the same job, and one asked for while it runs runs once more.
   */
  policy: PgBoss.QueuePolicy;
  /** Retries after a failure: count, first delay, doubling (with jitter). */
  retry: Required<PgBoss.RetryOptions>;
  /** How long one run may take before pg-boss counts it failed (and retries it). */
  expireInSeconds: number;
  /** For a scheduled queue: when it runs (cron, UTC). */
  cron?: string;
}

const noRetry = { retryLimit: 0, retryDelay: 0, retryBackoff: false };

/** Each queue's settings, from the configuration (lib/env.ts). */
export function queueSettings(): Record<QueueName, QueueSettings> {
  const config = env();
  return {
    "webhook-retry-sweep": {
      policy: "standard",
      retry: noRetry,
      expireInSeconds: 5 * 60,
      cron: config.WEBHOOK_RETRY_CRON,
    },
    "webhook-retry": {
      policy: "stately",
      retry: {
        retryLimit: config.WEBHOOK_RETRY_LIMIT,
        retryDelay: config.WEBHOOK_RETRY_DELAY_SECONDS,
        retryBackoff: true,
      },
      expireInSeconds: 5 * 60,
    },
    mail: {
      policy: "standard",
      retry: {
        retryLimit: config.MAIL_RETRY_LIMIT,
        retryDelay: config.MAIL_RETRY_DELAY_SECONDS,
        retryBackoff: true,
      },
      expireInSeconds: 2 * 60,
    },
    prune: {
      policy: "standard",
      retry: noRetry,
      expireInSeconds: 30 * 60,
      cron: config.PRUNE_CRON,
    },
    "refresh-connection": {
      policy: "stately",
      retry: { retryLimit: 3, retryDelay: 10, retryBackoff: true },
      expireInSeconds: 2 * 60,
    },
    // Resumable (lib/stripe/reconcile-run.ts): a run cut short picks up where it stopped.
    reconcile: {
      policy: "stately",
      retry: { retryLimit: 2, retryDelay: 5 * 60, retryBackoff: true },
      expireInSeconds: 23 * 60 * 60,
      cron: config.RECONCILE_CRON,
    },
  };
}

export const QUEUE_NAMES = Object.keys({
  "webhook-retry-sweep": true,
  "webhook-retry": true,
  mail: true,
  prune: true,
  "refresh-connection": true,
  reconcile: true,
} satisfies Record<QueueName, true>) as QueueName[];
