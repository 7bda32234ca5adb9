import "server-only";
import Stripe from "stripe";
import { takeAttempt } from "@/lib/auth/rate-limit";
import { getActiveBlock } from "@/lib/data/connect-blocks";
import {
  createConnection,
  getActiveConnection,
  getActiveConnectionByAccount,
  isUniqueViolation,
  updateSnapshot,
  type StripeConnection,
} from "@/lib/data/connections";
import {
  claimAccountCreation,
  getCreatedAccountById,
  recordCreatedAccount,
  releaseCreationLease,
  takeCreationLease,
  type CreatedAccount,
} from "@/lib/data/created-accounts";
import { getAttempt } from "@/lib/data/oauth-states";
import type { PublicUser } from "@/lib/data/users";
import { env } from "@/lib/env";
import { errorMessage } from "@/lib/errors";
import { noteStripeAccount } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import {
  accountSnapshot,
  snapshotTimeOfFetch,
  type AccountSnapshot,
} from "@/lib/stripe/account-snapshot";
import { retrieveAccount } from "@/lib/stripe/accounts";
import { stripe, stripeConfig } from "@/lib/stripe/client";
import { failure } from "@/lib/stripe/connect";
import type { ConnectOutcome } from "@/lib/stripe/connect-outcomes";
import { isStripeUnavailable } from "@/lib/stripe/errors";
import { consumeOAuthState, createOAuthState } from "@/lib/stripe/oauth-state";
import { stripeRequestPolicy } from "@/lib/stripe/timeouts";

/**
 * The second door, "Create a Stripe account": the marketplace creates the seller's account with
 * Accounts v2 (`POST /v2/core/accounts`: the full Stripe Dashboard, Stripe collecting fees and
 * losses as for a Standard account, the merchant configuration with card payments), connects it at
 * once (source CREATED: the same connection, readiness, dashboard, admin list and reconcile as an
 * OAuth one) and sends the seller to Stripe-hosted onboarding (`POST /v2/core/account_links`).
 *
 * - One account per seller and mode, even on concurrent clicks: CreatedAccount's unique key makes
 *   one row per seller, with one Idempotency-Key and the request it goes with, which every retry
 *   sends again (Stripe answers the same account); a lease on the row lets one click at a time ask
 *   Stripe, and a concurrent click waits for that one's answer instead.
 * - The link's `return_url` and `refresh_url` carry a state bound to the seller exactly like the
 *   OAuth state (lib/stripe/oauth-state.ts, purpose ONBOARD, bound to the account too): random,
 *   single use, expiring, stored hashed. A forged, reused, expired or other seller's state is
 *   refused before anything is asked of Stripe or changed.
 * - Unfinished onboarding resumes the same account with a fresh link (links are single use and
 *   expire within minutes): `refresh_url`, or the button on Settings.
 * - On return the snapshot is fetched through the v1 path (lib/stripe/accounts.ts) and stored by
 *   the one snapshot writer, so readiness is derived as for every connection.
 */

/** How long a link's return and refresh stay usable: onboarding at Stripe may take a while. */
export const ONBOARDING_STATE_TTL_SECONDS = 24 * 3600;

/** How long a concurrent click waits for the first one's account before saying "creating". */
const CONCURRENT_WAIT_MS = 5000;

/** Stripe's onboarding page for the seller, or back to Settings with an outcome. */
export type OnboardingStep =
  { url: string } | { outcome: ConnectOutcome } | { retryAfterSeconds: number };

/**
 * "Create a Stripe account" (and "Continue setup at Stripe"): the seller's account, created
 * once, connected, and a fresh onboarding link for it. `now` decides the state's expiry.
 */
export async function startOnboarding(user: PublicUser, now = new Date()): Promise<OnboardingStep> {
  if (user.role !== "SELLER") return { outcome: "not_a_seller" };
  if (!user.emailVerified) return { outcome: "unverified" };
  const limit = await takeAttempt([["onboardAccount", user.id]]);
  if (!limit.ok) return { retryAfterSeconds: limit.retryAfterSeconds };

  const active = await getActiveConnection(user.id);
  if (active) {
    // Resume: the account is the one we created; a finished onboarding needs no link.
    if (active.source !== "CREATED" || active.detailsSubmitted) {
      return { outcome: "already_connected" };
    }
    if (await getActiveBlock({ userId: user.id, stripeAccountId: active.stripeAccountId })) {
      return { outcome: "blocked" };
    }
    return linkOrOutcome(user, active.stripeAccountId, now);
  }
  // A blocked seller gets no account and no state: the attempt ends here.
  if (await getActiveBlock({ userId: user.id })) return { outcome: "blocked" };

  const livemode = stripeConfig().livemode;
  const account = await createdAccountOf(user, livemode);
  if ("outcome" in account) return account;
  const stripeAccountId = account.stripeAccountId;
  noteStripeAccount(stripeAccountId);

  const block = await getActiveBlock({ stripeAccountId });
  if (block) {
    await failure(user, `${stripeAccountId} refused: the account is blocked`);
    return { outcome: "account_blocked" };
  }
  const holder = await getActiveConnectionByAccount(stripeAccountId);
  if (holder && holder.userId !== user.id) {
    await failure(user, `${stripeAccountId} is already connected to another seller`);
    return { outcome: "already_connected_elsewhere" };
  }
  const connected = await connectCreated(user, stripeAccountId, livemode);
  if (connected !== "connected") return { outcome: connected };
  // Connected again after a disconnect, with its onboarding long done: nothing to set up.
  if ((await getActiveConnection(user.id))?.detailsSubmitted) return { outcome: "connected" };
  return linkOrOutcome(user, stripeAccountId, now);
}

/**
 * The seller's account at Stripe: the one created before (a reconnection after a disconnect, or a
 * click after a crash), else created now with the claim's Idempotency-Key, else (a concurrent
 * click) the one the first click is creating.
 */
async function createdAccountOf(
  user: PublicUser,
  livemode: boolean,
): Promise<{ stripeAccountId: string } | { outcome: ConnectOutcome }> {
  const { claim, first } = await claimAccountCreation(user.id, livemode, createParams(user));
  if (claim.stripeAccountId) return { stripeAccountId: claim.stripeAccountId };
  if (!first && !(await takeCreationLease(claim.id))) {
    // Another click is asking Stripe right now: its answer is this click's too.
    const created = await awaitCreator(claim);
    return created ? { stripeAccountId: created } : { outcome: "creating" };
  }
  try {
    // The claim's own request: its key was (maybe) sent with it, even if the profile changed since.
    const params = claim.createParams as unknown as Stripe.V2.Core.AccountCreateParams;
    const account = await stripe().v2.core.accounts.create(params, {
      idempotencyKey: claim.idempotencyKey,
      ...stripeRequestPolicy("create"),
    });
    if (account.livemode !== livemode) {
      await releaseCreationLease(claim.id);
      await failure(user, `Stripe created a ${account.livemode ? "live" : "test"} account`);
      return { outcome: "mode_mismatch" };
    }
    await recordCreatedAccount(claim.id, account.id);
    return { stripeAccountId: account.id };
  } catch (caught) {
    await releaseCreationLease(claim.id);
    const outcome = creationFailure(caught);
    await failure(user, `Account creation failed: ${outcome}`);
    return { outcome };
  }
}

/** Waits a little for the click that holds `claim` to store Stripe's account. */
async function awaitCreator(claim: CreatedAccount): Promise<string | null> {
  const deadline = Date.now() + CONCURRENT_WAIT_MS;
  for (;;) {
    const row = await getCreatedAccountById(claim.id);
    if (row.stripeAccountId) return row.stripeAccountId;
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The account Stripe is asked to create, from the seller's profile. */
function createParams(user: PublicUser): Stripe.V2.Core.AccountCreateParams {
  const businessName = user.businessName ?? undefined;
  return {
    dashboard: "full",
    defaults: { responsibilities: { fees_collector: "stripe", losses_collector: "stripe" } },
    configuration: { merchant: { capabilities: { card_payments: { requested: true } } } },
    contact_email: user.email,
    display_name: businessName ?? user.name ?? user.email,
    identity: {
      country: env().STRIPE_ACCOUNT_COUNTRY,
      ...(businessName ? { business_details: { registered_name: businessName } } : {}),
    },
    include: ["configuration.merchant", "requirements", "identity"],
  };
}

function creationFailure(error: unknown): ConnectOutcome {
  if (isStripeUnavailable(error)) return "stripe_unavailable";
  if (error instanceof Stripe.errors.StripeAuthenticationError) return "config_error";
  if (error instanceof Stripe.errors.StripeError) return "stripe_refused";
  throw error;
}

/**
 * Stores the created account as the seller's connection (source CREATED), with its snapshot
 * through the v1 path when Stripe answers (else filled in later, as for OAuth). Of two concurrent
 * clicks one inserts; the other finds the same account connected.
 */
async function connectCreated(
  user: PublicUser,
  stripeAccountId: string,
  livemode: boolean,
): Promise<ConnectOutcome> {
  let snapshot: AccountSnapshot | null = null;
  try {
    snapshot = accountSnapshot(await retrieveAccount(stripeAccountId));
  } catch (caught) {
    log().warn(
      { acct: stripeAccountId, reason: errorMessage(caught) },
      "account snapshot deferred",
    );
  }
  try {
    await createConnection({
      seller: user,
      stripeAccountId,
      // What the platform holds on an account it created: the same as OAuth's read_write.
      scope: "read_write",
      livemode,
      snapshot,
      source: "CREATED",
    });
    return "connected";
  } catch (caught) {
    if (!isUniqueViolation(caught)) throw caught;
    const active = await getActiveConnection(user.id);
    if (active?.stripeAccountId === stripeAccountId) return "connected";
    await failure(user, `${stripeAccountId} was connected concurrently elsewhere`);
    return active ? "already_connected" : "already_connected_elsewhere";
  }
}

/** A fresh onboarding link for the seller's created account, or the outcome of its failure. */
async function linkOrOutcome(
  user: PublicUser,
  stripeAccountId: string,
  now: Date,
): Promise<OnboardingStep> {
  try {
    return { url: await onboardingLink(user, stripeAccountId, now) };
  } catch (caught) {
    const outcome = creationFailure(caught);
    await failure(user, `Onboarding link failed: ${outcome}`);
    return { outcome: outcome === "stripe_refused" ? "onboarding_link_failed" : outcome };
  }
}

/** Creates the state of one link (return and refresh share it: one of them comes back). */
async function onboardingLink(
  user: PublicUser,
  stripeAccountId: string,
  now: Date,
): Promise<string> {
  const config = stripeConfig();
  const state = await createOAuthState(user.id, config.livemode, now, {
    purpose: "ONBOARD",
    stripeAccountId,
    ttlSeconds: ONBOARDING_STATE_TTL_SECONDS,
  });
  const ours = (path: string) => {
    const url = new URL(env().APP_URL);
    url.pathname = path;
    url.searchParams.set("state", state);
    return url.toString();
  };
  const link = await stripe().v2.core.accountLinks.create(
    {
      account: stripeAccountId,
      use_case: {
        type: "account_onboarding",
        // stripe-node 23.1.0's type has no `configurations` (contract.md names one): the types win.
        account_onboarding: {
          refresh_url: ours("/api/stripe/onboard/refresh"),
          return_url: ours("/api/stripe/onboard/return"),
        },
      },
    },
    stripeRequestPolicy("create"),
  );
  return link.url;
}

/**
 * Consumes an onboarding state for `user` at `now`: the seller's active connection of the account
 * the state was made for, or the outcome of a refusal (audited; nothing else changes).
 */
async function consumeOnboardingState(
  user: PublicUser,
  params: URLSearchParams,
  now: Date,
): Promise<{ connection: StripeConnection } | { outcome: ConnectOutcome }> {
  if (user.role !== "SELLER") return { outcome: "not_a_seller" };
  const consumed = await consumeOAuthState(
    params.get("state"),
    user.id,
    stripeConfig().livemode,
    now,
    "ONBOARD",
  );
  if (!consumed.ok) {
    await failure(user, `Onboarding return refused: ${consumed.reason} state`);
    return { outcome: consumed.reason === "expired" ? "onboarding_expired" : "invalid_state" };
  }
  const attempt = await getAttempt(consumed.stateId);
  const active = await getActiveConnection(user.id);
  if (!active || active.stripeAccountId !== attempt.stripeAccountId) {
    await failure(user, "Onboarding return refused: the account is no longer connected");
    return { outcome: "invalid_state" };
  }
  return { connection: active };
}

/**
 * Stripe's `refresh_url`: the link was used or expired before onboarding finished. A valid state
 * gets a fresh link for the same account; anything else goes back to Settings.
 */
export async function refreshOnboarding(
  user: PublicUser,
  params: URLSearchParams,
  now = new Date(),
): Promise<OnboardingStep> {
  const limit = await takeAttempt([["onboardAccount", user.id]]);
  if (!limit.ok) return { retryAfterSeconds: limit.retryAfterSeconds };
  const consumed = await consumeOnboardingState(user, params, now);
  if ("outcome" in consumed) return consumed;
  const { connection } = consumed;
  if (await getActiveBlock({ userId: user.id, stripeAccountId: connection.stripeAccountId })) {
    return { outcome: "blocked" };
  }
  if (connection.detailsSubmitted) return { outcome: "onboarded" };
  return linkOrOutcome(user, connection.stripeAccountId, now);
}

/**
 * Stripe's `return_url`: the seller left the onboarding page (finished or not; Stripe does not
 * say which). The account is fetched again and stored, so Settings shows where it stands.
 */
export async function returnFromOnboarding(
  user: PublicUser,
  params: URLSearchParams,
  now = new Date(),
): Promise<ConnectOutcome> {
  const consumed = await consumeOnboardingState(user, params, now);
  if ("outcome" in consumed) return consumed.outcome;
  const { connection } = consumed;
  const startedAt = new Date();
  let account: Stripe.Account;
  try {
    account = await retrieveAccount(connection.stripeAccountId);
  } catch (caught) {
    if (!(caught instanceof Stripe.errors.StripeError)) throw caught;
    // Settings shows the stored state; the account's events and the next check bring the new one.
    log().warn(
      { acct: connection.stripeAccountId, reason: errorMessage(caught) },
      "snapshot after onboarding deferred",
    );
    return "onboarded";
  }
  const snapshot = accountSnapshot(account);
  await updateSnapshot(connection.id, snapshot, snapshotTimeOfFetch(startedAt));
  return snapshot.detailsSubmitted ? "onboarded" : "onboarding_unfinished";
}
