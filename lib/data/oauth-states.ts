import "server-only";
import { db } from "@/lib/db";
import type { Prisma, StatePurpose } from "@/lib/generated/prisma/client";

export type { StatePurpose };

/**
 * The queries on OAuthState: one row per Connect attempt. The rule they serve (single use, bound
 * to the seller and the key's mode, expiring) is lib/stripe/oauth-state.ts's.
 */

/**
 * An attempt of no further use: expired, and neither produced a connection (a reload of the
 * callback shows it) nor is still being settled with Stripe (lib/stripe/unconfirmed-connect.ts).
 */
function unused(now: Date): Prisma.OAuthStateWhereInput {
  return { expiresAt: { lt: now }, connectionId: null, exchangeTimedOutAt: null };
}

/**
 * Stores a new attempt, and deletes this user's expired ones (of no further use) in the same
 * transaction, except one still being settled with Stripe (lib/stripe/unconfirmed-connect.ts).
 */
export async function createAttempt(
  attempt: {
    tokenHash: string;
    userId: string;
    livemode: boolean;
    expiresAt: Date;
    purpose?: StatePurpose;
    /** The account an onboarding state is for (the purpose ONBOARD). */
    stripeAccountId?: string;
  },
  now: Date,
): Promise<void> {
  await db().$transaction([
    db().oAuthState.deleteMany({ where: { userId: attempt.userId, ...unused(now) } }),
    db().oAuthState.create({ data: attempt }),
  ]);
}

/**
 * Marks the attempt with `tokenHash` consumed at `now`, in one conditional UPDATE, if it belongs
 * to `userId` in `livemode`, is for `purpose`, is not consumed and has not expired: its id, else
 * null. Of two concurrent calls with the same hash, exactly one gets the id.
 */
export async function consumeAttempt(where: {
  tokenHash: string;
  userId: string;
  livemode: boolean;
  purpose: StatePurpose;
  now: Date;
}): Promise<string | null> {
  const [consumed] = await db().oAuthState.updateManyAndReturn({
    where: {
      tokenHash: where.tokenHash,
      userId: where.userId,
      livemode: where.livemode,
      purpose: where.purpose,
      consumedAt: null,
      expiresAt: { gt: where.now },
    },
    data: { consumedAt: where.now },
    select: { id: true },
  });
  return consumed?.id ?? null;
}

/** The attempt whose state hashes to `tokenHash`, if any. */
export function getAttemptByTokenHash(tokenHash: string) {
  return db().oAuthState.findUnique({ where: { tokenHash } });
}

/** One attempt (a consumed state) by id. */
export function getAttempt(stateId: string, tx: Prisma.TransactionClient = db()) {
  return tx.oAuthState.findUniqueOrThrow({ where: { id: stateId } });
}

/**
 * Links a consumed state to the connection it produced (a reload of the callback then shows the
 * connection), and to the account when Stripe named it only afterwards (an unconfirmed attempt).
 */
export async function recordStateResult(
  stateId: string,
  result: { connectionId: string; stripeAccountId?: string },
  tx: Prisma.TransactionClient = db(),
): Promise<void> {
  await tx.oAuthState.update({ where: { id: stateId }, data: result });
}

/** Records the account Stripe's answer to this attempt's code exchange named. */
export async function recordGrantedAccount(
  stateId: string,
  stripeAccountId: string,
): Promise<void> {
  await db().oAuthState.update({ where: { id: stateId }, data: { stripeAccountId } });
}

/** The attempt ended without a connection: a duplicate callback is then told it was used. */
export async function markAttemptFailed(stateId: string, now = new Date()): Promise<boolean> {
  const { count } = await db().oAuthState.updateMany({
    where: { id: stateId, connectionId: null, failedAt: null },
    data: { failedAt: now },
  });
  return count === 1;
}

/** The code exchange got no answer in time: Stripe may have connected the account, or not. */
export async function markExchangeTimedOut(stateId: string, now = new Date()): Promise<void> {
  await db().oAuthState.update({ where: { id: stateId }, data: { exchangeTimedOutAt: now } });
}

/** The user's newest attempt whose exchange timed out and that is not settled yet, if any. */
export function getUnconfirmedAttempt(userId: string) {
  return db().oAuthState.findFirst({
    where: {
      userId,
      purpose: "CONNECT",
      exchangeTimedOutAt: { not: null },
      connectionId: null,
      failedAt: null,
    },
    orderBy: { consumedAt: "desc" },
  });
}

/**
 * Connect attempts in `livemode` whose code exchange was sent between `from` and `to`
 * (consumedAt); onboarding states exchange no code.
 */
export function listAttemptsSentBetween(
  livemode: boolean,
  from: Date,
  to: Date,
  tx: Prisma.TransactionClient = db(),
) {
  return tx.oAuthState.findMany({
    where: { livemode, purpose: "CONNECT", consumedAt: { gte: from, lte: to } },
    include: { user: { select: { id: true, name: true, email: true } } },
  });
}

/** Deletes up to `batch` attempts of no further use, anyone's (pruning); returns how many. */
export async function deleteUnusedAttempts(now: Date, batch: number): Promise<number> {
  const rows = await db().oAuthState.findMany({
    where: unused(now),
    select: { id: true },
    take: batch,
  });
  if (rows.length === 0) return 0;
  const { count } = await db().oAuthState.deleteMany({
    where: { id: { in: rows.map((r) => r.id) }, ...unused(now) },
  });
  return count;
}
