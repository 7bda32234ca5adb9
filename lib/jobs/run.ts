import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { startJobs, stopJobs } from "@/lib/jobs/boss";
import { JOB_HANDLERS } from "@/lib/jobs/handlers";
import { log } from "@/lib/log";
import { keepStripeApiErrors } from "@/lib/stripe/api-errors";

/**
 * Starts this process's jobs: every queue worked and the schedules kept (`npm run worker`, and the
 * app unless JOBS=off), or, for an app instance with JOBS=off, a queue that only sends.
 */
export async function startJobRunner(
  options: {
    work?: boolean;
    schedules?: boolean;
    tuning?: Partial<PgBoss.ConstructorOptions>;
  } = {},
): Promise<void> {
  const work = options.work ?? true;
  await startJobs({
    handlers: work ? JOB_HANDLERS : undefined,
    schedules: options.schedules ?? work,
    tuning: options.tuning,
  });
}

/** The app server's jobs (instrumentation.ts, after migrations): as JOBS says. */
export async function startAppJobs(): Promise<void> {
  const work = env().JOBS === "inline";
  // Not a job: each process writes the Stripe API errors it noted (lib/stripe/api-errors.ts),
  // whether or not its queue starts.
  keepStripeApiErrors();
  await startJobRunner({ work });
  log().info(work ? "jobs: worked in this process" : "jobs: queued only (JOBS=off)");
  process.once("SIGTERM", () => {
    void stopJobs();
  });
}
