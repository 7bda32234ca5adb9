import { formatDate } from "@/lib/format";
import type { Readiness, ReadinessState } from "@/lib/stripe/readiness";
import {
  disabledReasonLabel,
  requirementLabel,
  requirementLabels,
} from "@/lib/stripe/requirement-labels";

/**
 * What a seller is told about their account's readiness (lib/stripe/readiness.ts decides the
 * state; this only puts it in words): one summary for Settings and the dashboard. Dates are the
 * app's (lib/format.ts: UTC, "12 Jan 2027"); requirement names and disabled reasons go through
 * requirement-labels.ts, so names Stripe adds later are shown as Stripe names them.
 */
export interface ReadinessSummary {
  state: ReadinessState;
  /** How it looks: never "success" unless Ready. */
  tone: "success" | "warning" | "danger" | "info";
  /** Announced at once (role="alert") rather than politely (role="status"). */
  urgent: boolean;
  headline: string;
  /** What Stripe has already turned off, e.g. "Payouts are paused." */
  paused: string | null;
  /** Why Stripe disabled the account, e.g. "Reason: Information Stripe asked for is past due." */
  reason: string | null;
  /** What Stripe will pause and when, unless the seller provides what is due. */
  deadline: string | null;
  /** What the seller must provide now, past due first. */
  needed: { label: string; pastDue: boolean }[];
  /** What Stripe will need eventually, not yet currently due. */
  later: string | null;
  /** Verifications that failed, with Stripe's own reason. */
  failed: { label: string; reason: string }[];
  /** "Stripe is verifying: …" */
  verifying: string | null;
  /** Future requirements with their deadline. */
  upcoming: string | null;
  /** Whether there is anything to look at or finish in the seller's Stripe Dashboard. */
  finishAtStripe: boolean;
}

export interface SummaryInput {
  readiness: Readiness;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  /** When the summary is read (a deadline may be past). */
  now?: Date;
}

const TONES = {
  READY: "success",
  ACTION_NEEDED: "warning",
  RESTRICTED: "danger",
  IN_REVIEW: "info",
  UPCOMING: "info",
} as const satisfies Record<ReadinessState, ReadinessSummary["tone"]>;

const HEADLINES: Record<ReadinessState, string> = {
  READY: "Your Stripe account is ready: it can take payments and receive payouts.",
  ACTION_NEEDED: "Stripe needs more information about you or your business.",
  RESTRICTED: "Stripe has restricted your account.",
  IN_REVIEW: "Stripe is reviewing the information you provided. There is nothing to do for now.",
  UPCOMING:
    "Your Stripe account is ready: it can take payments and receive payouts. Stripe will need more information later.",
};

const PENDING_VERIFICATION = "requirements.pending_verification";

/**
 * Requirements whose absence makes Stripe pause payouts only, not payments (a bank account to pay
 * out to, and the identity checks Stripe runs before money leaves it). Anything else, including a
 * requirement we do not know, is taken as putting payments at stake too: the warning may be
 * stronger than what happens, never weaker.
 */
const PAYOUTS_ONLY = [
  /^external_account$/,
  /^(individual|representative|person_[A-Za-z0-9]+)\.(verification\.(document|additional_document)|id_number|ssn_last_4)$/,
  /^company\.verification\.document$/,
];

function pausesOnlyPayouts(requirement: string): boolean {
  return PAYOUTS_ONLY.some((pattern) => pattern.test(requirement));
}

const listed = (labels: string[]) => labels.join(", ");

/** What Stripe has already turned off, from the account's two flags. */
function pausedSentence(chargesEnabled: boolean, payoutsEnabled: boolean): string | null {
  if (!chargesEnabled && !payoutsEnabled) return "Payments and payouts are paused.";
  if (!chargesEnabled) return "Payments are paused.";
  if (!payoutsEnabled) return "Payouts are paused.";
  return null;
}

/** What Stripe will pause at the deadline: only what is still on, and only what is at stake. */
function atStake(requirements: string[], chargesEnabled: boolean, payoutsEnabled: boolean) {
  const payments = chargesEnabled && !requirements.every(pausesOnlyPayouts);
  if (payments && payoutsEnabled) return "payments and payouts";
  if (payments) return "payments";
  return payoutsEnabled ? "payouts" : null;
}

function deadlineSentence(
  { readiness, chargesEnabled, payoutsEnabled }: SummaryInput,
  now: Date,
): string | null {
  const deadline = readiness.currentDeadline;
  const requirements = readiness.due.length > 0 ? readiness.due : readiness.eventuallyDue;
  if (!deadline || requirements.length === 0) return null;
  const what = listed(requirementLabels(requirements));
  const on = formatDate(deadline);
  const stake = atStake(requirements, chargesEnabled, payoutsEnabled);
  if (!stake) return `Stripe asks you to provide by ${on}: ${what}.`;
  if (deadline.getTime() <= now.getTime()) {
    return `The deadline was ${on}: Stripe may pause ${stake} at any time unless you provide: ${what}.`;
  }
  return `Stripe will pause ${stake} on ${on} unless you provide: ${what}.`;
}

function upcomingSentence({ upcoming, upcomingDeadline }: Readiness): string | null {
  if (upcoming.length === 0) return null;
  const what = listed(requirementLabels(upcoming));
  return upcomingDeadline
    ? `From ${formatDate(upcomingDeadline)} Stripe will also need: ${what}.`
    : `Stripe will also need, later: ${what}.`;
}

export function readinessSummary(input: SummaryInput): ReadinessSummary {
  const { readiness, chargesEnabled, payoutsEnabled } = input;
  const { state, disabledReason } = readiness;
  const pastDue = new Set(readiness.pastDue);
  const needed: ReadinessSummary["needed"] = [];
  for (const name of readiness.due) {
    const label = requirementLabel(name);
    const seen = needed.find((item) => item.label === label);
    if (seen) seen.pastDue ||= pastDue.has(name);
    else needed.push({ label, pastDue: pastDue.has(name) });
  }
  return {
    state,
    tone: TONES[state],
    urgent: state === "RESTRICTED" || pastDue.size > 0,
    headline: HEADLINES[state],
    paused: pausedSentence(chargesEnabled, payoutsEnabled),
    reason:
      disabledReason !== null && disabledReason !== PENDING_VERIFICATION
        ? `Reason given by Stripe: ${disabledReasonLabel(disabledReason)}.`
        : null,
    deadline: deadlineSentence(input, input.now ?? new Date()),
    needed,
    later:
      readiness.eventuallyDue.length > 0
        ? `Stripe will need later: ${listed(requirementLabels(readiness.eventuallyDue))}.`
        : null,
    failed: readiness.errors.map((error) => ({
      label: requirementLabel(error.requirement),
      reason: error.reason,
    })),
    verifying:
      readiness.pending.length > 0
        ? `Stripe is verifying: ${listed(requirementLabels(readiness.pending))}.`
        : null,
    upcoming: upcomingSentence(readiness),
    finishAtStripe: state !== "READY",
  };
}
