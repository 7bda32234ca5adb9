import {
  parseAccountState,
  type AccountState,
  type RequirementError,
  type Requirements,
} from "@/lib/stripe/account-state";

/**
 * Whether a connected account can sell and be paid, derived here and nowhere else (the stored
 * `StripeConnection.readiness` column is this function's answer at the snapshot's time; the
 * seller's and the admin's pages show the same answer with its details):
 *
 * - RESTRICTED: something is past due, or Stripe disabled the account for a reason other than a
 *   verification in progress, or payments or payouts are off with nothing to do or wait for.
 * - ACTION_NEEDED: something is currently or eventually due, or a verification failed.
 * - IN_REVIEW: Stripe is verifying what was provided.
 * - UPCOMING: ready today, with future requirements (and their deadline).
 * - READY: payments and payouts enabled, nothing due.
 */
export const READINESS_STATES = [
  "READY",
  "ACTION_NEEDED",
  "RESTRICTED",
  "IN_REVIEW",
  "UPCOMING",
] as const;
export type ReadinessState = (typeof READINESS_STATES)[number];

export interface ReadinessInput {
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  state: AccountState | null;
}

export interface Readiness {
  state: ReadinessState;
  /**
   * The next date Stripe acts unless the seller does: the current requirements' deadline, else
   * the future requirements'.
   */
  deadline: Date | null;
  /** The current requirements' deadline only (null when only future requirements have one). */
  currentDeadline: Date | null;
  /** Why Stripe disabled the account, as Stripe names it (shown through disabledReasonLabel). */
  disabledReason: string | null;
  /** What the seller must provide now: past due first, then currently due. */
  due: string[];
  /** Of those, what is past due (Stripe has already acted, or will at any moment). */
  pastDue: string[];
  /** Due later (eventually due, not yet currently due). */
  eventuallyDue: string[];
  /** Provided, being verified by Stripe. */
  pending: string[];
  /** Verifications that failed, with Stripe's reason. */
  errors: RequirementError[];
  /** Future requirements (they become current at `upcomingDeadline`). */
  upcoming: string[];
  upcomingDeadline: Date | null;
  /** Capabilities that are not active, as Stripe names them, with their status. */
  inactiveCapabilities: { name: string; status: string }[];
}

const PENDING_VERIFICATION = "requirements.pending_verification";

const unique = (items: string[]) => [...new Set(items)];
const dateOf = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000));

function futureOf(future: Requirements): string[] {
  return unique([...future.past_due, ...future.currently_due, ...future.eventually_due]);
}

export function readinessOf({ chargesEnabled, payoutsEnabled, state }: ReadinessInput): Readiness {
  const now = state?.requirements;
  const due = unique([...(now?.past_due ?? []), ...(now?.currently_due ?? [])]);
  const upcoming = state ? futureOf(state.future_requirements) : [];
  const upcomingDeadline = dateOf(state?.future_requirements.current_deadline ?? null);
  const currentDeadline = dateOf(now?.current_deadline ?? null);
  const disabledReason = now?.disabled_reason ?? null;
  const pending = now?.pending_verification ?? [];
  const errors = now?.errors ?? [];
  const facts = {
    deadline: currentDeadline ?? (upcoming.length > 0 ? upcomingDeadline : null),
    currentDeadline,
    disabledReason,
    due,
    pastDue: now?.past_due ?? [],
    eventuallyDue: (now?.eventually_due ?? []).filter((name) => !due.includes(name)),
    pending,
    errors,
    upcoming,
    upcomingDeadline,
    inactiveCapabilities: Object.entries(state?.capabilities ?? {})
      .filter(([, status]) => status !== "active")
      .map(([name, status]) => ({ name, status })),
  };
  const enabled = chargesEnabled && payoutsEnabled;
  const stateOf = (): ReadinessState => {
    if ((now?.past_due.length ?? 0) > 0) return "RESTRICTED";
    if (disabledReason !== null && disabledReason !== PENDING_VERIFICATION) return "RESTRICTED";
    if (due.length > 0 || facts.eventuallyDue.length > 0 || errors.length > 0) {
      return "ACTION_NEEDED";
    }
    if (pending.length > 0 || disabledReason === PENDING_VERIFICATION) return "IN_REVIEW";
    if (!enabled) return "RESTRICTED";
    return upcoming.length > 0 ? "UPCOMING" : "READY";
  };
  return { state: stateOf(), ...facts };
}

/**
 * A stored connection's readiness with its details: the state as stored (what the admin lists
 * filter on, so that a list and a page always agree), the details from its account state.
 */
export function connectionReadiness(connection: {
  readiness: ReadinessState;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  accountState: unknown;
}): Readiness {
  const details = readinessOf({ ...connection, state: parseAccountState(connection.accountState) });
  return { ...details, state: connection.readiness };
}
