// As in a Next.js server: what Next's request scope needs (AsyncLocalStorage) is set up before
// any of Next's modules load (tests/helpers.ts: inRequestScope).
import "next/dist/server/node-environment-baseline";
import { afterAll, beforeAll, inject, vi } from "vitest";
import { db } from "@/lib/db";
import { stopJobs } from "@/lib/jobs/boss";
import { startJobRunner } from "@/lib/jobs/run";

vi.stubEnv("DATABASE_URL", inject("databaseUrl"));
// PGlite serves one session at a time (see lib/db/embedded.ts).
vi.stubEnv("DATABASE_POOL_MAX", inject("databaseKind") === "pglite" ? "1" : "10");
vi.stubEnv("ADMIN_EMAILS", "boss@example.test");
vi.stubEnv("SMTP_URL", inject("smtpUrl"));
// Jobs are worked in the test process, as in the app (JOBS=inline), without the schedules: a test
// runs a scheduled job's work itself, when it wants it. A job queued here starts at once; one
// queued by another process (a route server) waits for the next poll.
vi.stubEnv("JOBS_POLL_SECONDS", "0.5");

beforeAll(async () => {
  await startJobRunner({ schedules: false });
});

afterAll(async () => {
  await stopJobs();
  await db().$disconnect();
});
