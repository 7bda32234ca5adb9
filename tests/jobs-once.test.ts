/**
 * Each job runs once across instances: two "app" processes' queues and one worker's (three pg-boss
 * instances, each on its own pool, as three processes would be) on one database, all working the
 * queues and keeping the schedules as JOBS=inline app instances and `npm run worker` do. A
 * scheduled job is queued once per period (pg-boss's cron has minute periods: the test waits for
 * the start of the next minute, with its monitors at one second) and every sent job is worked
 * exactly once. They use a schema of their own, so the test process's own queue is not involved.
 */
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBoss, createQueues, installSchedules, workQueue } from "@/lib/jobs/boss";
import { pollFor } from "./helpers";

const SCHEMA = "pgboss_once_test";
const tuning: Partial<PgBoss.ConstructorOptions> = {
  schema: SCHEMA,
  cronMonitorIntervalSeconds: 1,
  cronWorkerIntervalSeconds: 1,
  clockMonitorIntervalSeconds: 1,
};

interface Instance {
  name: string;
  boss: PgBoss;
}

const instances: Instance[] = [];
/** Runs of the scheduled job (instance and time) and of each sent job (its number). */
const scheduledRuns: { instance: string; at: number }[] = [];
const sentRuns: { instance: string; n: number }[] = [];

beforeAll(async () => {
  // Every minute: the shortest period pg-boss's cron has.
  vi.stubEnv("PRUNE_CRON", "* * * * *");
  for (const name of ["app-1", "app-2", "worker"]) {
    const boss = createBoss({ work: true, schedules: true, tuning });
    await boss.start();
    await createQueues(boss);
    await installSchedules(boss);
    await workQueue(boss, "prune", () => {
      scheduledRuns.push({ instance: name, at: Date.now() });
      return Promise.resolve();
    });
    await workQueue(boss, "mail", (job) => {
      sentRuns.push({ instance: name, n: Number(job.data.subject) });
      return Promise.resolve();
    });
    instances.push({ name, boss });
  }
}, 120_000);

afterAll(async () => {
  for (const { boss } of instances) await boss.stop({ graceful: false, wait: true });
  const [first] = instances;
  if (first) await first.boss.getDb().executeSql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`, []);
  vi.stubEnv("PRUNE_CRON", "");
});

const minute = (at: number) => Math.floor(at / 60_000);

describe("jobs across instances", () => {
  it("works each sent job exactly once, whichever instance sent it", async () => {
    const ids = Array.from({ length: 40 }, (_, n) => n);
    const senders = instances.slice(0, 2).map((i) => i.boss);
    await Promise.all(
      ids.map(
        (n) =>
          senders[n % 2]?.send("mail", { to: "once@example.test", subject: String(n), text: "" }) ??
          Promise.reject(new Error("no sender")),
      ),
    );
    await pollFor("every job worked", () =>
      Promise.resolve(sentRuns.length >= ids.length ? true : undefined),
    );
    // Some time for a second run of any of them, had one been fetched twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sentRuns.map((r) => r.n).sort((a, b) => a - b)).toEqual(ids);
    // Worked where there was room, not all by one instance.
    expect(new Set(sentRuns.map((r) => r.instance)).size).toBeGreaterThan(1);
  });

  it("runs a scheduled job once per period, however many instances keep the schedule", async () => {
    await pollFor("the first scheduled run", () =>
      Promise.resolve(scheduledRuns.length > 0 ? true : undefined),
    );
    const first = minute(scheduledRuns[0]?.at ?? 0);
    await pollFor(
      "the next period's run",
      () => Promise.resolve(scheduledRuns.some((r) => minute(r.at) > first) ? true : undefined),
      90_000,
    );
    // Every instance's cron monitor has looked again meanwhile (each second).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const perMinute = new Map<number, number>();
    for (const run of scheduledRuns) {
      perMinute.set(minute(run.at), (perMinute.get(minute(run.at)) ?? 0) + 1);
    }
    expect([...perMinute.values()]).toEqual([1, 1]);
  }, 150_000);
});
