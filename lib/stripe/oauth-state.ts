import "server-only";
import {
  consumeAttempt,
  createAttempt,
  getAttemptByTokenHash,
  type StatePurpose,
} from "@/lib/data/oauth-states";
import { env } from "@/lib/env";
import { hashSecretToken as hashState, newSecretToken } from "@/lib/secret-token";

/**
 * The OAuth `state` rule: each Connect attempt gets its own state, single use, bound to the seller
 * and to the key's mode, and expiring. Time is a parameter (`now`) so that expiry is tested
 * without waiting; the queries are lib/data/oauth-states.ts's. The same rule binds an onboarding
 * link's return and refresh to the seller (purpose ONBOARD, lib/stripe/onboarding.ts); a state
 * made for one purpose is unknown to the other.
 */

/** What an onboarding state (the purpose ONBOARD) carries besides the CONNECT state's rule. */
export interface StateOptions {
  purpose?: StatePurpose;
  /** The account an onboarding link is for. */
  stripeAccountId?: string;
  /** How long it lives; OAUTH_STATE_TTL_SECONDS by default. */
  ttlSeconds?: number;
}

/**
 * A new state for one Connect attempt by `userId` at `now`: 256 random bits (only their SHA-256
 * is stored), expiring OAUTH_STATE_TTL_SECONDS later, bound to the user and to `livemode`.
 */
export async function createOAuthState(
  userId: string,
  livemode: boolean,
  now = new Date(),
  options: StateOptions = {},
): Promise<string> {
  const state = newSecretToken();
  const ttlSeconds = options.ttlSeconds ?? env().OAUTH_STATE_TTL_SECONDS;
  await createAttempt(
    {
      tokenHash: hashState(state),
      userId,
      livemode,
      purpose: options.purpose ?? "CONNECT",
      stripeAccountId: options.stripeAccountId,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    },
    now,
  );
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
 * Consumes `state` for `userId` at `now`, so of two concurrent callbacks with the same state
 * exactly one succeeds. A refusal says why, without revealing other users' states.
 */
export async function consumeOAuthState(
  state: string | null,
  userId: string,
  livemode: boolean,
  now = new Date(),
  purpose: StatePurpose = "CONNECT",
): Promise<ConsumedState> {
  if (!state) return { ok: false, reason: "missing" };
  const tokenHash = hashState(state);
  const stateId = await consumeAttempt({ tokenHash, userId, livemode, purpose, now });
  if (stateId) return { ok: true, stateId };

  // Refused: read the state once more only to say why.
  const row = await getAttemptByTokenHash(tokenHash);
  // Another user's state, or one made for the other mode or purpose, is as good as unknown.
  if (!row || row.userId !== userId || row.livemode !== livemode || row.purpose !== purpose) {
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
