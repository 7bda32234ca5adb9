import "server-only";
import { db } from "@/lib/db";
import { MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { errorMessage } from "@/lib/errors";
import { jobsStarted } from "@/lib/jobs/boss";
import { jobsSchemaInstalled } from "@/lib/jobs/stats";
import { stripeConfig } from "@/lib/stripe/client";

/**
 * Whether this instance can serve requests (`GET /api/health/ready`, for a load balancer and the
 * launchers): the database answers, every migration this build ships is applied, the Stripe
 * configuration is valid and, on the emulator, the emulator answers, and the job queue runs (this
 * process's, or with JOBS=off, pg-boss's schema is there to queue jobs into). Each check is bounded by
 * CHECK_TIMEOUT_MS and says what failed in words that name no host, key or URL.
 */
export type CheckName = "database" | "migrations" | "queue" | "stripe";

export interface Readiness {
  ready: boolean;
  checks: Record<CheckName, string>;
}

const CHECK_TIMEOUT_MS = 3_000;
const OK = "ok";

class CheckFailed extends Error {}

function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new CheckFailed(`${what} did not answer within ${String(CHECK_TIMEOUT_MS / 1000)} s`));
    }, CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/** The migrations this build ships (read once: they do not change while it runs). */
let shipped: Promise<string[]> | undefined;
function shippedMigrations(): Promise<string[]> {
  shipped ??= readMigrations(MIGRATIONS_DIR).then((all) => all.map((m) => m.name));
  return shipped;
}

/** One query answers both: the database is reachable, and which migrations it has applied. */
async function databaseChecks(): Promise<Pick<Readiness["checks"], "database" | "migrations">> {
  let applied: Set<string>;
  try {
    // A read through Prisma's raw read (pages-only-read tells it from a write; the System page
    // shows these checks).
    const rows = await within(
      db().$queryRaw<{ name: string }[]>`
        SELECT "migration_name" AS "name" FROM "_prisma_migrations"
        WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
      "the database",
    );
    applied = new Set(rows.map((row) => row.name));
  } catch (error) {
    const database = error instanceof CheckFailed ? error.message : "the database is unreachable";
    return { database, migrations: "unknown: the database is unreachable" };
  }
  const missing = (await shippedMigrations()).filter((name) => !applied.has(name));
  return {
    database: OK,
    migrations:
      missing.length === 0
        ? OK
        : `${String(missing.length)} migration${missing.length === 1 ? "" : "s"} not applied`,
  };
}

async function stripeCheck(): Promise<string> {
  let config;
  try {
    config = stripeConfig();
  } catch (error) {
    return `invalid configuration: ${errorMessage(error).replace(/\s+/g, " ")}`;
  }
  if (!config.emulated) return OK;
  try {
    // Any answer will do: the emulator is up (its index redirects to its control page).
    await within(fetch(config.apiBase, { redirect: "manual" }), "the Stripe emulator");
    return OK;
  } catch (error) {
    return error instanceof CheckFailed ? error.message : "the Stripe emulator is unreachable";
  }
}

async function queueCheck(): Promise<string> {
  if (env().JOBS === "inline") {
    return (await jobsStarted()) ? OK : "the job queue is not running";
  }
  // Jobs are worked elsewhere (`npm run worker`); this instance only queues them.
  try {
    return (await within(jobsSchemaInstalled(), "the database"))
      ? OK
      : "the job queue is not installed: start a worker";
  } catch (error) {
    return error instanceof CheckFailed ? error.message : "the database is unreachable";
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const [database, queue, stripe] = await Promise.all([
    databaseChecks(),
    queueCheck(),
    stripeCheck(),
  ]);
  const checks = { ...database, queue, stripe };
  return { ready: Object.values(checks).every((value) => value === OK), checks };
}
