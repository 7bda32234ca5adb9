import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { readQueueStats, type QueueStats } from "@/lib/jobs/stats";

/**
 * The app's Prometheus metrics, one registry per process (kept on globalThis, so that a dev-mode
 * reload does not register them twice), read by GET /api/metrics. Labels are small, fixed sets
 * (event types, outcomes, endpoints with ids taken out): never a user, an account or a URL.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "seller_connect_" });
  const registers = [registry];
  return {
    registry,
    webhookEvents: new Counter({
      name: "seller_connect_webhook_events_total",
      help: "Connect webhook deliveries by event type and what we answered: processed, ignored, duplicate, failed (stored, to be retried), not_stored (5xx), refused (bad signature; type unknown).",
      labelNames: ["type", "outcome"] as const,
      registers,
    }),
    webhookIngestSeconds: new Histogram({
      name: "seller_connect_webhook_ingest_seconds",
      help: "Time from a webhook delivery's arrival to our answer.",
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    stripeRequests: new Counter({
      name: "seller_connect_stripe_requests_total",
      help: "Calls to Stripe by method, endpoint (ids taken out) and outcome (ok, rate_limited, client_error, server_error).",
      labelNames: ["method", "endpoint", "outcome"] as const,
      registers,
    }),
    connectOutcomes: new Counter({
      name: "seller_connect_oauth_connect_total",
      help: "Stripe Connect OAuth callbacks by outcome (the code Settings shows).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    jobRuns: new Counter({
      name: "seller_connect_job_runs_total",
      help: "Background job runs in this process by queue and outcome (ok, failed: retried while retries are left).",
      labelNames: ["queue", "outcome"] as const,
      registers,
    }),
    jobsWaiting: new Gauge({
      name: "seller_connect_job_queue_depth",
      help: "Jobs waiting in each queue (to run now, later, or after a retry's delay), all instances.",
      labelNames: ["queue"] as const,
      registers,
      async collect() {
        setEach(this, await queueStats(), (q) => q.waiting);
      },
    }),
    jobsActive: new Gauge({
      name: "seller_connect_job_active",
      help: "Jobs running in each queue, all instances.",
      labelNames: ["queue"] as const,
      registers,
      async collect() {
        setEach(this, await queueStats(), (q) => q.active);
      },
    }),
    jobsFailed: new Gauge({
      name: "seller_connect_job_failed",
      help: "Jobs of each queue that failed with no retry left (until archived, an hour).",
      labelNames: ["queue"] as const,
      registers,
      async collect() {
        setEach(this, await queueStats(), (q) => q.failed);
      },
    }),
    jobsOldestWaiting: new Gauge({
      name: "seller_connect_job_oldest_waiting_seconds",
      help: "Age of the oldest job of each queue that could run now but has not started.",
      labelNames: ["queue"] as const,
      registers,
      async collect() {
        setEach(this, await queueStats(), (q) => q.oldestWaitingSeconds);
      },
    }),
    rateLimitRefusals: new Counter({
      name: "seller_connect_rate_limit_refusals_total",
      help: "Attempts refused by a rate limit, by rule.",
      labelNames: ["rule"] as const,
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof createMetrics>;

/**
 * The queues' figures for one scrape: the four job gauges share one read of pg-boss's table
 * (kept a second). A database that does not answer leaves them unset, the scrape still works.
 */
let lastStats: { at: number; stats: Promise<QueueStats[]> } | undefined;
function queueStats(): Promise<QueueStats[]> {
  if (!lastStats || performance.now() - lastStats.at > 1000) {
    lastStats = { at: performance.now(), stats: readQueueStats().catch(() => []) };
  }
  return lastStats.stats;
}

function setEach(
  gauge: Gauge<"queue">,
  stats: QueueStats[],
  value: (stats: QueueStats) => number,
): void {
  gauge.reset();
  for (const queue of stats) gauge.labels(queue.queue).set(value(queue));
}

/** One Connect webhook delivery answered, `startedAt` (performance.now()) being its arrival. */
export function countWebhookDelivery(type: string, outcome: string, startedAt: number): void {
  const { webhookEvents, webhookIngestSeconds } = metrics();
  webhookEvents.labels(type, outcome).inc();
  webhookIngestSeconds.observe((performance.now() - startedAt) / 1000);
}
const globalForMetrics = globalThis as unknown as { sellerConnectMetrics?: Metrics };

export function metrics(): Metrics {
  globalForMetrics.sellerConnectMetrics ??= createMetrics();
  return globalForMetrics.sellerConnectMetrics;
}

/** A Stripe id (`acct_1Nv0FGQ9`, `po_1AbC`): a prefix, then a part with a digit or a capital. */
const STRIPE_ID = /^[a-z]+_[A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*$/;

/** `/v1/accounts/acct_123/capabilities/card_payments` → `/v1/accounts/:id/capabilities/:id`. */
export function stripeEndpoint(path: string): string {
  return (path.split("?")[0] ?? path)
    .split("/")
    .map((part) => (STRIPE_ID.test(part) ? ":id" : part))
    .join("/");
}

export function stripeOutcome(status: number): string {
  if (status === 0) return "no_answer";
  if (status < 400) return "ok";
  if (status === 429) return "rate_limited";
  return status < 500 ? "client_error" : "server_error";
}
