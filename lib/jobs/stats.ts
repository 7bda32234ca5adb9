import "server-only";
import { db } from "@/lib/db";
import { JOBS_SCHEMA } from "@/lib/jobs/queues";

export interface QueueStats {
  queue: string;
  /** Jobs to run now or later (created, or backing off before a retry). */
  waiting: number;
  active: number;
  /** Jobs that failed for good (no retry left), until pg-boss archives them. */
  failed: number;
  /** Seconds since the oldest job that could run now was queued; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/**
 * Each queue's figures from pg-boss's job table (one grouped read: the table holds the jobs not
 * archived yet, at most an hour of completed ones). Empty while pg-boss's schema is not installed.
 */
export async function readQueueStats(): Promise<QueueStats[]> {
  if (!(await jobsSchemaInstalled())) return [];
  // Reads only (Prisma's raw read; the metrics are collected while pages render too).
  const rows = await db().$queryRawUnsafe<
    {
      queue: string;
      waiting: bigint;
      active: bigint;
      failed: bigint;
      oldest: number | null;
    }[]
  >(
    `SELECT name AS queue,
       count(*) FILTER (WHERE state IN ('created', 'retry')) AS waiting,
       count(*) FILTER (WHERE state = 'active') AS active,
       count(*) FILTER (WHERE state = 'failed') AS failed,
       EXTRACT(EPOCH FROM now() - min(created_on)
         FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS oldest
     FROM ${JOBS_SCHEMA}.job
     WHERE name NOT LIKE '\\_\\_pgboss%'
     GROUP BY name`,
  );
  return rows.map((row) => ({
    queue: row.queue,
    waiting: Number(row.waiting),
    active: Number(row.active),
    failed: Number(row.failed),
    oldestWaitingSeconds: Math.max(0, row.oldest ?? 0),
  }));
}

/** Whether pg-boss's schema is installed on the database (readiness with JOBS=off). */
export async function jobsSchemaInstalled(): Promise<boolean> {
  const rows = await db().$queryRawUnsafe<{ ok: boolean }[]>(
    `SELECT to_regclass('${JOBS_SCHEMA}.version') IS NOT NULL AS ok`,
  );
  return rows[0]?.ok === true;
}
