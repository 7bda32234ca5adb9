/**
 * The reconcile run (lib/stripe/reconcile-run.ts, the scheduled job's and `npm run
 * stripe:reconcile`'s) over 2,000 connections, on the real database and the emulator over HTTP
 * with its rate limit on: it repairs drift left by missed events, ends what Stripe no longer lets
 * us reach, records itself, never meets a 429 it caused, and resumes after its cursor when cut
 * short (a limit, Stripe busy, a process that died).
 *
 * The run covers every active connection, so the connections other test files left active are
 * ended first; the runs of this file then share its 2,000.
 */
import type Stripe from "stripe";
import type { RunningEmulator } from "stripe-connect-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { REVOCATION_REASONS } from "@/lib/data/connections";
import {
  claimReconcileRun,
  latestReconcileRuns,
  renewReconcileLease,
  saveReconcileProgress,
} from "@/lib/data/reconcile-runs";
import { db } from "@/lib/db";
import { accountSnapshot } from "@/lib/stripe/account-snapshot";
import { StripeBusyError } from "@/lib/stripe/pacing";
import type { ReconcileResult } from "@/lib/stripe/reconcile";
import { runReconcile, runScheduledReconcile } from "@/lib/stripe/reconcile-run";
import { startTestEmulator } from "./helpers";

const COUNT = 2000;
// The emulator's limit and the app's pace below it, raised together from Stripe's 25 and the
// default 20 (the same ratio), so that 2,000 checks take under a minute: a limit this machine
// exceeds when unpaced (it checks some 80 connections a second), so that a 429 would come.
const LIMIT = 50;
const PACE = 40;
// Where pacing is not what a test is about: as fast as the machine goes.
const FAST = { limit: 0, pace: 1000 };

let emulator: RunningEmulator;
let accounts: Stripe.Account[];
const SYNCED_BEFORE = new Date(Date.now() - 3_600_000);

beforeAll(async () => {
  emulator = await startTestEmulator({ rateLimit: LIMIT });
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
  accounts = await emulator.client.seedAccounts(
    Array.from({ length: COUNT }, () => ({ connected: true })),
  );
  await db().stripeConnection.updateMany({
    where: { status: "CONNECTED" },
    data: { status: "DISCONNECTED", disconnectedAt: new Date() },
  });
  // Sellers connected to them, their snapshots as Stripe has them now (no drift yet).
  const rows = accounts.map((account, i) => ({ account, n: String(i).padStart(4, "0") }));
  await db().user.createMany({
    data: rows.map(({ n }) => ({
      id: `rr-user-${n}`,
      email: `rr-${n}@reconcile.test`,
      name: `Seller ${n}`,
    })),
  });
  await db().stripeConnection.createMany({
    data: rows.map(({ account, n }) => ({
      userId: `rr-user-${n}`,
      sellerName: `Seller ${n}`,
      sellerEmail: `rr-${n}@reconcile.test`,
      stripeAccountId: account.id,
      scope: "read_write",
      livemode: false,
      ...accountSnapshot(account),
      syncedAt: SYNCED_BEFORE,
    })),
  });
}, 300_000);

afterAll(async () => {
  await emulator.stop();
});

afterEach(async () => {
  await emulator.client.request("DELETE", "/faults");
});

/** The emulator's rate limit and the app's pace. */
async function rates(limit: number, pace: number): Promise<void> {
  await emulator.client.setRateLimits({ test: limit });
  vi.stubEnv("STRIPE_CHECKS_PER_SECOND", String(pace));
}

/** The active connections' ids in the run's order (id order), with when each was last synced. */
async function activeConnections(): Promise<{ id: string; syncedAt: Date | null }[]> {
  return db().stripeConnection.findMany({
    where: { status: "CONNECTED" },
    orderBy: { id: "asc" },
    select: { id: true, syncedAt: true },
  });
}

/** Collects the ids a run reports checking, and any failure. */
function recorder() {
  const ids: string[] = [];
  const failures: unknown[] = [];
  return {
    ids,
    failures,
    report: (id: string, result: ReconcileResult | { error: unknown }) => {
      ids.push(id);
      if ("error" in result) failures.push(result.error);
    },
  };
}

describe("a reconcile run over 2,000 connections", () => {
  it("repairs the drift, ends the revoked one, records itself, and meets no 429", async () => {
    const renamed = accounts.slice(10, 14);
    for (const [i, account] of renamed.entries()) {
      await emulator.client.updateAccount(account.id, { business_name: `Renamed ${String(i)}` });
    }
    const paused = accounts[500];
    const revoked = accounts[1500];
    if (!paused || !revoked) throw new Error("too few accounts");
    await emulator.client.updateAccount(paused.id, { charges_enabled: false });
    // The seller revokes access at Stripe, and the event never reaches us.
    await emulator.client.revoke(revoked.id, { deliver_webhook: false });
    await rates(LIMIT, PACE);

    // Two start at once (the job on two instances): one walks the run, the other finds it held.
    const outcomes = await Promise.all([
      runReconcile({ trigger: "schedule" }),
      runReconcile({ trigger: "manual" }),
    ]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(["finished", "held"]);
    const { run } = outcomes.find((o) => o.status === "finished") ?? {};
    expect(run).toMatchObject({
      state: "finished",
      checked: COUNT,
      updated: renamed.length + 1,
      revoked: 1,
      unchanged: COUNT - renamed.length - 2,
      failed: 0,
      lastError: null,
    });
    // Stripe never refused a request: the run kept below its limit.
    expect((await emulator.client.rateLimits()).refused).toBe(0);

    // The rows match Stripe again.
    const atStripe = new Map((await emulator.client.accounts()).map((s) => [s.account.id, s]));
    const stored = await db().stripeConnection.findMany({
      where: { stripeAccountId: { in: accounts.map((a) => a.id) } },
    });
    expect(stored).toHaveLength(COUNT);
    for (const row of stored) {
      const summary = atStripe.get(row.stripeAccountId);
      if (!summary) throw new Error(`${row.stripeAccountId} is not at the emulator`);
      if (row.stripeAccountId === revoked.id) continue;
      const snapshot = accountSnapshot(summary.account);
      expect([row.stripeAccountId, row.businessName, row.chargesEnabled, row.readiness]).toEqual([
        row.stripeAccountId,
        snapshot.businessName,
        snapshot.chargesEnabled,
        snapshot.readiness,
      ]);
    }
    const ended = stored.find((row) => row.stripeAccountId === revoked.id);
    expect(ended).toMatchObject({
      status: "REVOKED",
      disconnectReason: REVOCATION_REASONS.access_invalid,
    });

    // What it changed, as the System page reads it.
    const latest = await latestReconcileRuns(5);
    expect(latest.running).toBe(false);
    expect(latest.runs[0]).toMatchObject({ id: run?.id, trigger: "schedule", checked: COUNT });
    const changes = latest.runs[0]?.changes ?? [];
    expect(changes.map((c) => [c.stripeAccountId, c.outcome]).sort()).toEqual(
      [
        ...renamed.map((a) => [a.id, "updated"]),
        [paused.id, "updated"],
        [revoked.id, "revoked"],
      ].sort(),
    );
    expect(changes.find((c) => c.stripeAccountId === renamed[0]?.id)?.fields).toEqual([
      { field: "businessName", from: renamed[0]?.business_profile?.name, to: "Renamed 0" },
    ]);
  }, 600_000);

  it("stopped after N connections, resumes after its cursor and checks none of those again", async () => {
    await rates(FAST.limit, FAST.pace);
    const before = await activeConnections();
    const first = recorder();

    const stopped = await runReconcile({ trigger: "manual", limit: 700, report: first.report });

    expect(stopped).toMatchObject({ status: "stopped", resumed: false });
    expect(stopped.run).toMatchObject({ state: "stopped", checked: 700, failed: 0 });
    expect(stopped.run.cursor).toBe(before[699]?.id);
    expect(first.ids.sort()).toEqual(
      before
        .slice(0, 700)
        .map((c) => c.id)
        .sort(),
    );
    expect((await latestReconcileRuns(1)).runs[0]).toMatchObject({
      id: stopped.run.id,
      state: "stopped",
    });
    const afterFirst = await activeConnections();

    const second = recorder();
    const resumed = await runReconcile({ report: second.report });

    expect(resumed).toMatchObject({ status: "finished", resumed: true });
    expect(resumed.run).toMatchObject({ id: stopped.run.id, checked: before.length, failed: 0 });
    expect(second.ids.sort()).toEqual(
      before
        .slice(700)
        .map((c) => c.id)
        .sort(),
    );
    // The first 700 were not fetched again (a fetch stores the snapshot: syncedAt moves).
    const afterSecond = await activeConnections();
    expect(afterSecond.slice(0, 700)).toEqual(afterFirst.slice(0, 700));
    const moved = afterSecond
      .slice(700)
      .filter((c, i) => c.syncedAt?.getTime() !== afterFirst[700 + i]?.syncedAt?.getTime());
    expect(moved).toHaveLength(afterSecond.length - 700);
  }, 600_000);

  it("Stripe still busy: the scheduled job fails with its cursor kept, and the next one resumes", async () => {
    await rates(FAST.limit, FAST.pace);
    const connections = await activeConnections();
    const started = await runReconcile({ limit: 300 });
    // Stripe refuses every call for a while (other work on the key).
    await emulator.client.request("POST", "/faults", { path: "/v1/*", status: 429, times: 1000 });
    const patience = { attempts: 2, maxWaitMs: 3_000 };

    const error = await runScheduledReconcile({ patience }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StripeBusyError);
    const [busy] = (await latestReconcileRuns(1)).runs;
    expect(busy).toMatchObject({
      id: started.run.id,
      state: "stopped",
      checked: 300,
      failed: 0,
      cursor: connections[299]?.id,
    });
    expect(busy?.lastError).toMatch(/Stripe is busy/);

    await emulator.client.request("DELETE", "/faults");
    await runScheduledReconcile({ patience });

    const [done] = (await latestReconcileRuns(1)).runs;
    expect(done).toMatchObject({
      id: started.run.id,
      state: "finished",
      checked: connections.length,
      failed: 0,
    });
  }, 600_000);

  it("a run whose process died is left alone while its lease lasts, then resumed after its cursor", async () => {
    await rates(FAST.limit, FAST.pace);
    const connections = await activeConnections();
    const dead = { holder: "a-process-that-died", now: new Date(), ms: 60_000 };
    const claimed = await claimReconcileRun("schedule", dead);
    expect(claimed.kind).toBe("started");
    const counts = { checked: 1000, updated: 0, revoked: 0, unchanged: 1000, failed: 0 };
    await saveReconcileProgress(claimed.run.id, dead, {
      cursor: connections[999]?.id ?? null,
      add: counts,
      changes: [],
    });

    const meanwhile = recorder();
    expect(await runReconcile({ report: meanwhile.report })).toMatchObject({ status: "held" });
    expect(meanwhile.ids).toEqual([]);
    expect(await latestReconcileRuns(1)).toMatchObject({ running: true });

    // Its lease runs out (it was last renewed two minutes ago).
    await renewReconcileLease(claimed.run.id, { ...dead, now: new Date(Date.now() - 120_000) });
    const resumed = recorder();
    const outcome = await runReconcile({ report: resumed.report });

    expect(outcome).toMatchObject({ status: "finished", resumed: true });
    expect(outcome.run).toMatchObject({ id: claimed.run.id, checked: connections.length });
    expect(resumed.ids.sort()).toEqual(
      connections
        .slice(1000)
        .map((c) => c.id)
        .sort(),
    );
  }, 600_000);

  it("a 429 that comes anyway (the limit below the pace) is waited out, never a failure", async () => {
    await rates(10, 20);
    const checks = recorder();

    const outcome = await runReconcile({ limit: 40, report: checks.report });

    expect(outcome.run).toMatchObject({ checked: 40, failed: 0 });
    expect(outcome.status).toBe("stopped"); // by its limit, not by Stripe
    expect(outcome.run.lastError).toMatch(/limit/);
    expect(checks.failures).toEqual([]);
    expect((await emulator.client.rateLimits()).refused).toBeGreaterThan(0);
  }, 600_000);

  it("told to stop (a deploy, Ctrl-C), stops after the checks under way, and the next start resumes at once", async () => {
    await rates(FAST.limit, FAST.pace);
    const interrupt = new AbortController();
    const checks = recorder();
    const report = (id: string, result: ReconcileResult | { error: unknown }) => {
      checks.report(id, result);
      if (checks.ids.length === 50) interrupt.abort();
    };

    const stopped = await runReconcile({ report, signal: interrupt.signal });

    expect(stopped.status).toBe("stopped");
    expect(stopped.run).toMatchObject({ state: "stopped", lastError: "Interrupted." });
    const connections = await activeConnections();
    expect(connections.length - stopped.run.checked).toBeGreaterThan(1000); // it stopped early
    const cursor = stopped.run.cursor ?? "";
    const next = recorder();
    const resumed = await runReconcile({ limit: 10, report: next.report });
    expect(resumed).toMatchObject({ resumed: true, run: { id: stopped.run.id } });
    expect(next.ids).toHaveLength(10);
    const ids = connections.map((c) => c.id);
    expect(next.ids.every((id) => ids.indexOf(id) > ids.indexOf(cursor))).toBe(true);
  }, 600_000);
});
