import type Stripe from "stripe";
import type { ConnectionStatus, WebhookEventStatus } from "@/lib/generated/prisma/client";
import type { ReadinessState } from "@/lib/stripe/readiness";

/**
 * The one home of the words and tones for states, Stripe's and our own: every badge and pill in the
 * app reads its label and colour here (components/ui/badge.tsx draws them). A value not listed
 * (one Stripe adds later) is shown as given, in the neutral tone: never dropped, never guessed.
 */

export const TONES = ["neutral", "success", "warning", "danger", "info"] as const;
export type Tone = (typeof TONES)[number];

export interface StatusWord {
  label: string;
  tone: Tone;
}

type Words<T extends string> = Record<T, StatusWord>;

/** The word for `value` in `words`, or `value` itself, neutral, when it is not one of them. */
function wordOf<T extends string>(words: Words<T>, value: string): StatusWord {
  return Object.hasOwn(words, value) ? words[value as T] : { label: value, tone: "neutral" };
}

/** Stripe's payout statuses (https://docs.stripe.com/api/payouts/object#payout_object-status). */
const PAYOUT: Words<Stripe.Payout["status"]> = {
  paid: { label: "Paid", tone: "success" },
  in_transit: { label: "In transit", tone: "info" },
  pending: { label: "Pending", tone: "neutral" },
  failed: { label: "Failed", tone: "danger" },
  canceled: { label: "Canceled", tone: "neutral" },
};

export function payoutStatusWord(status: string): StatusWord {
  return wordOf(PAYOUT, status);
}

/** Stripe's charge statuses, and what a refund or a dispute makes of a charge. */
const CHARGE: Words<Stripe.Charge.Status | "refunded" | "partially_refunded" | "disputed"> = {
  succeeded: { label: "Succeeded", tone: "success" },
  pending: { label: "Pending", tone: "neutral" },
  failed: { label: "Failed", tone: "danger" },
  refunded: { label: "Refunded", tone: "neutral" },
  partially_refunded: { label: "Partially refunded", tone: "neutral" },
  disputed: { label: "Disputed", tone: "warning" },
};

/**
 * A payment's state as its seller would say it: a dispute first (money may go back), then a full
 * or partial refund, else Stripe's status.
 */
export function chargeStatusWord(
  charge: Pick<Stripe.Charge, "status"> &
    Partial<Pick<Stripe.Charge, "refunded" | "amount_refunded" | "disputed">>,
): StatusWord {
  if (charge.disputed) return CHARGE.disputed;
  if (charge.refunded) return CHARGE.refunded;
  if ((charge.amount_refunded ?? 0) > 0) return CHARGE.partially_refunded;
  return wordOf(CHARGE, charge.status);
}

/** Our stored webhook events (prisma/schema.prisma's WebhookEventStatus). */
const WEBHOOK_EVENT: Words<WebhookEventStatus> = {
  PENDING: { label: "Pending", tone: "warning" },
  PROCESSED: { label: "Processed", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
  IGNORED: { label: "Ignored", tone: "neutral" },
  DEAD_LETTERED: { label: "Retries stopped", tone: "danger" },
};

/** `status`: a WebhookEventStatus (a string, so that one not listed yet is still shown). */
export function webhookEventStatusWord(status: string): StatusWord {
  return wordOf(WEBHOOK_EVENT, status);
}

/** A seller's connection to Stripe. */
const CONNECTION: Words<ConnectionStatus> = {
  CONNECTED: { label: "Connected", tone: "success" },
  DISCONNECTED: { label: "Disconnected", tone: "neutral" },
  REVOKED: { label: "Access revoked", tone: "danger" },
};

/** `status`: a ConnectionStatus. */
export function connectionStatusWord(status: string): StatusWord {
  return wordOf(CONNECTION, status);
}

/** A connection stored as active to which Stripe just refused access (not recorded yet). */
export const ACCESS_LOST: StatusWord = { label: "Access revoked at Stripe", tone: "danger" };

/** Whether an account can sell and be paid (lib/stripe/readiness.ts derives it). */
export const READINESS_WORDS = {
  READY: { tone: "success", label: "Ready" },
  ACTION_NEEDED: { tone: "warning", label: "Action needed" },
  RESTRICTED: { tone: "danger", label: "Restricted" },
  IN_REVIEW: { tone: "info", label: "In review" },
  UPCOMING: { tone: "info", label: "Upcoming requirements" },
} as const satisfies Words<ReadinessState>;

/** `state`: a ReadinessState. */
export function readinessWord(state: string): StatusWord {
  return wordOf(READINESS_WORDS, state);
}

/** A capability of a Stripe account (card_payments, transfers…). */
const CAPABILITY: Words<Stripe.Capability.Status> = {
  active: { label: "Active", tone: "success" },
  inactive: { label: "Inactive", tone: "warning" },
  pending: { label: "Pending", tone: "neutral" },
  unrequested: { label: "Not requested", tone: "neutral" },
  disabled: { label: "Disabled", tone: "danger" },
};

export function capabilityStatusWord(status: string): StatusWord {
  return wordOf(CAPABILITY, status);
}

/** Charges or payouts switched on for an account. */
export function enabledWord(enabled: boolean): StatusWord {
  return enabled ? { label: "Enabled", tone: "success" } : { label: "Not yet", tone: "warning" };
}

/** A key's or a connection's mode. */
export function modeWord(livemode: boolean): StatusWord {
  return livemode ? { label: "Live mode", tone: "info" } : { label: "Test mode", tone: "neutral" };
}

/**
 * The door a connection came through (admin list, account page, CSV): the seller's own account by
 * OAuth, or an account the marketplace created (Accounts v2).
 */
export function sourceWord(source: "OAUTH" | "CREATED"): StatusWord {
  return source === "CREATED"
    ? { label: "Created", tone: "info" }
    : { label: "OAuth", tone: "neutral" };
}

/** A reconcile run (lib/data/reconcile-runs.ts). */
const RECONCILE_RUN = {
  running: { tone: "info", label: "Running" },
  stopped: { tone: "warning", label: "Stopped, to be resumed" },
  finished: { tone: "success", label: "Finished" },
} as const satisfies Words<string>;

export function reconcileRunWord(state: string): StatusWord {
  return wordOf(RECONCILE_RUN, state);
}

/** A dependency's health check on the System page. */
export function healthWord(ok: boolean): StatusWord {
  return ok ? { label: "OK", tone: "success" } : { label: "Failing", tone: "danger" };
}

/** How an audited action ended (prisma/schema.prisma's AuditOutcome). */
const AUDIT_OUTCOME = {
  SUCCESS: { label: "Done", tone: "success" },
  FAILURE: { label: "Failed", tone: "danger" },
} as const satisfies Words<string>;

export function auditOutcomeWord(outcome: string): StatusWord {
  return wordOf(AUDIT_OUTCOME, outcome);
}
