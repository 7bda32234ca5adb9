import "server-only";
import {
  endConnectionWithoutAccess,
  getConnection,
  updateSnapshot,
  type StripeConnection,
} from "@/lib/data/connections";
import { AppError } from "@/lib/errors";
import {
  accountSnapshot,
  snapshotTimeOfFetch,
  type AccountSnapshot,
} from "@/lib/stripe/account-snapshot";
import { retrieveAccount } from "@/lib/stripe/accounts";
import { isAccessRevoked, isStripeUnavailable } from "@/lib/stripe/errors";
import { REVOKED_BY_STRIPE } from "@/lib/stripe/seller-data";

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
  return (Object.keys(snapshot) as (keyof AccountSnapshot)[])
    .filter((field) => connection[field] !== snapshot[field])
    .map((field) => ({ field, from: connection[field], to: snapshot[field] }));
}

/**
 * Compares one active connection with Stripe (the account, fetched with the Stripe-Account
 * header) and repairs drift left by missed events: Stripe's 403 account_invalid means access was
 * revoked, so the connection is marked REVOKED (audited, `actorId` as who ran the check, null for
 * the script); otherwise the stored account snapshot is refreshed. Throws AppError
 * "stripe_unavailable" when Stripe cannot be reached, "not_found" for an unknown connection.
 */
export async function reconcileConnection(
  connectionId: string,
  actorId: string | null,
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
    snapshot = accountSnapshot(await retrieveAccount(connection.stripeAccountId));
  } catch (error) {
    if (isAccessRevoked(error)) {
      const ended = await endConnectionWithoutAccess(connection, {
        reason: REVOKED_BY_STRIPE,
        actorId,
      });
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
