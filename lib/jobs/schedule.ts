import "server-only";
import cronParser from "cron-parser";
import { queueSettings, type QueueName } from "@/lib/jobs/queues";

/** The first time after `now` that `cron` names, in UTC (as pg-boss keeps the schedules). */
export function nextCronRun(cron: string, now: Date): Date {
  return cronParser.parseExpression(cron, { tz: "UTC", currentDate: now }).next().toDate();
}

/** When a scheduled queue next runs after `now`; null for a queue without a schedule. */
export function nextScheduledRun(
  queue: QueueName,
  now = new Date(),
): { at: Date; cron: string } | null {
  const cron = queueSettings()[queue].cron;
  return cron ? { at: nextCronRun(cron, now), cron } : null;
}
