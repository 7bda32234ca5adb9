import type Stripe from "stripe";
import { accountStateOf, type AccountState } from "@/lib/stripe/account-state";
import { readinessOf } from "@/lib/stripe/readiness";

/**
 * The fields of a Stripe Account we keep on the connection: typed columns for what lists show and
 * filter on, and the whole account state (lib/stripe/account-state.ts) as JSON. `readiness` and
 * `nextDeadline` are readinessOf's answer for it, stored to be filtered on.
 */
export function accountSnapshot(account: Stripe.Account) {
  return {
    businessName:
      account.business_profile?.name ?? account.settings?.dashboard.display_name ?? null,
    email: account.email ?? null,
    country: account.country ?? null,
    defaultCurrency: account.default_currency ?? null,
    chargesEnabled: account.charges_enabled,
    payoutsEnabled: account.payouts_enabled,
    detailsSubmitted: account.details_submitted,
    ...accountStateColumns(
      { chargesEnabled: account.charges_enabled, payoutsEnabled: account.payouts_enabled },
      accountStateOf(account),
    ),
  };
}

/**
 * The columns stored from an account state with the account's two flags: its readiness
 * (readinessOf's answer) and what the lists filter on, and the state itself.
 */
export function accountStateColumns(
  flags: { chargesEnabled: boolean; payoutsEnabled: boolean },
  accountState: AccountState,
) {
  const readiness = readinessOf({ ...flags, state: accountState });
  return {
    requirementsDue: accountState.requirements.currently_due.length,
    readiness: readiness.state,
    nextDeadline: readiness.deadline,
    disabledReason: readiness.disabledReason,
    futureRequirementsDue: readiness.upcoming.length,
    cardPaymentsStatus: accountState.capabilities.card_payments ?? null,
    transfersStatus: accountState.capabilities.transfers ?? null,
    accountState,
  };
}

export type AccountSnapshot = ReturnType<typeof accountSnapshot>;

/**
 * The Stripe time a fetched snapshot is at least as new as: when the fetch started, in whole
 * seconds like an event's `created`, so events and fetches are ordered on one scale.
 */
export function snapshotTimeOfFetch(startedAt: Date = new Date()): Date {
  return new Date(Math.floor(startedAt.getTime() / 1000) * 1000);
}
