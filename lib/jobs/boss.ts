import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { errorMessage } from "@/lib/errors";
import {
  JOBS_SCHEMA,
  QUEUE_NAMES,
  queueSettings,
  type JobData,
  type QueueName,
} from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";

/**
 * The process's one pg-boss instance, on its own pg pool (JOBS_POOL_MAX connections to
 * DATABASE_URL, schema `pgboss`). Started by the app (instrumentation.ts), by `npm run worker`,
 * or on the first job queued by a process that started neither (a script): then it only sends.
 *
 * pg-boss makes each job run once across every process on the database (a job is fetched with
 * SELECT … FOR UPDATE SKIP LOCKED), and each scheduled job be queued once per cron period whatever
 * the number of processes that keep the schedules.
 */

export interface JobsOptions {
  /** Handlers of the queues this process works; none: it only queues jobs. */
  handlers?: Partial<{ [Q in QueueName]: JobHandler<Q> }>;
  /** Keep the cron schedules (lib/jobs/queues.ts) and queue their jobs when due. */
  schedules: boolean;
  /** pg-boss settings that tests shorten (its monitor intervals); never needed otherwise. */
  tuning?: Partial<PgBoss.ConstructorOptions>;
}

/** What a handler is given: the job, with its retry count (0 on the first run). */
export type JobHandler<Q extends QueueName> = (
  job: PgBoss.JobWithMetadata<JobData[Q]>,
) => Promise<void>;

interface Running {
  boss: PgBoss;
  /** The worker of each queue worked here, to wake when a job is queued here. */
  workers: Map<QueueName, string>;
}

const globalForJobs = globalThis as unknown as { sellerConnectJobs?: Promise<Running> };

/** A pg-boss instance with the app's settings (not started). */
export function createBoss(
  options: Pick<JobsOptions, "schedules" | "tuning"> & { work: boolean },
): PgBoss {
  const config = env();
  const boss = new PgBoss({
    connectionString: config.DATABASE_URL,
    schema: JOBS_SCHEMA,
    max: config.JOBS_POOL_MAX,
    application_name: "seller-connect-jobs",
    // Maintenance (expiring jobs that ran too long, archiving, deleting) where jobs are worked.
    supervise: options.work,
    schedule: options.schedules,
    migrate: true,
    // A mail job carries its one-time link: completed jobs leave the queue after an hour and the
    // archive after a day.
    archiveCompletedAfterSeconds: 60 * 60,
    deleteAfterDays: 1,
    ...options.tuning,
  });
  boss.on("error", (error) => {
    log().warn({ reason: errorMessage(error) }, "job queue error");
  });
  return boss;
}

/** Creates every queue (once per database; the others find it there) with its policy. */
export async function createQueues(boss: PgBoss): Promise<void> {
  const settings = queueSettings();
  for (const name of QUEUE_NAMES) {
    const { policy, retry, expireInSeconds } = settings[name];
    await boss.createQueue(name, { name, policy, ...retry, expireInSeconds });
  }
}

/** Installs (or updates) the cron schedule of each scheduled queue; UTC. */
export async function installSchedules(boss: PgBoss): Promise<void> {
  const settings = queueSettings();
  for (const name of QUEUE_NAMES) {
    const { cron, retry, expireInSeconds } = settings[name];
    if (cron) await boss.schedule(name, cron, {}, { tz: "UTC", ...retry, expireInSeconds });
  }
}

/** Runs `handler` on each job of `name` that `boss` fetches, one at a time. */
export function workQueue<Q extends QueueName>(
  boss: PgBoss,
  name: Q,
  handler: JobHandler<Q>,
  pollingIntervalSeconds = env().JOBS_POLL_SECONDS,
): Promise<string> {
  return boss.work<JobData[Q]>(
    name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds },
    async (jobs) => {
      for (const job of jobs) {
        try {
          await handler(job);
        } catch (error) {
          metrics().jobRuns.labels(name, "failed").inc();
          log().warn(
            { queue: name, jobId: job.id, retry: job.retryCount, reason: errorMessage(error) },
            "job failed",
          );
          throw error;
        }
        metrics().jobRuns.labels(name, "ok").inc();
      }
    },
  );
}

async function start(options: JobsOptions): Promise<Running> {
  const handlers = Object.entries(options.handlers ?? {}) as [QueueName, JobHandler<QueueName>][];
  const boss = createBoss({ ...options, work: handlers.length > 0 });
  await boss.start();
  await createQueues(boss);
  if (options.schedules) await installSchedules(boss);
  const workers = new Map<QueueName, string>();
  for (const [name, handler] of handlers) workers.set(name, await workQueue(boss, name, handler));
  return { boss, workers };
}

/** Starts this process's job queue (once; later calls get the same one). */
export async function startJobs(options: JobsOptions): Promise<void> {
  if (globalForJobs.sellerConnectJobs) {
    await globalForJobs.sellerConnectJobs;
    return;
  }
  const starting = start(options);
  globalForJobs.sellerConnectJobs = starting;
  try {
    await starting;
  } catch (error) {
    globalForJobs.sellerConnectJobs = undefined;
    throw error;
  }
}

/**
 * Stops the queue: no new job is fetched, running ones may finish (up to `timeoutMs`, then they
 * fail and are retried elsewhere), and its pool closes.
 */
export async function stopJobs(timeoutMs = 20_000): Promise<void> {
  const running = globalForJobs.sellerConnectJobs;
  globalForJobs.sellerConnectJobs = undefined;
  if (!running) return;
  const { boss } = await running.catch(() => ({ boss: undefined }));
  if (!boss) return;
  await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
}

/** Whether this process's queue is started (and not stopping). */
export async function jobsStarted(): Promise<boolean> {
  const running = globalForJobs.sellerConnectJobs;
  if (!running) return false;
  return running.then(
    () => true,
    () => false,
  );
}

/**
 * Queues a job (starting a queue that only sends, in a process that started none). Returns its
 * id, or null when a job with its key is waiting already (a `stately` queue).
 */
export async function sendJob<Q extends QueueName>(
  name: Q,
  data: JobData[Q],
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  if (!globalForJobs.sellerConnectJobs) await startJobs({ schedules: false });
  const running = await (globalForJobs.sellerConnectJobs as Promise<Running>);
  const { retry, expireInSeconds } = queueSettings()[name];
  const id = await running.boss.send(name, data, { ...retry, expireInSeconds, ...options });
  // A job queued where it is worked starts now, not at the worker's next poll.
  const worker = running.workers.get(name);
  if (id && worker) running.boss.notifyWorker(worker);
  return id;
}
