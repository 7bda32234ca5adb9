/**
 * Runs once when a Next.js server starts: turns on the log's line per request, checks every
 * setting, applies pending migrations (under an advisory lock), then starts the background jobs
 * (lib/jobs/run.ts).
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is not configuration but a build-time constant Next.js inlines per bundle; the
  // check lets the edge bundle drop the Node-only migration code. (The one exception to lib/env.ts.)
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { logEveryRequest } = await import("@/lib/http/request-log");
    logEveryRequest();
    const { checkServerConfig } = await import("@/lib/config-check");
    const { EnvError } = await import("@/lib/env");
    try {
      checkServerConfig();
    } catch (error) {
      // Next.js would log this and stay up answering 500 to every request: stop instead.
      if (!(error instanceof EnvError)) throw error;
      console.error(error.message);
      process.exit(1);
    }
    const { migrateOnStart } = await import("@/lib/db/migrate-on-start");
    await migrateOnStart();
    // Background jobs (lib/jobs/): a queue that cannot start is logged and shown by readiness
    // (its "queue" check), not a reason to refuse requests.
    const { startAppJobs } = await import("@/lib/jobs/run");
    const { log } = await import("@/lib/log");
    const { errorMessage } = await import("@/lib/errors");
    await startAppJobs().catch((error: unknown) => {
      log().error({ reason: errorMessage(error) }, "jobs: the queue did not start");
    });
  }
}
