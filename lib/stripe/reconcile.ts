import "server-only";
import { isDeepStrictEqual } from "node:util";
import { assertAdmin } from "@/lib/auth/roles";
import { takeAttempt } from "@/lib/auth/rate-limit";
import { recordAudit } from "@/lib/data/audit";
import {
  endConnectionWithoutAccess,
  getActiveConnection,
  getConnection,
  updateSnapshot,
  type StripeConnection,
} from "@/lib/data/connections";
import type { PublicUser } from "@/lib/data/users";
import { AppError } from "@/lib/errors";
import { sendJob } from "@/lib/jobs/boss";
import {
  accountSnapshot,
  snapshotTimeOfFetch,
  type AccountSnapshot,
} from "@/lib/stripe/account-snapshot";
import { retrieveAccount } from "@/lib/stripe/accounts";
import { isAccessRevoked, isStripeUnavailable } from "@/lib/stripe/errors";
import {
  INTERACTIVE_PATIENCE,
  JOB_PATIENCE,
  pacedStripeCall,
  StripeBusyError,
  type Patience,
} from "@/lib/stripe/pacing";

export interface FieldChange {
  field: keyof AccountSnapshot;
  from: unknown;
  to: unknown;
}

export interface ReconcileResult {
  connectionId: string;
  stripeAccountId: string;
  /**
   * `updated`: the snapshot differed and was repaired; `revoked`: Stripe no longer gives access;
   * `unchanged`: nothing to repair; `not_active`: the connection had already ended.
   */
  outcome: "updated" | "revoked" | "unchanged" | "not_active";
  changes: FieldChange[];
}

function differences(connection: StripeConnection, snapshot: AccountSnapshot): FieldChange[] {
  return (
    (Object.keys(snapshot) as (keyof AccountSnapshot)[])
      // Dates by time, the account state by value (PostgreSQL's jsonb keeps its own key order).
      .filter((field) => !isDeepStrictEqual(connection[field], snapshot[field]))
      .map((field) => ({ field, from: connection[field], to: snapshot[field] }))
  );
}

/**
 * Compares one active connection with Stripe (the account, fetched with the Stripe-Account
 * header) and repairs drift left by missed events: Stripe's 403 account_invalid means access is
 * gone, so the connection ends (endConnectionWithoutAccess: the same reason and actor whoever ran
 * the check); otherwise the stored account snapshot is refreshed. The call to Stripe is paced and
 * retried after a rate limit within `patience` (lib/stripe/pacing.ts). Throws AppError
 * "stripe_unavailable" when Stripe cannot be reached, StripeBusyError ("stripe_busy") when it
 * still refuses for its rate limit, "not_found" for an unknown connection.
 */
export async function reconcileConnection(
  connectionId: string,
  patience: Patience = JOB_PATIENCE,
): Promise<ReconcileResult> {
  const connection = await getConnection(connectionId);
  if (!connection) throw new AppError("not_found", `No connection ${connectionId}.`);
  const result = {
    connectionId,
    stripeAccountId: connection.stripeAccountId,
    changes: [],
  };
  if (connection.status !== "CONNECTED") return { ...result, outcome: "not_active" };

  const asOf = snapshotTimeOfFetch();
  let snapshot: AccountSnapshot;
  try {
    const account = await pacedStripeCall(
      () => retrieveAccount(connection.stripeAccountId),
      patience,
    );
    snapshot = accountSnapshot(account);
  } catch (error) {
    if (isAccessRevoked(error)) {
      const ended = await endConnectionWithoutAccess(connection, { reason: "access_invalid" });
      return { ...result, outcome: ended ? "revoked" : "not_active" };
    }
    if (isStripeUnavailable(error)) {
      throw new AppError("stripe_unavailable", "Stripe could not be reached. Try again shortly.");
    }
    throw error;
  }
  const changes = differences(connection, snapshot);
  // Not stored when an event newer than the fetch was applied meanwhile: that one is current.
  const stored = await updateSnapshot(connectionId, snapshot, asOf);
  return stored && changes.length > 0
    ? { ...result, outcome: "updated", changes }
    : { ...result, outcome: "unchanged" };
}

/**
 * Queues reconcileConnection of one connection as a job (queue `refresh-connection`, keyed by the
 * connection: asked for again while one waits, it is the same job).
 */
export async function queueConnectionRefresh(connectionId: string): Promise<void> {
  await sendJob("refresh-connection", { connectionId }, { singletonKey: connectionId });
}

/**
 * A page showed the seller that Stripe no longer gives access (a 403 while rendering, which a
 * page does not record): checks their active connection again, here, and records what Stripe
 * says (reconcileConnection). "not_connected" when they have no active connection.
 */
export async function reconcileConnectionOf(
  user: PublicUser,
): Promise<ReconcileResult["outcome"] | "not_connected" | "rate_limited"> {
  if (!(await takeAttempt([["stripeCheck", user.id]])).ok) return "rate_limited";
  const connection = await getActiveConnection(user.id);
  if (!connection) return "not_connected";
  return (await reconcileConnection(connection.id, INTERACTIVE_PATIENCE)).outcome;
}

/**
 * `npm run stripe:reconcile`: reconcileConnection for each of `ids`, `concurrency` at a time (all
 * paced together, so the job stays below Stripe's rate limit however many run at once); `report`
 * hears of each result, or of the error that kept a connection from being checked.
 */
export async function reconcileConnections(
  ids: string[],
  report: (id: string, result: ReconcileResult | { error: unknown }) => void,
  concurrency = 4,
): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
      try {
        report(id, await reconcileConnection(id));
      } catch (error) {
        report(id, { error });
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * An admin's "Refresh from Stripe" (also sent by the account page when it saw Stripe refuse
 * access): reconcileConnection, audited as REFRESH with the admin as actor, saying what changed
 * or that Stripe could not be reached. "rate_limited", changing nothing, after too many checks.
 * Throws StripeBusyError (audited as a failure) when Stripe's rate limit still refuses after a
 * short wait: the admin is told how long to wait.
 */
export async function refreshFromStripe(
  admin: PublicUser,
  connectionId: string,
): Promise<ReconcileResult["outcome"] | "stripe_unavailable" | "rate_limited"> {
  assertAdmin(admin);
  if (!(await takeAttempt([["stripeCheck", admin.id]])).ok) return "rate_limited";
  const entry = { action: "REFRESH", actorId: admin.id, connectionId } as const;
  let result: ReconcileResult;
  try {
    result = await reconcileConnection(connectionId, INTERACTIVE_PATIENCE);
  } catch (error) {
    if (error instanceof StripeBusyError) {
      await recordAudit({ ...entry, outcome: "FAILURE", detail: "Stripe was busy (rate limit)" });
      throw error;
    }
    if (!(error instanceof AppError) || error.code !== "stripe_unavailable") throw error;
    await recordAudit({ ...entry, outcome: "FAILURE", detail: "Stripe could not be reached" });
    return "stripe_unavailable";
  }
  await recordAudit({
    ...entry,
    outcome: "SUCCESS",
    stripeAccountId: result.stripeAccountId,
    detail: result.changes.length
      ? `Refreshed from Stripe: ${result.changes.map((c) => c.field).join(", ")} changed`
      : `Refreshed from Stripe: ${result.outcome}`,
  });
  return result.outcome;
}
