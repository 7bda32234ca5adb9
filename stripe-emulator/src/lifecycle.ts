/**
 * Stripe's requirements lifecycle, as steps over an account's `Lifecycle` (src/objects.ts): each
 * step is pure (a lifecycle in, the next one out) and refuses what cannot happen with a
 * `LifecycleRefusal`, changing nothing. The store (src/state.ts) applies a step as one Stripe
 * update: the Account and Capability objects are rebuilt from the new lifecycle and the events
 * that changed objects imply are sent.
 *
 * What Stripe does, and so what the steps do:
 * - requirements become currently due (and eventually due), with a deadline; payments and payouts
 *   go on until then;
 * - past the deadline they are past due: payouts are paused (`transfers` inactive), then charges
 *   too (`card_payments` inactive), with a `disabled_reason`;
 * - the seller provides them: pending verification (an inactive capability is `pending` meanwhile,
 *   `disabled_reason` `requirements.pending_verification`);
 * - verified: once nothing is due, past due or pending, everything is enabled again; or failed:
 *   back to currently due with an `errors[]` entry (and past due again on a disabled account);
 * - future requirements appear with their own deadline, and later become current.
 */
import type Stripe from "stripe";
import type { CapabilityName, CapabilityStatus, Lifecycle, RequirementError } from "./objects";

/** A step that cannot happen in the account's present state (the control API answers 409). */
export class LifecycleRefusal extends Error {
  override name = "LifecycleRefusal";
}

/** What Stripe lists as due on an account whose application has not been submitted. */
export const UNSUBMITTED_REQUIREMENTS = [
  "business_profile.product_description",
  "business_profile.support_phone",
  "business_profile.url",
  "external_account",
  "tos_acceptance.date",
  "tos_acceptance.ip",
];

const PAST_DUE = "requirements.past_due";
const PENDING_VERIFICATION = "requirements.pending_verification";

/** The outcome of a verification: verified, or failed with Stripe's error code and reason. */
export type VerificationOutcome = "verified" | { code: string; reason: string };

/** Where a seeded account starts (`POST /_emulator/accounts` with `requirements`). */
export interface SeedRequirements {
  currently_due?: string[];
  eventually_due?: string[];
  past_due?: string[];
  pending_verification?: string[];
  current_deadline?: number | null;
  disabled_reason?: string | null;
  errors?: RequirementError[];
  future?: {
    currently_due?: string[];
    eventually_due?: string[];
    current_deadline?: number | null;
  };
}

const union = (...lists: string[][]): string[] => [...new Set(lists.flat())];
const without = (list: string[], removed: string[]): string[] =>
  list.filter((item) => !removed.includes(item));

/** True when payments or payouts are off: some capability is not active. */
export function isDisabled(lifecycle: Lifecycle): boolean {
  return Object.values(lifecycle.capabilities).some((status) => status !== "active");
}

/**
 * A new account's lifecycle: nothing due, or the unsubmitted application's requirements; each
 * capability active or inactive as its flag says; then the seed's `requirements`, if any.
 */
export function initialLifecycle(
  flags: { charges_enabled: boolean; payouts_enabled: boolean; details_submitted: boolean },
  seed: SeedRequirements = {},
): Lifecycle {
  const unsubmitted = flags.details_submitted ? [] : UNSUBMITTED_REQUIREMENTS;
  const pending = seed.pending_verification ?? [];
  const pastDue = seed.past_due ?? [];
  const errors = seed.errors ?? [];
  // Stripe's invariants: past_due ⊆ currently_due ⊆ eventually_due; an error's requirement is due.
  const currentlyDue = union(
    unsubmitted,
    seed.currently_due ?? [],
    pastDue,
    errors.map((e) => e.requirement),
  );
  const disabledStatus: CapabilityStatus =
    pending.length > 0 && pastDue.length === 0 ? "pending" : "inactive";
  const status = (enabled: boolean): CapabilityStatus => (enabled ? "active" : disabledStatus);
  const future = seed.future ?? {};
  const lifecycle: Lifecycle = {
    requirements: {
      currently_due: currentlyDue,
      eventually_due: union(currentlyDue, seed.eventually_due ?? []),
      past_due: pastDue,
      pending_verification: pending,
      current_deadline: seed.current_deadline ?? null,
      disabled_reason: seed.disabled_reason ?? null,
      errors,
    },
    future_requirements: {
      currently_due: future.currently_due ?? [],
      eventually_due: union(future.currently_due ?? [], future.eventually_due ?? []),
      current_deadline: future.current_deadline ?? null,
    },
    capabilities: {
      card_payments: status(flags.charges_enabled),
      transfers: status(flags.payouts_enabled),
    },
  };
  if (seed.disabled_reason === undefined) {
    lifecycle.requirements.disabled_reason = !isDisabled(lifecycle)
      ? null
      : disabledStatus === "pending"
        ? PENDING_VERIFICATION
        : PAST_DUE;
  }
  return lifecycle;
}

/** The lifecycle an older state file's account implies (its record has none): read back. */
export function lifecycleOf(account: Stripe.Account): Lifecycle {
  const r: Partial<Stripe.Account.Requirements> = account.requirements ?? {};
  const f: Partial<Stripe.Account.FutureRequirements> = account.future_requirements ?? {};
  return {
    requirements: {
      currently_due: r.currently_due ?? [],
      eventually_due: r.eventually_due ?? [],
      past_due: r.past_due ?? [],
      pending_verification: r.pending_verification ?? [],
      current_deadline: r.current_deadline ?? null,
      disabled_reason: r.disabled_reason ?? null,
      errors: (r.errors ?? []).map(({ code, reason, requirement }) => ({
        code,
        reason,
        requirement,
      })),
    },
    future_requirements: {
      currently_due: f.currently_due ?? [],
      eventually_due: f.eventually_due ?? [],
      current_deadline: f.current_deadline ?? null,
    },
    capabilities: {
      card_payments: account.charges_enabled ? "active" : "inactive",
      transfers: account.payouts_enabled ? "active" : "inactive",
    },
  };
}

/**
 * The application submitted, or taken back (`details_submitted`, the control API's update): its
 * requirements leave, or come back as currently due.
 */
export function withDetailsSubmitted(lifecycle: Lifecycle, submitted: boolean): Lifecycle {
  const next = structuredClone(lifecycle);
  const r = next.requirements;
  if (submitted) {
    r.currently_due = without(r.currently_due, UNSUBMITTED_REQUIREMENTS);
    r.eventually_due = without(r.eventually_due, UNSUBMITTED_REQUIREMENTS);
    r.past_due = without(r.past_due, UNSUBMITTED_REQUIREMENTS);
    r.errors = r.errors.filter((e) => !UNSUBMITTED_REQUIREMENTS.includes(e.requirement));
  } else {
    const due = without(UNSUBMITTED_REQUIREMENTS, r.pending_verification);
    r.currently_due = union(r.currently_due, due);
    r.eventually_due = union(r.eventually_due, due);
  }
  return next;
}

/**
 * A capability set directly (its flag, or the capability itself): the account's `disabled_reason`
 * follows, cleared once everything is active and `requirements.past_due` when something stops.
 */
export function withCapabilities(
  lifecycle: Lifecycle,
  statuses: Partial<Record<CapabilityName, CapabilityStatus>>,
): Lifecycle {
  const next = structuredClone(lifecycle);
  for (const [name, status] of Object.entries(statuses) as [CapabilityName, CapabilityStatus][]) {
    next.capabilities[name] = status;
  }
  const r = next.requirements;
  if (!isDisabled(next)) r.disabled_reason = null;
  else r.disabled_reason ??= PAST_DUE;
  return next;
}

/** The capability statuses that the two flags of an update mean (an unchanged flag: unchanged). */
export function flagStatuses(
  lifecycle: Lifecycle,
  flags: { charges_enabled?: boolean; payouts_enabled?: boolean },
): Partial<Record<CapabilityName, CapabilityStatus>> {
  const statuses: Partial<Record<CapabilityName, CapabilityStatus>> = {};
  const set = (name: CapabilityName, enabled: boolean | undefined) => {
    if (enabled === undefined || enabled === (lifecycle.capabilities[name] === "active")) return;
    statuses[name] = enabled ? "active" : "inactive";
  };
  set("card_payments", flags.charges_enabled);
  set("transfers", flags.payouts_enabled);
  return statuses;
}

/**
 * Requirements become due: `currently_due` and `eventually_due` (only `eventually_due` with
 * `eventuallyOnly`), with `current_deadline` set to `deadline` when one is given (null clears it).
 * Payments and payouts go on: Stripe gives time until the deadline.
 */
export function makeDue(
  lifecycle: Lifecycle,
  requirements: string[],
  { deadline, eventuallyOnly = false }: { deadline?: number | null; eventuallyOnly?: boolean },
): Lifecycle {
  const r = lifecycle.requirements;
  const pending = requirements.filter((name) => r.pending_verification.includes(name));
  if (pending.length > 0) {
    throw new LifecycleRefusal(
      `${pending.join(", ")} ${pending.length === 1 ? "is" : "are"} pending verification: verify ${pending.length === 1 ? "it" : "them"} (outcome failed makes a requirement due again) first.`,
    );
  }
  const next = structuredClone(lifecycle);
  next.requirements.eventually_due = union(r.eventually_due, requirements);
  if (!eventuallyOnly) next.requirements.currently_due = union(r.currently_due, requirements);
  if (deadline !== undefined) next.requirements.current_deadline = deadline;
  return next;
}

/**
 * The deadline passed: every currently due requirement is also past due, payouts are paused
 * (`transfers` inactive), the deadline is gone and `disabled_reason` says why
 * (`requirements.past_due` unless told otherwise). `restrict` pauses charges too.
 */
export function makePastDue(
  lifecycle: Lifecycle,
  { disabledReason, restrict = false }: { disabledReason?: string; restrict?: boolean },
): Lifecycle {
  const r = lifecycle.requirements;
  if (r.currently_due.length === 0 && (!restrict || r.past_due.length === 0)) {
    throw new LifecycleRefusal(
      "Nothing is currently due on this account: make requirements due first (requirements/due).",
    );
  }
  const next = structuredClone(lifecycle);
  next.requirements.past_due = union(r.past_due, r.currently_due);
  next.requirements.current_deadline = null;
  next.requirements.disabled_reason = disabledReason ?? PAST_DUE;
  next.capabilities.transfers = "inactive";
  if (restrict) next.capabilities.card_payments = "inactive";
  return next;
}

/**
 * The seller provides requirements: they leave currently/eventually/past due (and their errors
 * go) for pending verification. With nothing past due any more, an account that is still disabled
 * waits for the review: its inactive capabilities are `pending` and `disabled_reason` is
 * `requirements.pending_verification`.
 */
export function provide(lifecycle: Lifecycle, requirements: string[]): Lifecycle {
  const r = lifecycle.requirements;
  const due = union(r.currently_due, r.past_due, r.eventually_due);
  const notDue = requirements.filter((name) => !due.includes(name));
  if (notDue.length > 0) {
    throw new LifecycleRefusal(
      `${notDue.join(", ")} ${notDue.length === 1 ? "is" : "are"} not due on this account (due: ${due.join(", ") || "nothing"}).`,
    );
  }
  const next = structuredClone(lifecycle);
  const n = next.requirements;
  n.currently_due = without(r.currently_due, requirements);
  n.eventually_due = without(r.eventually_due, requirements);
  n.past_due = without(r.past_due, requirements);
  n.pending_verification = union(r.pending_verification, requirements);
  n.errors = r.errors.filter((e) => !requirements.includes(e.requirement));
  if (n.currently_due.length === 0) n.current_deadline = null;
  if (n.past_due.length === 0 && isDisabled(next)) {
    n.disabled_reason = PENDING_VERIFICATION;
    for (const name of Object.keys(next.capabilities) as CapabilityName[]) {
      if (next.capabilities[name] === "inactive") next.capabilities[name] = "pending";
    }
  }
  return next;
}

/**
 * Stripe's review of pending requirements. Verified: they leave `pending_verification`, and once
 * nothing is due, past due or pending, payments and payouts are enabled again (every capability
 * active, no `disabled_reason`). Failed: they are currently due again with an `errors[]` entry
 * each; on a disabled account they are past due again and its pending capabilities inactive.
 */
export function verify(
  lifecycle: Lifecycle,
  requirements: string[],
  outcome: VerificationOutcome,
): Lifecycle {
  const r = lifecycle.requirements;
  const notPending = requirements.filter((name) => !r.pending_verification.includes(name));
  if (notPending.length > 0) {
    throw new LifecycleRefusal(
      `${notPending.join(", ")} ${notPending.length === 1 ? "is" : "are"} not pending verification (pending: ${r.pending_verification.join(", ") || "nothing"}): provide ${notPending.length === 1 ? "it" : "them"} first.`,
    );
  }
  const next = structuredClone(lifecycle);
  const n = next.requirements;
  n.pending_verification = without(r.pending_verification, requirements);
  if (outcome === "verified") {
    const clear =
      n.currently_due.length === 0 &&
      n.past_due.length === 0 &&
      n.pending_verification.length === 0;
    if (clear) {
      n.disabled_reason = null;
      for (const name of Object.keys(next.capabilities) as CapabilityName[]) {
        next.capabilities[name] = "active";
      }
    }
    return next;
  }
  n.currently_due = union(r.currently_due, requirements);
  n.eventually_due = union(r.eventually_due, requirements);
  n.errors = [
    ...r.errors.filter((e) => !requirements.includes(e.requirement)),
    ...requirements.map((requirement) => ({ ...outcome, requirement })),
  ];
  if (isDisabled(next)) {
    n.past_due = union(r.past_due, requirements);
    n.disabled_reason = PAST_DUE;
    for (const name of Object.keys(next.capabilities) as CapabilityName[]) {
      if (next.capabilities[name] === "pending") next.capabilities[name] = "inactive";
    }
  }
  return next;
}

/** Future requirements appear (`future_requirements`), with the date they become current. */
export function addFuture(
  lifecycle: Lifecycle,
  requirements: string[],
  deadline: number | null,
): Lifecycle {
  const next = structuredClone(lifecycle);
  const f = next.future_requirements;
  f.currently_due = union(f.currently_due, requirements);
  f.eventually_due = union(f.eventually_due, requirements);
  f.current_deadline = deadline;
  return next;
}

/**
 * The future requirements become current: currently (and eventually) due, by the future deadline
 * (or an earlier current one); `future_requirements` is empty again.
 */
export function activateFuture(lifecycle: Lifecycle): Lifecycle {
  const f = lifecycle.future_requirements;
  const incoming = union(f.currently_due, f.eventually_due);
  if (incoming.length === 0) {
    throw new LifecycleRefusal(
      "This account has no future requirements: add some first (future_requirements).",
    );
  }
  const next = structuredClone(lifecycle);
  const n = next.requirements;
  const current = without(f.currently_due, n.pending_verification);
  n.currently_due = union(n.currently_due, current);
  n.eventually_due = union(n.eventually_due, without(incoming, n.pending_verification));
  const deadlines = [n.current_deadline, f.current_deadline].filter((d) => d !== null);
  if (current.length > 0) n.current_deadline = deadlines.length ? Math.min(...deadlines) : null;
  next.future_requirements = { currently_due: [], eventually_due: [], current_deadline: null };
  return next;
}
