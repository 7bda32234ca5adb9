import "server-only";
import { z } from "zod";
import { isUniqueViolation } from "@/lib/data/connections";
import { db } from "@/lib/db";
import type { ReconcileRun } from "@/lib/generated/prisma/client";

/**
 * The reconcile runs (lib/stripe/reconcile-run.ts walks them): at most one unfinished, held by
 * the process walking it through a lease it renews, so that another process (a second instance's
 * job, `npm run stripe:reconcile`) never walks it at the same time, and resumes it once the lease
 * has run out (its walker died).
 */

export type ReconcileTrigger = "schedule" | "manual";

/** How many of a run's changes it keeps (the first ones). */
export const CHANGES_KEPT = 50;

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const runChangeSchema = z.object({
  connectionId: z.string(),
  stripeAccountId: z.string(),
  outcome: z.enum(["updated", "revoked"]),
  /** The fields repaired, with their values when they are plain ones (not the account state). */
  fields: z.array(
    z.object({ field: z.string(), from: fieldValue.optional(), to: fieldValue.optional() }),
  ),
});
export type RunChange = z.infer<typeof runChangeSchema>;

export interface RunCounts {
  checked: number;
  updated: number;
  revoked: number;
  unchanged: number;
  failed: number;
}

/** A run as its walker and the admin page read it. */
export interface ReconcileRunView extends RunCounts {
  id: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date | null;
  cursor: string | null;
  changes: RunChange[];
  lastError: string | null;
  /**
   * `running`: a process walks it now (its lease is current); `stopped`: unfinished, no one walks
   * it (the next run resumes it); `finished`.
   */
  state: "running" | "stopped" | "finished";
}

function viewOf(run: ReconcileRun, now: Date): ReconcileRunView {
  const changes = z.array(runChangeSchema).safeParse(run.changes);
  return {
    id: run.id,
    trigger: run.trigger,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    cursor: run.cursor,
    checked: run.checked,
    updated: run.updated,
    revoked: run.revoked,
    unchanged: run.unchanged,
    failed: run.failed,
    changes: changes.success ? changes.data : [],
    lastError: run.lastError,
    state: run.finishedAt
      ? "finished"
      : run.leaseUntil && run.leaseUntil > now
        ? "running"
        : "stopped",
  };
}

export interface Lease {
  holder: string;
  now: Date;
  /** How long the lease lasts from `now`. */
  ms: number;
}

const until = (lease: Lease) => new Date(lease.now.getTime() + lease.ms);

/**
 * The unfinished run, taken over for `lease.holder` (`resumed`), else a new run started for it.
 * `held` (nothing taken) when another process's lease on the unfinished run is still current.
 */
export async function claimReconcileRun(
  trigger: ReconcileTrigger,
  lease: Lease,
): Promise<
  { kind: "started" | "resumed"; run: ReconcileRunView } | { kind: "held"; run: ReconcileRunView }
> {
  for (let attempt = 0; ; attempt++) {
    const unfinished = await db().reconcileRun.findFirst({ where: { finishedAt: null } });
    if (unfinished) {
      const { count } = await db().reconcileRun.updateMany({
        where: {
          id: unfinished.id,
          finishedAt: null,
          OR: [{ leaseUntil: null }, { leaseUntil: { lte: lease.now } }],
        },
        data: { leaseHolder: lease.holder, leaseUntil: until(lease) },
      });
      const run = await db().reconcileRun.findUniqueOrThrow({ where: { id: unfinished.id } });
      return { kind: count === 1 ? "resumed" : "held", run: viewOf(run, lease.now) };
    }
    try {
      const run = await db().reconcileRun.create({
        data: {
          trigger,
          startedAt: lease.now,
          leaseHolder: lease.holder,
          leaseUntil: until(lease),
        },
      });
      return { kind: "started", run: viewOf(run, lease.now) };
    } catch (error) {
      // Another process started one meanwhile (one unfinished run at most): take that one.
      if (!isUniqueViolation(error) || attempt > 0) throw error;
    }
  }
}

/**
 * Records a walked page: the cursor (the last connection id done), the counts to add, the run's
 * kept changes (`changes`: the whole list, at most CHANGES_KEPT), and renews the lease. False,
 * recording nothing, when `lease.holder` no longer holds the run.
 */
export async function saveReconcileProgress(
  runId: string,
  lease: Lease,
  progress: { cursor: string | null; add: RunCounts; changes: RunChange[]; lastError?: string },
): Promise<boolean> {
  const { add } = progress;
  const { count } = await db().reconcileRun.updateMany({
    where: { id: runId, finishedAt: null, leaseHolder: lease.holder },
    data: {
      cursor: progress.cursor,
      checked: { increment: add.checked },
      updated: { increment: add.updated },
      revoked: { increment: add.revoked },
      unchanged: { increment: add.unchanged },
      failed: { increment: add.failed },
      changes: progress.changes.slice(0, CHANGES_KEPT),
      ...(progress.lastError === undefined ? {} : { lastError: progress.lastError }),
      leaseUntil: until(lease),
    },
  });
  return count === 1;
}

/** Extends `lease.holder`'s lease on the run; false when it no longer holds it. */
export async function renewReconcileLease(runId: string, lease: Lease): Promise<boolean> {
  const { count } = await db().reconcileRun.updateMany({
    where: { id: runId, finishedAt: null, leaseHolder: lease.holder },
    data: { leaseUntil: until(lease) },
  });
  return count === 1;
}

/**
 * Lets go of the run: finished (`finishedAt`), or stopped unfinished with why (`lastError`), to be
 * resumed by the next run at once (the lease ends now).
 */
export async function releaseReconcileRun(
  runId: string,
  lease: Lease,
  end: { finished: true } | { finished: false; lastError: string },
): Promise<ReconcileRunView | null> {
  const { count } = await db().reconcileRun.updateMany({
    where: { id: runId, finishedAt: null, leaseHolder: lease.holder },
    data: {
      leaseHolder: null,
      leaseUntil: null,
      ...(end.finished ? { finishedAt: lease.now } : { lastError: end.lastError }),
    },
  });
  if (count === 0) return null;
  const run = await db().reconcileRun.findUniqueOrThrow({ where: { id: runId } });
  return viewOf(run, lease.now);
}

/** One run, as at `now`; null when there is no such run. */
export async function getReconcileRun(
  runId: string,
  now = new Date(),
): Promise<ReconcileRunView | null> {
  const run = await db().reconcileRun.findUnique({ where: { id: runId } });
  return run && viewOf(run, now);
}

/**
 * The latest runs, newest first, with their counts and kept changes (the System page), and
 * whether one is being walked now.
 */
export async function latestReconcileRuns(
  limit = 10,
  now = new Date(),
): Promise<{ runs: ReconcileRunView[]; running: boolean }> {
  const rows = await db().reconcileRun.findMany({
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  const runs = rows.map((row) => viewOf(row, now));
  // The unfinished run, if any, is the newest (a run starts only when none is unfinished).
  return { runs, running: runs.some((run) => run.state === "running") };
}
