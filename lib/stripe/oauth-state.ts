import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashSecretToken as hashState, newSecretToken } from "@/lib/secret-token";

/**
 * A new state for one Connect attempt by `userId`: 256 random bits, single use, expiring after
 * OAUTH_STATE_TTL_SECONDS, bound to the user and to the key's mode (test or live).
 */
export async function createOAuthState(userId: string, livemode: boolean): Promise<string> {
  const state = newSecretToken();
  const now = new Date();
  await db().$transaction([
    // Housekeeping: this user's expired attempts are of no further use.
    db().oAuthState.deleteMany({
      // Not one still being settled with Stripe (lib/stripe/unconfirmed-connect.ts).
      where: { userId, expiresAt: { lt: now }, connectionId: null, exchangeTimedOutAt: null },
    }),
    db().oAuthState.create({
      data: {
        tokenHash: hashState(state),
        userId,
        livemode,
        expiresAt: new Date(now.getTime() + env().OAUTH_STATE_TTL_SECONDS * 1000),
      },
    }),
  ]);
  return state;
}

export type ConsumedState =
  | { ok: true; stateId: string }
  | { ok: false; reason: "missing" | "unknown" | "expired" | "reused" }
  // Consumed before by this user's successful connection: a reload of the callback.
  | { ok: false; reason: "completed"; connectionId: string }
  // Consumed by this user's callback that is still exchanging the code (a second tab, a double
  // click), or whose exchange timed out and is being settled from Stripe's side.
  | { ok: false; reason: "in_progress" | "unconfirmed"; stateId: string };

/** An attempt still exchanging its code after this long has died with its process. */
const IN_PROGRESS_LIMIT_MS = 2 * 60_000;

/**
 * Consumes `state` for `userId` in one conditional UPDATE, so of two concurrent callbacks with the
 * same state exactly one succeeds. A refusal says why, without revealing other users' states.
 */
export async function consumeOAuthState(
  state: string | null,
  userId: string,
  livemode: boolean,
): Promise<ConsumedState> {
  if (!state) return { ok: false, reason: "missing" };
  const tokenHash = hashState(state);
  const now = new Date();
  const [consumed] = await db().oAuthState.updateManyAndReturn({
    where: { tokenHash, userId, livemode, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
    select: { id: true },
  });
  if (consumed) return { ok: true, stateId: consumed.id };
  // Refused: read the state once more only to say why.
  const row = await db().oAuthState.findUnique({ where: { tokenHash } });
  // Another user's state, or one made for the other mode, is as good as unknown.
  if (!row || row.userId !== userId || row.livemode !== livemode) {
    return { ok: false, reason: "unknown" };
  }
  if (!row.consumedAt) return { ok: false, reason: "expired" };
  if (row.connectionId) return { ok: false, reason: "completed", connectionId: row.connectionId };
  if (row.failedAt) return { ok: false, reason: "reused" };
  if (row.exchangeTimedOutAt) return { ok: false, reason: "unconfirmed", stateId: row.id };
  return now.getTime() - row.consumedAt.getTime() < IN_PROGRESS_LIMIT_MS
    ? { ok: false, reason: "in_progress", stateId: row.id }
    : { ok: false, reason: "reused" };
}

export type OAuthAttempt = Awaited<ReturnType<typeof getAttempt>>;

/** One attempt (a consumed state) by id. */
export function getAttempt(stateId: string, tx: Prisma.TransactionClient = db()) {
  return tx.oAuthState.findUniqueOrThrow({ where: { id: stateId } });
}

/** Links a consumed state to the connection it produced (see "completed" above). */
export async function recordStateResult(
  stateId: string,
  connectionId: string,
  tx: Prisma.TransactionClient = db(),
): Promise<void> {
  await tx.oAuthState.update({ where: { id: stateId }, data: { connectionId } });
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
    where: { userId, exchangeTimedOutAt: { not: null }, connectionId: null, failedAt: null },
    orderBy: { consumedAt: "desc" },
  });
}

/** Attempts in `livemode` whose code exchange was sent between `from` and `to` (consumedAt). */
export function listAttemptsSentBetween(
  livemode: boolean,
  from: Date,
  to: Date,
  tx: Prisma.TransactionClient = db(),
) {
  return tx.oAuthState.findMany({
    where: { livemode, consumedAt: { gte: from, lte: to } },
    include: { user: { select: { id: true, name: true, email: true } } },
  });
}
