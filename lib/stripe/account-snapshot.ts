import type Stripe from "stripe";

/** The fields of a Stripe Account we keep on the connection, for lists and the Settings page. */
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
    requirementsDue: account.requirements?.currently_due?.length ?? 0,
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
