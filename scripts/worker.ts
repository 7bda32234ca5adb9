/**
 * `npm run worker`: works the background jobs (lib/jobs/) and keeps their schedules, and serves
 * nothing else, for deployments whose app instances run with JOBS=off. Stops on SIGTERM or
 * SIGINT: no new job is fetched, running ones may finish (20 s), and it exits.
 */
import { stopJobs } from "@/lib/jobs/boss";
import { QUEUE_NAMES } from "@/lib/jobs/queues";
import { startJobRunner } from "@/lib/jobs/run";
import { keepStripeApiErrors } from "@/lib/stripe/api-errors";
import { runScript } from "./cli";

async function main(): Promise<number> {
  await startJobRunner({ work: true });
  keepStripeApiErrors();
  console.error(`[worker] working ${QUEUE_NAMES.join(", ")}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of ["SIGTERM", "SIGINT"] as const)
      process.once(name, () => {
        resolve(name);
      });
  });
  console.error(`[worker] ${signal}: stopping (running jobs may finish)`);
  await stopJobs();
  return 0;
}

runScript("worker", main);
