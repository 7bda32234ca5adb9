import type Stripe from "stripe";
import type { AccountSnapshot } from "@/lib/stripe/account-snapshot";
import { accountStateColumns } from "@/lib/stripe/account-snapshot";
import type { AccountState, RequirementError, Requirements } from "@/lib/stripe/account-state";

/**
 * An Accounts v2 account (`GET /v2/core/accounts/:id`, as a thin event's related object is
 * fetched) as the snapshot the v1 path stores (lib/stripe/account-snapshot.ts): the same columns,
 * the same account state in v1's names, the same readiness rule (accountStateColumns), so the one
 * writer and its ordering rule take it as they take an `account.updated`. Written only here.
 *
 * v1 → v2, as Stripe maps them:
 * - `charges_enabled`: the merchant configuration's `card_payments` capability is active;
 *   `payouts_enabled`: its `stripe_balance.payouts` (or the recipient's) is active.
 * - `requirements` / `future_requirements`: v2 lists entries, each with who acts (`user` or
 *   `stripe`) and how due it is (`minimum_deadline.status`). An entry awaiting the user goes in
 *   v1's lists by its status, nested as v1 nests them (past due ⊂ currently due ⊂ eventually
 *   due); one awaiting Stripe is being verified (`pending_verification`). v2 names a requirement
 *   by where it lives on the v2 account; the known places are read back into v1's names
 *   (V1_NAMES, PREFIXES: so the labels and the v1 `account.updated` name it alike), any other
 *   name is kept as it comes (readiness and the labels show an unknown name as it is).
 * - `disabled_reason`: v2 has none on the account; the card payments capability's first status
 *   detail says why it is not active, read into v1's reason (`rejected_fraud` → `rejected.fraud`,
 *   `requirements_past_due` → `requirements.past_due`, …; another code is kept as it comes).
 * - `details_submitted`: v2 has no such flag: submitted once nothing is due from the user now.
 * - capability statuses: `restricted` and `rejected` are v1's `inactive`; the rest as they come.
 * - Not in a v2 account: the payout schedule, the controller's `type` and `is_controller`, and
 *   v1's `transfers` capability. They are carried over from the state stored before (what the v1
 *   path last fetched or received), so that a thin event and an `account.updated` of the same
 *   account store the same state instead of taking turns blanking them; null when none is stored.
 */

/** The includes a fetch needs for the snapshot (v2 returns none of these unless asked). */
export const V2_ACCOUNT_INCLUDES: Stripe.V2.Core.AccountRetrieveParams.Include[] = [
  "configuration.merchant",
  "configuration.recipient",
  "defaults",
  "identity",
  "requirements",
  "future_requirements",
];

/** v1's name of a requirement v2 names by its place on the v2 account. */
const V1_NAMES: Record<string, string> = {
  "defaults.profile.business_url": "business_profile.url",
  "defaults.profile.product_description": "business_profile.product_description",
  "configuration.merchant.mcc": "business_profile.mcc",
  "configuration.merchant.support.phone": "business_profile.support_phone",
  "configuration.merchant.payout_method": "external_account",
  "identity.attestations.terms_of_service.account.date": "tos_acceptance.date",
  "identity.attestations.terms_of_service.account.ip": "tos_acceptance.ip",
};

/** v2's places whose fields v1 names under another prefix (the person: by the entity type). */
function v1NameOf(name: string, entityType: string | undefined): string {
  const exact = V1_NAMES[name];
  if (exact) return exact;
  const person = entityType === "individual" ? "individual." : "representative.";
  for (const [from, to] of [
    ["identity.individual.", person],
    ["identity.business_details.", "company."],
  ] as const) {
    if (name.startsWith(from)) return to + name.slice(from.length);
  }
  return name;
}

type V2Account = Stripe.V2.Core.Account;
type Entry =
  Stripe.V2.Core.Account.Requirements.Entry | Stripe.V2.Core.Account.FutureRequirements.Entry;
type StatusDetail = { code: string };
type Capability = { status: string; status_details: StatusDetail[] } | undefined;

/** Unix seconds (v1's deadlines) of an RFC 3339 time, or null. */
function secondsOf(time: string | null | undefined): number | null {
  if (!time) return null;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

const unique = (items: string[]) => [...new Set(items)];

function requirementsOf(
  entries: readonly Entry[] | undefined,
  deadline: string | null | undefined,
  disabledReason: string | null,
  entityType: string | undefined,
): Requirements {
  const pastDue: string[] = [];
  const currentlyDue: string[] = [];
  const eventuallyDue: string[] = [];
  const pending: string[] = [];
  const errors: RequirementError[] = [];
  for (const entry of entries ?? []) {
    const name = v1NameOf(entry.description, entityType);
    for (const error of entry.errors) {
      errors.push({ code: error.code, reason: error.description, requirement: name });
    }
    if (entry.awaiting_action_from === "stripe") {
      pending.push(name);
      continue;
    }
    const status = entry.minimum_deadline.status;
    if (status === "past_due") pastDue.push(name);
    if (status === "past_due" || status === "currently_due") currentlyDue.push(name);
    eventuallyDue.push(name);
  }
  return {
    currently_due: unique(currentlyDue),
    eventually_due: unique(eventuallyDue),
    past_due: unique(pastDue),
    pending_verification: unique(pending),
    errors,
    disabled_reason: disabledReason,
    current_deadline: secondsOf(deadline),
  };
}

/** v1's `disabled_reason` for a capability's first status detail (see the module's note). */
function disabledReasonOf(capability: Capability): string | null {
  if (!capability || capability.status === "active") return null;
  const code = capability.status_details[0]?.code;
  if (!code) return null;
  if (code.startsWith("rejected_")) return `rejected.${code.slice("rejected_".length)}`;
  if (code === "requirements_past_due") return "requirements.past_due";
  if (code === "requirements_pending_verification") return "requirements.pending_verification";
  if (code === "determining_status") return "under_review";
  return code;
}

/** v1's status words for a v2 capability status. */
function statusOf(status: string): string {
  return status === "restricted" || status === "rejected" ? "inactive" : status;
}

/** v1's `controller.fees.payer` for v2's `fees_collector` (Stripe collecting: the account pays). */
function feesPayerOf(collector: string | undefined): string | null {
  if (!collector) return null;
  return collector === "stripe" ? "account" : collector;
}

/** The capabilities by v1's names where v1 has them (`transfers`), else v2's. */
function capabilitiesOf(account: V2Account): Record<string, string> {
  const capabilities: Record<string, string> = {};
  const merchant = account.configuration?.merchant?.capabilities;
  const recipient = account.configuration?.recipient?.capabilities;
  const add = (name: string, capability: Capability) => {
    if (capability) capabilities[name] = statusOf(capability.status);
  };
  for (const [name, capability] of Object.entries(merchant ?? {})) {
    if (name === "stripe_balance") continue;
    add(name, capability as Capability);
  }
  add(
    "stripe_balance.payouts",
    merchant?.stripe_balance?.payouts ?? recipient?.stripe_balance?.payouts,
  );
  add("transfers", recipient?.stripe_balance?.stripe_transfers);
  return capabilities;
}

/**
 * The account state (lib/stripe/account-state.ts, v1's names) of a v2 account, with what v2 does
 * not carry taken from `stored` (the connection's state before).
 */
export function v2AccountState(
  account: V2Account,
  stored: AccountState | null = null,
): AccountState {
  const merchant = account.configuration?.merchant?.capabilities;
  const responsibilities = account.defaults?.responsibilities;
  const requirements = account.requirements;
  const future = account.future_requirements;
  const entityType = account.identity?.entity_type;
  return {
    requirements: requirementsOf(
      requirements?.entries,
      requirements?.summary?.minimum_deadline?.time,
      disabledReasonOf(merchant?.card_payments),
      entityType,
    ),
    future_requirements: requirementsOf(
      future?.entries,
      future?.minimum_transition_date ?? future?.summary?.minimum_deadline?.time,
      null,
      entityType,
    ),
    capabilities: withStoredTransfers(capabilitiesOf(account), stored),
    controller: {
      type: stored?.controller.type ?? null,
      is_controller: stored?.controller.is_controller ?? null,
      stripe_dashboard: account.dashboard ?? null,
      requirement_collection: responsibilities?.requirements_collector ?? null,
      fees_payer: feesPayerOf(responsibilities?.fees_collector),
      losses_payments: responsibilities?.losses_collector ?? null,
    },
    payout_schedule: stored?.payout_schedule ?? null,
  };
}

/** v1's `transfers` status, which v2 names only for a recipient configuration: kept from before. */
function withStoredTransfers(
  capabilities: Record<string, string>,
  stored: AccountState | null,
): Record<string, string> {
  const transfers = stored?.capabilities.transfers;
  return capabilities.transfers || !transfers ? capabilities : { ...capabilities, transfers };
}

/** The snapshot of a v2 account: what `accountSnapshot` gives for a v1 account. */
export function v2AccountSnapshot(
  account: V2Account,
  stored: AccountState | null = null,
): AccountSnapshot {
  const state = v2AccountState(account, stored);
  const merchant = account.configuration?.merchant?.capabilities;
  const payouts =
    merchant?.stripe_balance?.payouts ??
    account.configuration?.recipient?.capabilities?.stripe_balance?.payouts;
  const flags = {
    chargesEnabled: merchant?.card_payments?.status === "active",
    payoutsEnabled: payouts?.status === "active",
  };
  return {
    businessName: account.defaults?.profile?.doing_business_as ?? account.display_name ?? null,
    email: account.contact_email ?? null,
    country: account.identity?.country ?? null,
    defaultCurrency: account.defaults?.currency ?? null,
    ...flags,
    detailsSubmitted: state.requirements.currently_due.length === 0,
    ...accountStateColumns(flags, state),
  };
}
