import "server-only";
import { recordAudit } from "@/lib/data/audit";
import { getActiveBlock } from "@/lib/data/connect-blocks";
import {
  createConnection,
  getActiveConnection,
  getActiveConnectionByAccount,
  type StripeConnection,
} from "@/lib/data/connections";
import { listAuthorizedAccountsBetween } from "@/lib/data/webhook-events";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  getAttempt,
  getUnconfirmedAttempt,
  listAttemptsSentBetween,
  markAttemptFailed,
  recordStateResult,
} from "@/lib/data/oauth-states";
import { retrieveAccount } from "@/lib/stripe/accounts";
import { isAccessRevoked } from "@/lib/stripe/errors";
import { deauthorize } from "@/lib/stripe/oauth";
import Stripe from "stripe";
import { log } from "@/lib/log";

/**
 * A code exchange whose answer never came (a timeout) is settled from Stripe's side, never by
 * sending the code again (which would make Stripe revoke the connection):
 *
 * - Stripe's `account.application.authorized` event names the account, not our seller. It is bound
 *   to an unconfirmed attempt only when that attempt is the one exchange, in that mode, that was
 *   sent in the time before the event and whose answer we do not know. Attempts answered for
 *   another account, or failed with an answer, cannot have produced it; an exchange still in
 *   flight, or a second unconfirmed one, makes it ambiguous and nothing is bound (a wrong binding
 *   would hand one seller's Stripe account to another).
 * - The seller's Settings page runs a targeted check (an action, not the page): the same rule over
 *   the authorized events already stored (the event may have come before the timeout was
 *   recorded), after asking Stripe whether the platform still has access to that account. Once
 *   SETTLE_AFTER has passed with nothing found, the attempt is a clean failure.
 */

/** How long after an exchange was sent Stripe may still carry it out (beyond our timeout). */
function processingWindowMs(): number {
  return env().STRIPE_OAUTH_TIMEOUT_MS + 2 * 60_000;
}

/** After this long without a confirmation, the Settings check calls the attempt failed. */
function settleAfterMs(): number {
  return processingWindowMs() + 5 * 60_000;
}

/**
 * Binds Stripe's authorization of `account` (an event created at `created`) to the one
 * unconfirmed attempt it can come from, creating the connection inside `tx`. Returns it, or null
 * when there is nothing to bind (already connected, no such attempt, ambiguous, or the seller or
 * the account is blocked: such an attempt is then settled as failed by the Settings check).
 */
export async function bindAuthorizedAccount(
  tx: Prisma.TransactionClient,
  event: { account: string; livemode: boolean; created: Date },
): Promise<StripeConnection | null> {
  if (await getActiveConnectionByAccount(event.account, tx)) return null;
  // `created` is in whole seconds.
  const attempts = await listAttemptsSentBetween(
    event.livemode,
    new Date(event.created.getTime() - processingWindowMs()),
    new Date(event.created.getTime() + 1000),
    tx,
  );
  // An exchange answered for this account: the callback's own business.
  if (attempts.some((a) => a.stripeAccountId === event.account)) return null;
  const open = attempts.filter((a) => a.stripeAccountId === null && a.failedAt === null);
  const [attempt] = open;
  if (open.length !== 1 || !attempt?.exchangeTimedOutAt || attempt.connectionId) return null;
  if (await getActiveConnection(attempt.userId, tx)) return null;
  if (await getActiveBlock({ userId: attempt.userId, stripeAccountId: event.account }, tx)) {
    return null;
  }
  const connection = await createConnection(
    {
      seller: attempt.user,
      stripeAccountId: event.account,
      scope: "read_write",
      livemode: event.livemode,
      snapshot: null,
      confirmedBy: "confirmed by Stripe after the code exchange timed out",
    },
    tx,
  );
  await recordStateResult(
    attempt.id,
    { connectionId: connection.id, stripeAccountId: event.account },
    tx,
  );
  return connection;
}

/**
 * Stripe authorized a blocked account that nobody holds (a timed-out exchange that Stripe did
 * carry out): the access is taken back at Stripe, as the callback does. A failure is logged and
 * left for the next check.
 */
async function undoBlockedAuthorization(stripeAccountId: string): Promise<void> {
  try {
    await deauthorize(stripeAccountId);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    log().warn(
      { acct: stripeAccountId, stripeError: error.type },
      "deauthorize of a blocked account failed",
    );
  }
}

/**
 * The targeted check for the seller's unconfirmed attempt (Settings runs it through an action):
 * "connected", "unconfirmed" (still unknown: checked again later, or settled by the webhook),
 * or "unconfirmed_failed" once it is clear nothing was connected.
 */
export async function confirmConnect(
  userId: string,
  now = new Date(),
): Promise<"connected" | "unconfirmed" | "unconfirmed_failed" | null> {
  const attempt = await getUnconfirmedAttempt(userId);
  if (!attempt?.consumedAt) return (await getActiveConnection(userId)) ? "connected" : null;
  const sentAt = attempt.consumedAt;
  const candidates = await listAuthorizedAccountsBetween(
    attempt.livemode,
    new Date(sentAt.getTime() - 1000),
    new Date(sentAt.getTime() + processingWindowMs()),
  );
  for (const candidate of candidates) {
    if (await getActiveConnectionByAccount(candidate.account)) continue;
    try {
      await retrieveAccount(candidate.account);
    } catch (error) {
      if (isAccessRevoked(error)) continue; // authorized, then revoked: nothing to bind
      return "unconfirmed"; // Stripe cannot tell us now
    }
    if (await getActiveBlock({ stripeAccountId: candidate.account })) {
      await undoBlockedAuthorization(candidate.account);
      continue;
    }
    await db().$transaction((tx) =>
      bindAuthorizedAccount(tx, { ...candidate, livemode: attempt.livemode }),
    );
  }
  const settled = await getAttempt(attempt.id);
  if (settled.connectionId) return "connected";
  if (now.getTime() - sentAt.getTime() < settleAfterMs()) return "unconfirmed";
  if (await markAttemptFailed(attempt.id, now)) {
    await recordAudit({
      action: "CONNECT",
      outcome: "FAILURE",
      actorId: userId,
      subjectUserId: userId,
      detail: "Code exchange timed out and Stripe never confirmed a connection",
    });
  }
  return "unconfirmed_failed";
}
