import "server-only";
import Stripe from "stripe";
import { takeAttempt } from "@/lib/auth/rate-limit";
import { recordAudit } from "@/lib/data/audit";
import {
  createConnection,
  endConnection,
  getActiveConnection,
  getActiveConnectionByAccount,
  getConnection,
  isUniqueViolation,
  type StripeConnection,
} from "@/lib/data/connections";
import type { PublicUser } from "@/lib/data/users";
import { AppError } from "@/lib/errors";
import { accountSnapshot, type AccountSnapshot } from "@/lib/stripe/account-snapshot";
import { stripeConfig } from "@/lib/stripe/client";
import type { ConnectOutcome, DisconnectOutcome } from "@/lib/stripe/connect-outcomes";
import {
  authorizeUrl,
  deauthorize,
  exchangeCode,
  isStripeUnavailable,
  retrieveAccount,
} from "@/lib/stripe/oauth";
import { consumeOAuthState, createOAuthState, recordStateResult } from "@/lib/stripe/oauth-state";

/** Error codes Stripe's authorize page may send back (anything else is recorded as "other"). */
const AUTHORIZE_ERRORS = new Set([
  "access_denied",
  "invalid_request",
  "invalid_scope",
  "invalid_redirect_uri",
  "unsupported_response_type",
]);

/**
 * Step 1: where to send the seller. Either Stripe's Connect page with a fresh state, or back to
 * Settings when they are already connected.
 */
export async function startConnect(
  user: PublicUser,
): Promise<{ url: string } | { outcome: ConnectOutcome } | { retryAfterSeconds: number }> {
  if (user.role !== "SELLER") return { outcome: "not_a_seller" };
  if (!user.emailVerified) return { outcome: "unverified" };
  const limit = await takeAttempt([["connectAccount", user.id]]);
  if (!limit.ok) return { retryAfterSeconds: limit.retryAfterSeconds };
  if (await getActiveConnection(user.id)) return { outcome: "already_connected" };
  const state = await createOAuthState(user.id, stripeConfig().livemode);
  return { url: authorizeUrl(state, user) };
}

function failure(user: PublicUser, detail: string) {
  return recordAudit({
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

/**
 * Step 2: Stripe's redirect back. Consumes the state (refusing a missing, unknown, expired, reused
 * or other user's one without calling Stripe), exchanges the code, and stores the connection.
 */
export async function completeConnect(
  user: PublicUser,
  params: URLSearchParams,
): Promise<ConnectOutcome> {
  if (user.role !== "SELLER") return "not_a_seller";
  const config = stripeConfig();
  const state = params.get("state");
  const error = params.get("error");

  if (error !== null) {
    // The seller left Stripe's page (Stripe may drop the state then). Spend the state if any.
    if (state) await consumeOAuthState(state, user.id, config.livemode);
    const code = AUTHORIZE_ERRORS.has(error) ? error : "other";
    await failure(user, `Stripe's authorize page returned error=${code}`);
    if (code === "access_denied") return "denied";
    return code === "invalid_redirect_uri" || code === "invalid_scope"
      ? "config_error"
      : "stripe_refused";
  }

  const consumed = await consumeOAuthState(state, user.id, config.livemode);
  if (!consumed.ok) {
    if (consumed.reason === "completed") {
      // A reload after success: show the connection if it is still there.
      const active = await getActiveConnection(user.id);
      return active?.id === consumed.connectionId ? "connected" : "invalid_state";
    }
    await failure(user, `Callback refused: ${consumed.reason} state`);
    return consumed.reason === "expired" ? "expired" : "invalid_state";
  }

  const code = params.get("code");
  if (!code) {
    await failure(user, "Callback refused: no code");
    return "stripe_refused";
  }
  if (await getActiveConnection(user.id)) return "already_connected";

  let granted;
  try {
    granted = await exchangeCode(code);
  } catch (caught) {
    const outcome = exchangeFailure(caught);
    await failure(user, `Code exchange failed: ${outcome}`);
    return outcome;
  }

  if (granted.livemode !== config.livemode) {
    await failure(user, `Code exchange returned a ${granted.livemode ? "live" : "test"} account`);
    return "mode_mismatch";
  }
  const holder = await getActiveConnectionByAccount(granted.stripeAccountId);
  if (holder && holder.userId !== user.id) {
    await failure(user, `${granted.stripeAccountId} is already connected to another seller`);
    return "already_connected_elsewhere";
  }

  // The code is spent now: whatever happens next, the connection must be stored. A snapshot
  // that cannot be fetched is left empty and filled in later (dashboard, webhooks).
  let snapshot: AccountSnapshot | null = null;
  try {
    snapshot = accountSnapshot(await retrieveAccount(granted.stripeAccountId));
  } catch (caught) {
    console.warn(`Account snapshot of ${granted.stripeAccountId} deferred:`, caught);
  }

  try {
    const connection = await createConnection({ seller: user, ...granted, snapshot });
    await recordStateResult(consumed.stateId, connection.id);
    return "connected";
  } catch (caught) {
    if (!isUniqueViolation(caught)) throw caught;
    // Lost a race: someone connected this account (or this user connected) in the meantime.
    const active = await getActiveConnection(user.id);
    if (active?.stripeAccountId === granted.stripeAccountId) return "connected";
    await failure(user, `${granted.stripeAccountId} was connected concurrently elsewhere`);
    return active ? "already_connected" : "already_connected_elsewhere";
  }
}

/**
 * Deauthorizes `connection` at Stripe first, then records it as ended by `actor` with `reason`.
 * If Stripe cannot be reached nothing changes here (the failure is audited), for a retry.
 */
async function deauthorizeAndEnd(
  connection: StripeConnection,
  actor: PublicUser,
  action: "DISCONNECT" | "FORCE_DISCONNECT",
  reason: string,
): Promise<"disconnected" | "not_connected" | "stripe_unavailable"> {
  try {
    await deauthorize(connection.stripeAccountId);
  } catch (caught) {
    if (!(caught instanceof Stripe.errors.StripeError)) throw caught;
    await recordAudit({
      action,
      outcome: "FAILURE",
      actorId: actor.id,
      subjectUserId: connection.userId,
      connectionId: connection.id,
      stripeAccountId: connection.stripeAccountId,
      detail: `Deauthorize failed: ${caught.type}${caught.statusCode ? ` ${caught.statusCode}` : ""}`,
    });
    return "stripe_unavailable";
  }
  const ended = await endConnection({
    connectionId: connection.id,
    status: "DISCONNECTED",
    reason,
    actorId: actor.id,
    action,
  });
  // Not ended here: it ended meanwhile (the seller, or Stripe's revocation webhook, came first).
  return ended ? "disconnected" : "not_connected";
}

/** Disconnects the user's own connection (see deauthorizeAndEnd). */
export async function disconnect(user: PublicUser): Promise<DisconnectOutcome> {
  const connection = await getActiveConnection(user.id);
  if (!connection) return "not_connected";
  return deauthorizeAndEnd(connection, user, "DISCONNECT", "Disconnected by the seller");
}

/**
 * An admin ends a seller's connection (see deauthorizeAndEnd), audited as FORCE_DISCONNECT with
 * the admin as actor and their reason, which the seller sees on Settings.
 */
export async function forceDisconnect(
  admin: PublicUser,
  connectionId: string,
  reason: string,
): Promise<"disconnected" | "not_connected" | "stripe_unavailable"> {
  if (admin.role !== "ADMIN") throw new AppError("forbidden", "Only platform admins can do this.");
  const connection = await getConnection(connectionId);
  if (!connection) throw new AppError("not_found", "There is no such connection.");
  if (connection.status !== "CONNECTED") return "not_connected";
  return deauthorizeAndEnd(connection, admin, "FORCE_DISCONNECT", reason);
}
