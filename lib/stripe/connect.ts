import "server-only";
import { assertAdmin } from "@/lib/auth/roles";
import Stripe from "stripe";
import { takeAttempt } from "@/lib/auth/rate-limit";
import { recordAudit } from "@/lib/data/audit";
import {
  createBlock,
  getActiveBlock,
  liftBlock,
  type ConnectBlock,
} from "@/lib/data/connect-blocks";
import {
  clearDisconnectRequest,
  createConnection,
  endConnection,
  getActiveConnection,
  getActiveConnectionByAccount,
  getConnection,
  getLatestConnection,
  isUniqueViolation,
  recordDisconnectRequest,
  type StripeConnection,
} from "@/lib/data/connections";
import {
  getAttempt,
  markAttemptFailed,
  markExchangeTimedOut,
  recordGrantedAccount,
  recordStateResult,
} from "@/lib/data/oauth-states";
import type { PublicUser } from "@/lib/data/users";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError, errorMessage } from "@/lib/errors";
import { accountSnapshot, type AccountSnapshot } from "@/lib/stripe/account-snapshot";
import { stripeConfig } from "@/lib/stripe/client";
import type {
  ConnectOutcome,
  DisconnectOutcome,
  ForceDisconnectOutcome,
} from "@/lib/stripe/connect-outcomes";
import { retrieveAccount } from "@/lib/stripe/accounts";
import { isAccessRevoked, isOutcomeUnknown, isStripeUnavailable } from "@/lib/stripe/errors";
import { authorizeUrl, deauthorize, exchangeCode } from "@/lib/stripe/oauth";
import { consumeOAuthState, createOAuthState } from "@/lib/stripe/oauth-state";
import { noteStripeAccount } from "@/lib/http/request-context";
import { log } from "@/lib/log";

/** Error codes Stripe's authorize page may send back (anything else is recorded as "other"). */
const AUTHORIZE_ERRORS = new Set([
  "access_denied",
  "invalid_request",
  "invalid_scope",
  "invalid_redirect_uri",
  "unsupported_response_type",
]);

/**
 * Step 1: where to send the seller. Either Stripe's Connect page with a fresh state (made at
 * `now`), or back to Settings when they are already connected.
 */
export async function startConnect(
  user: PublicUser,
  now = new Date(),
): Promise<{ url: string } | { outcome: ConnectOutcome } | { retryAfterSeconds: number }> {
  if (user.role !== "SELLER") return { outcome: "not_a_seller" };
  if (!user.emailVerified) return { outcome: "unverified" };
  const limit = await takeAttempt([["connectAccount", user.id]]);
  if (!limit.ok) return { retryAfterSeconds: limit.retryAfterSeconds };
  if (await getActiveConnection(user.id)) return { outcome: "already_connected" };
  // A blocked seller gets no state: the attempt ends here.
  if (await getActiveBlock({ userId: user.id })) return { outcome: "blocked" };
  const state = await createOAuthState(user.id, stripeConfig().livemode, now);
  return { url: authorizeUrl(state, user) };
}

/**
 * Audits a failed attempt (either door) and, once its state was consumed, marks that attempt
 * failed.
 */
export async function failure(user: PublicUser, detail: string, stateId?: string) {
  if (stateId) await markAttemptFailed(stateId);
  await recordAudit({
    action: "CONNECT",
    outcome: "FAILURE",
    actorId: user.id,
    subjectUserId: user.id,
    detail,
  });
}

/** How a failed code exchange is explained to the seller. */
function exchangeFailure(error: unknown): ConnectOutcome {
  if (isStripeUnavailable(error)) return "stripe_unavailable";
  if (error instanceof Stripe.errors.StripeInvalidGrantError) {
    return /livemode|test keys|live keys/i.test(error.message) ? "mode_mismatch" : "expired";
  }
  if (error instanceof Stripe.errors.StripeInvalidClientError) return "config_error";
  if (error instanceof Stripe.errors.StripeError) return "stripe_refused";
  throw error;
}

/** How long a duplicate callback waits for the first one to finish before saying "completing". */
const DUPLICATE_WAIT_MS = 5000;

/**
 * A second callback with a state another request of the same seller is still using (two tabs, a
 * double click): not a failure. Waits a little for the first one, then tells what it achieved.
 */
async function awaitFirstCallback(userId: string, stateId: string): Promise<ConnectOutcome> {
  const deadline = Date.now() + DUPLICATE_WAIT_MS;
  for (;;) {
    const attempt = await getAttempt(stateId);
    if (attempt.connectionId) {
      const active = await getActiveConnection(userId);
      return active?.id === attempt.connectionId ? "connected" : "invalid_state";
    }
    if (attempt.exchangeTimedOutAt) return "unconfirmed";
    if (attempt.failedAt) return "invalid_state";
    if (Date.now() >= deadline) return "completing";
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Step 2: Stripe's redirect back. Consumes the state (refusing a missing, unknown, expired, reused
 * or other user's one without calling Stripe), exchanges the code once, and stores the connection.
 * An exchange without an answer is "unconfirmed", settled from Stripe's side
 * (lib/stripe/unconfirmed-connect.ts); a duplicate of a callback in progress waits for it.
 * `now` is when the callback arrived: it decides whether the state has expired.
 */
export async function completeConnect(
  user: PublicUser,
  params: URLSearchParams,
  now = new Date(),
): Promise<ConnectOutcome> {
  if (user.role !== "SELLER") return "not_a_seller";
  const config = stripeConfig();
  const state = params.get("state");
  const error = params.get("error");

  if (error !== null) {
    // The seller left Stripe's page (Stripe may drop the state then). Spend the state if any.
    const consumed = state ? await consumeOAuthState(state, user.id, config.livemode, now) : null;
    const code = AUTHORIZE_ERRORS.has(error) ? error : "other";
    await failure(
      user,
      `Stripe's authorize page returned error=${code}`,
      consumed?.ok ? consumed.stateId : undefined,
    );
    if (code === "access_denied") return "denied";
    return code === "invalid_redirect_uri" || code === "invalid_scope"
      ? "config_error"
      : "stripe_refused";
  }

  const consumed = await consumeOAuthState(state, user.id, config.livemode, now);
  if (!consumed.ok) {
    if (consumed.reason === "completed") {
      // A reload after success: show the connection if it is still there.
      const active = await getActiveConnection(user.id);
      return active?.id === consumed.connectionId ? "connected" : "invalid_state";
    }
    if (consumed.reason === "in_progress") return awaitFirstCallback(user.id, consumed.stateId);
    if (consumed.reason === "unconfirmed") return "unconfirmed";
    await failure(user, `Callback refused: ${consumed.reason} state`);
    return consumed.reason === "expired" ? "expired" : "invalid_state";
  }
  const stateId = consumed.stateId;

  const code = params.get("code");
  if (!code) {
    await failure(user, "Callback refused: no code", stateId);
    return "stripe_refused";
  }
  if (await getActiveConnection(user.id)) {
    await markAttemptFailed(stateId);
    return "already_connected";
  }
  // Blocked since the attempt started: refused before the code is spent, as the others above.
  if (await getActiveBlock({ userId: user.id })) {
    await failure(user, "Callback refused: connecting is blocked for this seller", stateId);
    return "blocked";
  }

  let granted;
  try {
    granted = await exchangeCode(code);
  } catch (caught) {
    if (isOutcomeUnknown(caught)) {
      // Stripe may have connected the account: never send the code again (that would revoke it).
      log().warn(
        { userId: user.id },
        "code exchange got no answer: to be settled from Stripe's side",
      );
      await markExchangeTimedOut(stateId);
      return "unconfirmed";
    }
    const outcome = exchangeFailure(caught);
    await failure(user, `Code exchange failed: ${outcome}`, stateId);
    return outcome;
  }
  noteStripeAccount(granted.stripeAccountId); // for the request's log line
  await recordGrantedAccount(stateId, granted.stripeAccountId);

  if (granted.livemode !== config.livemode) {
    await failure(
      user,
      `Code exchange returned a ${granted.livemode ? "live" : "test"} account`,
      stateId,
    );
    return "mode_mismatch";
  }
  const holder = await getActiveConnectionByAccount(granted.stripeAccountId);
  if (holder && holder.userId !== user.id) {
    await failure(
      user,
      `${granted.stripeAccountId} is already connected to another seller`,
      stateId,
    );
    return "already_connected_elsewhere";
  }
  const block = await getActiveBlock({ userId: user.id, stripeAccountId: granted.stripeAccountId });
  if (block) return refuseBlocked(user, granted.stripeAccountId, block, stateId);

  // The code is spent now: whatever happens next, the connection must be stored. A snapshot
  // that cannot be fetched is left empty and filled in later (dashboard, webhooks).
  let snapshot: AccountSnapshot | null = null;
  try {
    snapshot = accountSnapshot(await retrieveAccount(granted.stripeAccountId));
  } catch (caught) {
    log().warn(
      { acct: granted.stripeAccountId, reason: errorMessage(caught) },
      "account snapshot deferred",
    );
  }

  try {
    const connection = await createConnection({ seller: user, ...granted, snapshot });
    await recordStateResult(stateId, { connectionId: connection.id });
    return "connected";
  } catch (caught) {
    if (!isUniqueViolation(caught)) throw caught;
    // Lost a race: someone connected this account (or this user connected) in the meantime.
    const active = await getActiveConnection(user.id);
    if (active?.stripeAccountId === granted.stripeAccountId) {
      await recordStateResult(stateId, { connectionId: active.id });
      return "connected";
    }
    await failure(user, `${granted.stripeAccountId} was connected concurrently elsewhere`, stateId);
    return active ? "already_connected" : "already_connected_elsewhere";
  }
}

/**
 * The code exchange granted access to an account that must not be connected (a block on it, or
 * on this seller): nobody holds it (the holder check comes first), so the access Stripe just
 * granted is undone at Stripe, nothing is stored, and the failure is audited.
 */
async function refuseBlocked(
  user: PublicUser,
  stripeAccountId: string,
  block: ConnectBlock,
  stateId: string,
): Promise<ConnectOutcome> {
  const ofSeller = block.userId === user.id;
  let undone: string;
  try {
    await deauthorize(stripeAccountId);
    undone = "deauthorized at Stripe";
  } catch (caught) {
    if (!(caught instanceof Stripe.errors.StripeError)) throw caught;
    // Nothing is stored either way; the audit entry says the access may remain at Stripe.
    log().warn(
      { acct: stripeAccountId, stripeError: caught.type },
      "deauthorize of a blocked account failed",
    );
    undone = `deauthorize failed (${caught.type}): access may remain at Stripe`;
  }
  await failure(
    user,
    `${stripeAccountId} refused: ${ofSeller ? "connecting is blocked for this seller" : "the account is blocked"}, ${undone}`,
    stateId,
  );
  return ofSeller ? "blocked" : "account_blocked";
}

/** A disconnect that ended meanwhile by this actor's own request still counts as theirs. */
const OWN_DISCONNECT_RECENT_MS = 10 * 60_000;

/**
 * Deauthorizes `connection` at Stripe (an OAuth one; a created account is left open at Stripe),
 * then records it as ended by `actor` with `reason`. The
 * request is recorded on the connection first, so that Stripe's deauthorized event (which may come
 * before Stripe's answer, or instead of it) ends it the same way. Without an answer (a timeout)
 * the outcome is unknown: the account is checked at Stripe before answering. If Stripe refused or
 * could not be reached, nothing changes (the failure is audited), for a retry. With `block`, the
 * seller and the account are blocked from connecting again once Stripe took the request (with the
 * end itself when it is ours to record; also when Stripe's answer is unconfirmed, so that a
 * disconnect that does go through is blocked too).
 */
async function deauthorizeAndEnd(
  connection: StripeConnection,
  actor: PublicUser,
  action: "DISCONNECT" | "FORCE_DISCONNECT",
  reason: string,
  block?: { sellerMessage: string },
): Promise<ForceDisconnectOutcome> {
  const setBlock = (tx?: Prisma.TransactionClient) =>
    block
      ? createBlock(
          {
            userId: connection.userId,
            stripeAccountId: connection.stripeAccountId,
            connectionId: connection.id,
            reason,
            sellerMessage: block.sellerMessage,
            createdById: actor.id,
          },
          tx,
        )
      : null;
  const audit = (detail: string) =>
    recordAudit({
      action,
      outcome: "FAILURE",
      actorId: actor.id,
      subjectUserId: connection.userId,
      connectionId: connection.id,
      stripeAccountId: connection.stripeAccountId,
      detail,
    });
  // An account the marketplace created (source CREATED) has no OAuth grant to deauthorize, and is
  // the seller's own Stripe account (full Dashboard, their balance): it is not closed at Stripe.
  // Only the connection ends; the seller gets the same account back by creating again (README,
  // "Two doors").
  if (connection.source === "OAUTH") {
    await recordDisconnectRequest(connection.id, { actorId: actor.id, action, reason });
    try {
      await deauthorize(connection.stripeAccountId);
    } catch (caught) {
      if (!(caught instanceof Stripe.errors.StripeError)) throw caught;
      if (!isOutcomeUnknown(caught)) {
        await clearDisconnectRequest(connection.id);
        await audit(
          `Deauthorize failed: ${caught.type}${caught.statusCode ? ` ${caught.statusCode}` : ""}`,
        );
        return "stripe_unavailable";
      }
      if (!(await accessIsGone(connection.stripeAccountId))) {
        await audit("Deauthorize got no answer in time and Stripe still shows access: unconfirmed");
        await setBlock();
        return "unconfirmed";
      }
    }
  }
  const ended = await db().$transaction(async (tx) => {
    const done = await endConnection(
      { connectionId: connection.id, reason, actorId: actor.id, action },
      tx,
    );
    if (done) await setBlock(tx);
    return done;
  });
  if (ended) return "disconnected";
  // It ended meanwhile: by this request (Stripe's event came first), or by someone else.
  const now = await getConnection(connection.id);
  if (now?.disconnectedById !== actor.id) return "not_connected";
  await setBlock();
  return "disconnected";
}

/** Asks Stripe whether the platform's access to the account is gone (403 account_invalid). */
async function accessIsGone(stripeAccountId: string): Promise<boolean> {
  try {
    await retrieveAccount(stripeAccountId);
    return false;
  } catch (error) {
    return isAccessRevoked(error);
  }
}

/** Disconnects the user's own connection (see deauthorizeAndEnd). */
export async function disconnect(user: PublicUser): Promise<DisconnectOutcome> {
  const connection = await getActiveConnection(user.id);
  if (!connection) {
    // A retry of a disconnect that went through meanwhile (its answer was slow) is a success.
    const latest = await getLatestConnection(user.id);
    const own =
      latest?.status === "DISCONNECTED" &&
      latest.disconnectedById === user.id &&
      Date.now() - (latest.disconnectedAt?.getTime() ?? 0) < OWN_DISCONNECT_RECENT_MS;
    return own ? "disconnected" : "not_connected";
  }
  return deauthorizeAndEnd(connection, user, "DISCONNECT", "Disconnected by the seller");
}

/**
 * An admin ends a seller's connection (see deauthorizeAndEnd), audited as FORCE_DISCONNECT with
 * the admin as actor and their internal reason (admins only: the seller is told the marketplace
 * disconnected them). With `block`, neither the seller nor anyone with that Stripe account can
 * connect until an admin unblocks it (audited as BLOCK); the seller reads `block.sellerMessage`.
 */
export async function forceDisconnect(
  admin: PublicUser,
  connectionId: string,
  reason: string,
  block?: { sellerMessage: string },
): Promise<ForceDisconnectOutcome> {
  assertAdmin(admin);
  const connection = await getConnection(connectionId);
  if (!connection) throw new AppError("not_found", "There is no such connection.");
  if (connection.status !== "CONNECTED") return "not_connected";
  return deauthorizeAndEnd(connection, admin, "FORCE_DISCONNECT", reason, block);
}

/**
 * An admin lifts a block (audited as UNBLOCK): the seller, and the Stripe account, can connect
 * again (unless another block still holds one of them). Returns the connection the block was set
 * on, or null when the block was not active (lifted meanwhile, or no such block).
 */
export async function unblock(admin: PublicUser, blockId: string): Promise<string | null> {
  assertAdmin(admin);
  const lifted = await liftBlock(blockId, admin.id);
  return lifted?.connectionId ?? null;
}
