import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
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
    db().oAuthState.deleteMany({ where: { userId, expiresAt: { lt: now }, connectionId: null } }),
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
  | { ok: false; reason: "completed"; connectionId: string };

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
  if (row.consumedAt) {
    return row.connectionId
      ? { ok: false, reason: "completed", connectionId: row.connectionId }
      : { ok: false, reason: "reused" };
  }
  return { ok: false, reason: "expired" };
}

/** Links a consumed state to the connection it produced (see "completed" above). */
export async function recordStateResult(stateId: string, connectionId: string): Promise<void> {
  await db().oAuthState.update({ where: { id: stateId }, data: { connectionId } });
}
