import "server-only";
import { getActiveConnectionByAccount } from "@/lib/data/connections";
import { getWebhookEvent, isWaiting, type NewWebhookEvent } from "@/lib/data/webhook-events";
import { log } from "@/lib/log";
import { snapshotTimeOfFetch } from "@/lib/stripe/account-snapshot";
import { parseAccountState } from "@/lib/stripe/account-state";
import { retrieveV2Account } from "@/lib/stripe/accounts";
import { stripeConfig } from "@/lib/stripe/client";
import { isAccessRevoked } from "@/lib/stripe/errors";
import { INTERACTIVE_PATIENCE, pacedStripeCall } from "@/lib/stripe/pacing";
import { v2AccountSnapshot } from "@/lib/stripe/v2-account-snapshot";
import { failedToApply, writeEvents } from "@/lib/stripe/webhooks/apply";
import type { Change, Outcome } from "@/lib/stripe/webhooks/types";
import type { ThinEvent } from "@/lib/stripe/webhooks/verify-thin";

/**
 * Thin (v2) event notifications on the store-first pipeline: stored by id (WebhookEvent, as the
 * Connect endpoint's events) before anything else, then applied by fetching what they are about,
 * through the one writer (lib/stripe/webhooks/apply.ts) and its rules.
 *
 * What each type we handle implies:
 * - `v2.core.account[requirements].updated`, `v2.core.account[configuration.merchant].capability_status_updated`,
 *   `v2.core.account.updated` (and the future requirements' and identity's): the account is
 *   fetched (v2, with the includes the snapshot needs) and its snapshot
 *   (lib/stripe/v2-account-snapshot.ts) stored as an account.updated's is.
 * - `v2.core.account.closed`: the connection ends (endConnectionWithoutAccess, `account_closed`),
 *   as a deauthorization does, at the event's time; nothing to fetch.
 *
 * Ordering: a fetched account is its state when the fetch started, however old the notification
 * is, so the snapshot is dated by the fetch (snapshotTimeOfFetch), not by the event's `created`:
 * a late, redelivered or retried notification fetches the current state, which an older event or
 * fetch never overwrites, and a newer event applied meanwhile is not overwritten by it (the
 * writer's rule, on one time scale for events and fetches).
 */

/** The thin event types applied by fetching the account again. */
const FETCH_TYPES = new Set([
  "v2.core.account.updated",
  "v2.core.account[requirements].updated",
  "v2.core.account[future_requirements].updated",
  "v2.core.account[identity].updated",
  "v2.core.account[defaults].updated",
  "v2.core.account[configuration.merchant].updated",
  "v2.core.account[configuration.merchant].capability_status_updated",
  "v2.core.account[configuration.recipient].updated",
  "v2.core.account[configuration.recipient].capability_status_updated",
]);
const CLOSED = "v2.core.account.closed";

function hasThinHandler(type: string): boolean {
  return type === CLOSED || FETCH_TYPES.has(type);
}

/** Why a thin event is stored without being applied, or null when it is to be applied. */
function ignoreReason(event: ThinEvent, livemode: boolean): string | null {
  if (event.livemode !== livemode) {
    return `livemode ${String(event.livemode)} does not match the ${livemode ? "live" : "test"} key`;
  }
  if (!hasThinHandler(event.type)) return "no handler for its type";
  if (event.relatedObject?.type !== "v2.core.account" || !event.account) {
    return "it is not about a v2 account";
  }
  return null;
}

/**
 * The changes applying `event` implies, fetching the account where it needs to: none when the
 * account has no active connection (nothing to keep up to date, and no call to Stripe). Throws
 * when the fetch fails (the event is then FAILED, for the retry job).
 */
async function changesOf(event: ThinEvent, account: string): Promise<Change[]> {
  if (event.type === CLOSED) {
    return [{ kind: "end-access", account, at: event.created, reason: "account_closed" }];
  }
  const connection = await getActiveConnectionByAccount(account);
  if (!connection) return [];
  const asOf = snapshotTimeOfFetch();
  try {
    const fetched = await pacedStripeCall(() => retrieveV2Account(account), INTERACTIVE_PATIENCE);
    if (fetched.closed) {
      return [{ kind: "end-access", account, at: new Date(), reason: "account_closed" }];
    }
    return [
      {
        kind: "snapshot",
        account,
        asOf,
        snapshot: v2AccountSnapshot(fetched, parseAccountState(connection.accountState)),
      },
    ];
  } catch (error) {
    // Stripe's 403 account_invalid: access is gone, ended as any check that sees it ends it.
    if (isAccessRevoked(error)) {
      return [{ kind: "end-access", account, at: new Date(), reason: "access_invalid" }];
    }
    throw error;
  }
}

/**
 * Applies one stored thin event (PENDING, FAILED or DEAD_LETTERED: claimed and marked processed
 * with its changes, all of it or nothing); on failure (the fetch, or the write) it is marked
 * FAILED with the error, for the retry job (lib/jobs/webhook-retry.ts), the admin's Retry and
 * `npm run webhooks:retry`, which all come back here (retryWebhookEvent).
 */
export async function applyThinEvent(event: ThinEvent, requestId?: string): Promise<Outcome> {
  try {
    const changes = event.account ? await changesOf(event, event.account) : [];
    const { applied } = await writeEvents([{ id: event.id, changes }]);
    return applied.has(event.id) ? "processed" : "duplicate";
  } catch (error) {
    return failedToApply(event, error, requestId);
  }
}

/**
 * Stores a verified thin event (its body as received) and applies it: "processed", "ignored" (of
 * the other mode, of a type we do not handle, not about a v2 account), "duplicate" (stored and
 * applied before: nothing is fetched or applied again), or "failed" (stored, not applied: 5xx).
 * Throws when it could not be stored (the endpoint answers 503, so Stripe delivers it again).
 */
export async function receiveThinEvent(
  event: ThinEvent,
  body: string,
  requestId?: string,
): Promise<Outcome> {
  const reason = ignoreReason(event, stripeConfig().livemode);
  if (reason && hasThinHandler(event.type)) {
    log().warn(
      { requestId, eventId: event.id, type: event.type, acct: event.account, reason },
      "thin event stored, not applied",
    );
  }
  const row: NewWebhookEvent = {
    id: event.id,
    type: event.type,
    account: event.account,
    livemode: event.livemode,
    created: event.created,
    payload: body,
    status: reason ? "IGNORED" : "PENDING",
    processedAt: null,
    attempts: 0,
  };
  const { stored } = await writeEvents([{ id: event.id, row, changes: null }]);
  if (!stored.has(event.id)) {
    // Known already: applied again only if it is still waiting (a redelivery after a failure).
    const known = await getWebhookEvent(event.id);
    if (!known || !isWaiting(known.status)) return "duplicate";
  } else if (reason) {
    return "ignored";
  }
  return applyThinEvent(event, requestId);
}
