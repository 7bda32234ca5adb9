import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { listActiveConnectionIdsAfter } from "@/lib/data/connections";
import {
  CHANGES_KEPT,
  claimReconcileRun,
  getReconcileRun,
  releaseReconcileRun,
  renewReconcileLease,
  saveReconcileProgress,
  type Lease,
  type ReconcileRunView,
  type ReconcileTrigger,
  type RunChange,
  type RunCounts,
} from "@/lib/data/reconcile-runs";
import { AppError, errorMessage } from "@/lib/errors";
import { log } from "@/lib/log";
import { JOB_PATIENCE, StripeBusyError, type Patience } from "@/lib/stripe/pacing";
import {
  reconcileConnection,
  type FieldChange,
  type ReconcileResult,
} from "@/lib/stripe/reconcile";

/**
 * The reconcile run: every active connection compared with Stripe and repaired
 * (reconcileConnection, the one rule), walked in id order a page at a time, so that 100,000
 * connections never load at once, with the run's cursor, counts and first changes saved after
 * each page (lib/data/reconcile-runs.ts). Starting while an unfinished run exists resumes it
 * after its cursor, unless another process walks it now (its lease). Calls to Stripe are paced
 * below its rate limit and wait out a 429 (lib/stripe/pacing.ts); when Stripe still refuses
 * (StripeBusyError) or cannot be reached, the run stops with its cursor saved, to be resumed.
 */

export interface ReconcileRunOptions {
  /** Who starts it (default "schedule"); a resumed run keeps its own. */
  trigger?: ReconcileTrigger;
  /** Connection ids read per page (the cursor is saved after each). */
  pageSize?: number;
  /** Connections checked at once: their calls to Stripe share one pacer whatever the number. */
  concurrency?: number;
  /** Stops, cursor saved and the run left unfinished, after this many connections. */
  limit?: number;
  patience?: Patience;
  /** Hears of each connection checked, or of the error that kept it from being checked. */
  report?: (id: string, result: ReconcileResult | { error: unknown }) => void;
  /** How long the lease on the run lasts unless renewed (renewed every third of it). */
  leaseMs?: number;
  now?: () => Date;
}

export interface ReconcileRunOutcome {
  /**
   * `finished`; `stopped` (Stripe busy or unreachable, or `limit` reached: resumed next time);
   * `held`: another process walks the unfinished run, nothing was done; `lost`: another process
   * took the run over (this one's lease had run out).
   */
  status: "finished" | "stopped" | "held" | "lost";
  /** Whether this walk went on with an unfinished run (after its cursor). */
  resumed: boolean;
  run: ReconcileRunView;
  /** What stopped the run (status `stopped` because of Stripe). */
  error?: AppError;
}

export const RECONCILE_DEFAULTS = {
  pageSize: 500,
  // Enough in flight to keep the pace when Stripe takes ~400 ms to answer (20 a second).
  concurrency: 8,
  leaseMs: 5 * 60_000,
} as const;

const PROCESS_ID = `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`;

/** True for what stops a run rather than failing one connection: Stripe busy or unreachable. */
function stopsTheRun(error: unknown): error is AppError {
  return (
    error instanceof StripeBusyError ||
    (error instanceof AppError && error.code === "stripe_unavailable")
  );
}

/** A change as a run keeps it: plain values as they were and are, the account state by name. */
function keptChange(result: ReconcileResult): RunChange | null {
  if (result.outcome !== "updated" && result.outcome !== "revoked") return null;
  const plain = (value: unknown) =>
    value instanceof Date
      ? value.toISOString()
      : value === null || ["string", "number", "boolean"].includes(typeof value)
        ? (value as string | number | boolean | null)
        : undefined;
  return {
    connectionId: result.connectionId,
    stripeAccountId: result.stripeAccountId,
    outcome: result.outcome,
    fields: result.changes.map((change: FieldChange) => {
      const from = plain(change.from);
      const to = plain(change.to);
      return from === undefined || to === undefined
        ? { field: change.field }
        : { field: change.field, from, to };
    }),
  };
}

interface PageResult {
  /** The ids done from the page's start, without a gap: the cursor moves to the last one. */
  done: string[];
  counts: RunCounts;
  changes: RunChange[];
  lastFailure?: string;
  /** What stopped the page (Stripe busy or unreachable). */
  stop?: AppError;
}

/**
 * Checks `ids`, `concurrency` at a time, in order. On an error that stops the run, takes no more
 * and lets those under way finish. Only the unbroken run of ids done from the start counts: an id
 * done after one left undone is checked again when the run resumes.
 */
async function checkPage(
  ids: string[],
  options: Required<Pick<ReconcileRunOptions, "concurrency" | "patience">> &
    Pick<ReconcileRunOptions, "report">,
  cancelled: () => boolean,
): Promise<PageResult> {
  const results: (ReconcileResult | { error: unknown } | undefined)[] = ids.map(() => undefined);
  let next = 0;
  let stop: AppError | undefined;
  async function worker(): Promise<void> {
    while (stop === undefined && !cancelled() && next < ids.length) {
      const index = next++;
      const id = ids[index] ?? "";
      try {
        results[index] = await reconcileConnection(id, options.patience);
      } catch (error) {
        if (stopsTheRun(error)) {
          stop ??= error;
          continue;
        }
        results[index] = { error };
      }
      options.report?.(id, results[index]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, ids.length) }, worker));

  const page: PageResult = {
    done: [],
    counts: { checked: 0, updated: 0, revoked: 0, unchanged: 0, failed: 0 },
    changes: [],
    stop,
  };
  for (const [index, result] of results.entries()) {
    if (result === undefined) break;
    page.done.push(ids[index] ?? "");
    page.counts.checked++;
    if ("error" in result) {
      page.counts.failed++;
      page.lastFailure = `${ids[index] ?? ""}: ${errorMessage(result.error)}`;
      continue;
    }
    // A connection that ended meanwhile had nothing to repair.
    page.counts[result.outcome === "not_active" ? "unchanged" : result.outcome]++;
    const change = keptChange(result);
    if (change) page.changes.push(change);
  }
  return page;
}

/** Starts a reconcile run, or resumes the unfinished one, and walks it (see above). */
export async function runReconcile(
  options: ReconcileRunOptions = {},
): Promise<ReconcileRunOutcome> {
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? RECONCILE_DEFAULTS.leaseMs;
  const lease = (): Lease => ({ holder: PROCESS_ID, now: now(), ms: leaseMs });
  const pageSize = options.pageSize ?? RECONCILE_DEFAULTS.pageSize;
  const check = {
    concurrency: options.concurrency ?? RECONCILE_DEFAULTS.concurrency,
    patience: options.patience ?? JOB_PATIENCE,
    report: options.report,
  };

  const claimed = await claimReconcileRun(options.trigger ?? "schedule", lease());
  if (claimed.kind === "held") return { status: "held", resumed: false, run: claimed.run };
  const resumed = claimed.kind === "resumed";
  const runId = claimed.run.id;
  let cursor = claimed.run.cursor;
  let changes = claimed.run.changes;
  let left = options.limit ?? Infinity;

  // The lease is renewed as the run goes, however slow a page (429s waited out).
  const ownership = { lost: false };
  const renewal = setInterval(() => {
    renewReconcileLease(runId, lease()).then(
      (stillHeld) => {
        if (!stillHeld) ownership.lost = true;
      },
      (error: unknown) => {
        log().warn({ runId, err: errorMessage(error) }, "reconcile run: lease not renewed");
      },
    );
  }, leaseMs / 3);
  renewal.unref();

  const ended = async (
    status: ReconcileRunOutcome["status"],
    end: Parameters<typeof releaseReconcileRun>[2],
    error?: AppError,
  ): Promise<ReconcileRunOutcome> => {
    const run = status === "lost" ? null : await releaseReconcileRun(runId, lease(), end);
    if (run === null) {
      const current = (await getReconcileRun(runId, now())) ?? claimed.run;
      return { status: "lost", resumed, run: current };
    }
    return { status, resumed, run, ...(error === undefined ? {} : { error }) };
  };

  try {
    for (;;) {
      if (left <= 0) {
        return await ended("stopped", {
          finished: false,
          lastError: `Stopped after ${String(options.limit)} connection(s) (limit)`,
        });
      }
      const ids = await listActiveConnectionIdsAfter(cursor, Math.min(pageSize, left));
      if (ids.length === 0) return await ended("finished", { finished: true });
      const page = await checkPage(ids, check, () => ownership.lost);
      left -= page.done.length;
      cursor = page.done.at(-1) ?? cursor;
      changes = [...changes, ...page.changes].slice(0, CHANGES_KEPT);
      const saved = await saveReconcileProgress(runId, lease(), {
        cursor,
        add: page.counts,
        changes,
        ...(page.lastFailure === undefined ? {} : { lastError: page.lastFailure }),
      });
      if (!saved || ownership.lost) return await ended("lost", { finished: true });
      if (page.stop !== undefined) {
        return await ended(
          "stopped",
          { finished: false, lastError: errorMessage(page.stop) },
          page.stop,
        );
      }
    }
  } finally {
    clearInterval(renewal);
  }
}

/**
 * The queue's scheduled job: a reconcile run (runReconcile), started or resumed. Returns when it
 * finished, or when another process walks the run; throws what stopped it (Stripe busy or
 * unreachable) so that the job is retried later, which resumes the run after its cursor.
 */
export async function runScheduledReconcile(
  options: Omit<ReconcileRunOptions, "trigger"> = {},
): Promise<void> {
  const outcome = await runReconcile({ ...options, trigger: "schedule" });
  const { run } = outcome;
  const counts = {
    runId: run.id,
    resumed: outcome.resumed,
    checked: run.checked,
    updated: run.updated,
    revoked: run.revoked,
    unchanged: run.unchanged,
    failed: run.failed,
  };
  if (outcome.status === "finished") log().info(counts, "reconcile run finished");
  else if (outcome.status === "held") log().info(counts, "reconcile run under way elsewhere");
  else if (outcome.status === "lost") log().warn(counts, "reconcile run taken over elsewhere");
  else {
    log().warn({ ...counts, cursor: run.cursor, reason: run.lastError }, "reconcile run stopped");
    if (outcome.error !== undefined) throw outcome.error;
  }
}
