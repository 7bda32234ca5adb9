import type Stripe from "stripe";
import { endConnectionWithoutAccess, getActiveConnectionByAccount } from "@/lib/data/connections";
import type { Applied, HandlerInput } from "@/lib/stripe/webhooks/types";
import { eventTime } from "@/lib/stripe/webhooks/verify";

/**
 * account.application.deauthorized: the seller revoked access (from their Stripe Dashboard, or we
 * disconnected). The seller is `event.account`; `data.object` is our own application (ca_…).
 * Marks their active connection REVOKED, audited; or, when we had just asked Stripe to disconnect it,
 * DISCONNECTED as that request (endConnectionWithoutAccess). Unless that
 * connection was made after the event:
 * a re-connect after a revocation is a new connection, which a late or redelivered event must
 * not end.
 */
export async function accountApplicationDeauthorized({
  event,
  account,
  tx,
}: HandlerInput<Stripe.AccountApplicationDeauthorizedEvent>): Promise<Applied | undefined> {
  const connection = await getActiveConnectionByAccount(account, tx);
  if (!connection) return undefined;
  // `created` is in whole seconds: a connection made within the event's second predates it.
  const revokedAt = eventTime(event);
  if (connection.connectedAt.getTime() >= revokedAt.getTime() + 1000) return undefined;
  await endConnectionWithoutAccess(
    connection,
    {
      reason: "deauthorized",
      at: revokedAt < connection.connectedAt ? connection.connectedAt : revokedAt,
    },
    tx,
  );
  return undefined;
}
