/**
 * What a seller is told after each Connect or Disconnect attempt. The callback and the disconnect
 * route redirect to Settings with `?connect=CODE` or `?disconnect=CODE`; only these codes are
 * shown, so a crafted link cannot put words on the page.
 */
import type { ReadinessState } from "@/lib/stripe/readiness";

export type Tone = "success" | "info" | "error";

/** Settings adds how to reach support (lib/support.ts) to `account_blocked`. */
export const CONNECT_OUTCOMES = {
  connected: { tone: "success", message: "Your Stripe account is connected." },
  denied: {
    tone: "info",
    message: "You cancelled connecting on Stripe's page. Nothing was changed.",
  },
  expired: {
    tone: "error",
    message: "That connection attempt expired before it was finished. Start again from this page.",
  },
  invalid_state: {
    tone: "error",
    message:
      "That connection link is not valid: it was already used, or was started from another account. Start again from this page.",
  },
  already_connected: {
    tone: "info",
    message: "You already have a connected Stripe account. Disconnect it first to connect another.",
  },
  blocked: {
    tone: "error",
    message:
      "The marketplace does not allow you to connect a Stripe account at the moment, so nothing was connected.",
  },
  account_blocked: {
    tone: "error",
    message:
      "This Stripe account cannot be connected to the marketplace, so nothing was connected: connect a different Stripe account.",
  },
  already_connected_elsewhere: {
    tone: "error",
    message:
      "This Stripe account is already connected to another seller on the marketplace. Connect a different Stripe account, or sign in as that seller.",
  },
  mode_mismatch: {
    tone: "error",
    message:
      "Stripe returned an account in the wrong mode (test instead of live, or the reverse). Nothing was connected.",
  },
  stripe_unavailable: {
    tone: "error",
    message: "Stripe could not be reached, so nothing was connected. Please try again in a minute.",
  },
  unconfirmed: {
    tone: "info",
    message:
      "We could not confirm the connection: Stripe did not answer in time. We are checking with Stripe; there is no need to connect again, this page shows the result.",
  },
  unconfirmed_failed: {
    tone: "error",
    message:
      "Stripe never confirmed that connection attempt, so nothing was connected. Press “Connect my Stripe account” to try again.",
  },
  creating: {
    tone: "info",
    message:
      "Your Stripe account is being created in another tab or window. Reload this page in a moment to continue.",
  },
  onboarded: {
    tone: "info",
    message: "Thank you: Stripe has your details. See below where your account stands with Stripe.",
  },
  onboarding_unfinished: {
    tone: "info",
    message:
      "Stripe still needs some details before your account can take payments. Press “Continue setup at Stripe” to finish; you start where you left off.",
  },
  onboarding_expired: {
    tone: "error",
    message: "That Stripe setup link has expired. Press “Continue setup at Stripe” for a new one.",
  },
  onboarding_link_failed: {
    tone: "error",
    message:
      "Your Stripe account exists, but Stripe refused to open its setup page just now. Press “Continue setup at Stripe” to try again.",
  },
  completing: {
    tone: "info",
    message:
      "Your connection is being completed in another tab or window. Reload this page in a moment to see it.",
  },
  stripe_refused: {
    tone: "error",
    message:
      "Stripe refused the connection request. Please try again; if it keeps happening, contact the marketplace's support.",
  },
  unverified: {
    tone: "error",
    message:
      "Confirm your email address before connecting Stripe: open the link we emailed you, or send a new one from this page.",
  },
  not_a_seller: {
    tone: "info",
    message: "Platform admins do not connect Stripe accounts; sellers do, from their Settings.",
  },
  config_error: {
    tone: "error",
    message:
      "The marketplace's Stripe settings were refused by Stripe. Please contact the marketplace's support.",
  },
} as const satisfies Record<string, { tone: Tone; message: string }>;

export const DISCONNECT_OUTCOMES = {
  disconnected: {
    tone: "success",
    message: "Your Stripe account was disconnected from the marketplace.",
  },
  not_connected: { tone: "info", message: "There is no connected Stripe account to disconnect." },
  stripe_unavailable: {
    tone: "error",
    message:
      "Stripe could not be reached, so your account is still connected. Please try again in a minute.",
  },
  unconfirmed: {
    tone: "info",
    message:
      "Stripe has not confirmed the disconnection yet: it was slow to answer. If it goes through, this page shows your account as disconnected; if it still shows connected in a few minutes, press Disconnect again.",
  },
} as const satisfies Record<string, { tone: Tone; message: string }>;

/** What an admin is told after force-disconnecting a connection (the detail page's ?outcome=). */
export const FORCE_DISCONNECT_OUTCOMES = {
  disconnected: {
    tone: "success",
    message:
      "The connection was ended: the marketplace no longer has access to this Stripe account. The seller is told the marketplace disconnected them; your reason is for admins only.",
  },
  not_connected: {
    tone: "info",
    message: "This connection had already ended. Nothing was changed.",
  },
  stripe_unavailable: {
    tone: "error",
    message:
      "Stripe could not be reached, so the connection is still active and nothing was changed. Please try again in a minute.",
  },
  unconfirmed: {
    tone: "info",
    message:
      "Stripe has not confirmed the disconnection yet: it was slow to answer. If it goes through, the connection ends with your name and reason; if it is still active in a few minutes, try again.",
  },
} as const satisfies Record<string, { tone: Tone; message: string }>;

const TOO_MANY_CHECKS = {
  tone: "error",
  message: "Too many checks with Stripe in a short time. Try again in a few minutes.",
} as const;

/**
 * What a seller's dashboard says when the check it sent (it saw Stripe refuse access) could not
 * be made (`?checked=`); any other outcome shows as the dashboard itself.
 */
export const ACCESS_CHECK_OUTCOMES = {
  stripe_unavailable: {
    tone: "error",
    message: "Stripe could not be reached to confirm this just now. Try again in a minute.",
  },
  rate_limited: TOO_MANY_CHECKS,
  stripe_busy: {
    tone: "error",
    message: "Stripe is busy just now, so this could not be confirmed. Try again in a minute.",
  },
} as const satisfies Record<string, { tone: Tone; message: string }>;

/** What an admin is told after an action on the account page (`?outcome=`). */
export const ADMIN_ACCOUNT_OUTCOMES = {
  ...FORCE_DISCONNECT_OUTCOMES,
  refresh_updated: {
    tone: "success",
    message: "Refreshed from Stripe: the stored account details differed and were updated.",
  },
  refresh_unchanged: {
    tone: "success",
    message: "Refreshed from Stripe: the stored account details were already up to date.",
  },
  refresh_revoked: {
    tone: "info",
    message: "Stripe says the marketplace no longer has access: the connection is now revoked.",
  },
  refresh_not_active: {
    tone: "info",
    message: "This connection has ended, so there is nothing to refresh.",
  },
  refresh_rate_limited: TOO_MANY_CHECKS,
  stripe_busy: {
    tone: "error",
    message:
      "Stripe is busy (too many requests just now), so nothing was checked. Try again shortly.",
  },
  unblocked: {
    tone: "success",
    message: "The block was lifted: the seller and this Stripe account can connect again.",
  },
  unblock_done: {
    tone: "info",
    message: "That block had already been lifted. Nothing was changed.",
  },
  retry_processed: { tone: "success", message: "The webhook event was applied." },
  retry_failed: {
    tone: "error",
    message: "The webhook event failed again; its last error is shown below.",
  },
  retry_done: { tone: "info", message: "That webhook event was not waiting: nothing to retry." },
} as const satisfies Record<string, { tone: Tone; message: string }>;

export type ConnectOutcome = keyof typeof CONNECT_OUTCOMES;
export type DisconnectOutcome = keyof typeof DISCONNECT_OUTCOMES;
export type ForceDisconnectOutcome = keyof typeof FORCE_DISCONNECT_OUTCOMES;

const TABLES: Record<
  "connect" | "disconnect" | "admin_account" | "access_check",
  Record<string, { tone: Tone; message: string }>
> = {
  connect: CONNECT_OUTCOMES,
  disconnect: DISCONNECT_OUTCOMES,
  admin_account: ADMIN_ACCOUNT_OUTCOMES,
  access_check: ACCESS_CHECK_OUTCOMES,
};

/**
 * The message for `?connect=` / `?disconnect=` / `?outcome=` / `?checked=` values, or null for
 * anything else.
 */
export function outcomeMessage(
  kind: keyof typeof TABLES,
  code: string | undefined,
): { tone: Tone; message: string } | null {
  const table = TABLES[kind];
  return code !== undefined && Object.hasOwn(table, code) ? (table[code] ?? null) : null;
}

/**
 * The admin account page's notice for `?outcome=`; for `stripe_busy`, with the seconds Stripe
 * asked to wait (`?retry_in=`), when given.
 */
export function adminAccountNotice(
  outcome: string | undefined,
  retryIn: string | undefined,
): { tone: Tone; message: string } | null {
  const seconds = Number(retryIn);
  if (outcome === "stripe_busy" && Number.isInteger(seconds) && seconds > 0 && seconds < 3600) {
    return {
      tone: "error",
      message: `Stripe is busy (too many requests just now), so nothing was checked. Try again in ${String(seconds)} s.`,
    };
  }
  return outcomeMessage("admin_account", outcome);
}

/**
 * Settings' notice for `?connect=`: "connected" is green only for an account that is ready (can
 * take payments and receive payouts); a connected account that is not yet is told so, not
 * congratulated (the readiness on the page says what Stripe needs).
 */
export function connectNotice(
  code: string | undefined,
  readiness: ReadinessState | null,
): { tone: Tone; message: string } | null {
  if (code === "connected" && readiness !== null && readiness !== "READY") {
    return {
      tone: "info",
      message: "Your Stripe account is connected. See below where it stands with Stripe.",
    };
  }
  return outcomeMessage("connect", code);
}
