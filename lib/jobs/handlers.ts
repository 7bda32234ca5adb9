import "server-only";
import type { JobHandler } from "@/lib/jobs/boss";
import { pruneExpired } from "@/lib/jobs/prune";
import type { QueueName } from "@/lib/jobs/queues";
import { retryWebhookEventJob, sweepWebhookRetries } from "@/lib/jobs/webhook-retry";
import { log } from "@/lib/log";
import { sendMail } from "@/lib/mail/send";
import { reconcileConnection } from "@/lib/stripe/reconcile";
import { runScheduledReconcile } from "@/lib/stripe/reconcile-run";

/** What works each queue: thin, the work is in the module each one calls. */
export const JOB_HANDLERS: { [Q in QueueName]: JobHandler<Q> } = {
  "webhook-retry-sweep": async () => {
    await sweepWebhookRetries();
  },
  "webhook-retry": retryWebhookEventJob,
  mail: async (job) => {
    await sendMail(job.data);
  },
  prune: async () => {
    await pruneExpired();
  },
  "refresh-connection": async (job) => {
    const { outcome } = await reconcileConnection(job.data.connectionId);
    log().info(
      { connectionId: job.data.connectionId, outcome },
      "connection refreshed from Stripe",
    );
  },
  reconcile: () => runScheduledReconcile(),
};
