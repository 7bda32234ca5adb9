/**
 * The health endpoints a load balancer and the launchers ask: `/api/health/live` always answers;
 * `/api/health/ready` says 503 while the database is away (a TCP proxy cut in front of the real
 * test database), a migration is missing or the Stripe emulator is down, and 200 again as soon as
 * it is back, without a restart. No answer names a host, a key or a URL.
 */
import type { RunningEmulator } from "stripe-connect-emulator";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { db } from "@/lib/db";
import { stopJobs } from "@/lib/jobs/boss";
import { startJobRunner } from "@/lib/jobs/run";
import { startDatabaseProxy, startTestEmulator, type DatabaseProxy } from "./helpers";

let proxy: DatabaseProxy;
let emulator: RunningEmulator;

beforeAll(async () => {
  proxy = await startDatabaseProxy(inject("databaseUrl"));
  emulator = await startTestEmulator();
  vi.stubEnv("DATABASE_URL", proxy.url);
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
  await db().$disconnect();
});
afterAll(async () => {
  await db().$disconnect();
  await proxy.close();
  await emulator.stop();
});

async function readiness() {
  const response = await ready();
  const body = (await response.json()) as { status: string; checks: Record<string, string> };
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost|postgres(ql)?:|sk_|whsec_/i);
  return { code: response.status, ...body };
}

describe("health", () => {
  it("live answers without a database", async () => {
    await proxy.cut();
    try {
      const response = live();
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "live" });
    } finally {
      await proxy.restore();
    }
  });

  it("ready is 200 with every check ok", async () => {
    const answer = await readiness();
    expect(answer.code).toBe(200);
    expect(answer.status).toBe("ready");
    expect(answer.checks).toEqual({
      database: "ok",
      migrations: "ok",
      queue: "ok",
      stripe: "ok",
    });
  });

  it("ready is 503 while this instance's job queue is stopped (JOBS=inline), 200 once it runs", async () => {
    await stopJobs();
    try {
      const stopped = await readiness();
      expect(stopped.code).toBe(503);
      expect(stopped.checks.queue).toBe("the job queue is not running");
    } finally {
      await startJobRunner({ schedules: false });
    }
    expect((await readiness()).checks.queue).toBe("ok");
  });

  it("with JOBS=off, ready needs only the job queue's schema (jobs are worked elsewhere)", async () => {
    vi.stubEnv("JOBS", "off");
    await stopJobs();
    try {
      expect((await readiness()).checks.queue).toBe("ok");
      await db().$executeRawUnsafe(`ALTER SCHEMA pgboss RENAME TO pgboss_away`);
      try {
        const missing = await readiness();
        expect(missing.code).toBe(503);
        expect(missing.checks.queue).toBe("the job queue is not installed: start a worker");
      } finally {
        await db().$executeRawUnsafe(`ALTER SCHEMA pgboss_away RENAME TO pgboss`);
      }
    } finally {
      vi.stubEnv("JOBS", "");
      await startJobRunner({ schedules: false });
    }
  });

  it("ready is 503 while the database is away, and 200 again when it is back", async () => {
    await proxy.cut();
    try {
      const down = await readiness();
      expect(down.code).toBe(503);
      expect(down.status).toBe("not_ready");
      expect(down.checks).toMatchObject({ database: "the database is unreachable", stripe: "ok" });
    } finally {
      await proxy.restore();
    }
    const back = await readiness();
    expect(back.code).toBe(200);
    expect(back.checks.database).toBe("ok");
  });

  it("ready is 503 while a migration this build ships is not applied", async () => {
    const [latest] = await db().$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`;
    if (!latest) throw new Error("no migration applied");
    await db()
      .$executeRaw`UPDATE "_prisma_migrations" SET "rolled_back_at" = now() WHERE "id" = ${latest.id}`;
    try {
      const missing = await readiness();
      expect(missing.code).toBe(503);
      expect(missing.checks).toMatchObject({
        database: "ok",
        migrations: "1 migration not applied",
      });
    } finally {
      await db()
        .$executeRaw`UPDATE "_prisma_migrations" SET "rolled_back_at" = NULL WHERE "id" = ${latest.id}`;
    }
    expect((await readiness()).code).toBe(200);
  });

  it("ready is 503 while the Stripe emulator does not answer", async () => {
    const stopped = await startTestEmulator();
    await stopped.stop();
    vi.stubEnv("STRIPE_EMULATOR_PORT", String(stopped.port));
    try {
      const down = await readiness();
      expect(down.code).toBe(503);
      expect(down.checks).toMatchObject({
        database: "ok",
        stripe: "the Stripe emulator is unreachable",
      });
    } finally {
      vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
    }
    expect((await readiness()).code).toBe(200);
  });
});
