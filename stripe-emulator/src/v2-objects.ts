/**
 * The Accounts v2 side of an account: what `POST /v2/core/accounts` records beside the v1 Account
 * (its v2 profile), and builders for the v2 objects the emulator serves, typed with stripe-node's
 * own v2 types (`Stripe.V2.Core.Account`, `AccountLink`, `Event`). A v2 account is the same account
 * record as a v1 one (src/state.ts): its requirements and capabilities are read from the record's
 * one `Lifecycle` (src/lifecycle.ts), so both APIs always tell the same story.
 */
import type Stripe from "stripe";
import type { CapabilityName, CapabilityStatus, Lifecycle } from "./objects";

type V2Account = Stripe.V2.Core.Account;
type Requirements = NonNullable<V2Account["requirements"]>;
type Entry = NonNullable<Requirements["entries"]>[number];
type MinimumDeadlineStatus = Entry["minimum_deadline"]["status"];
type CapabilityV2Status =
  Stripe.V2.Core.Account.Configuration.Merchant.Capabilities.CardPayments.Status;
type StatusDetail =
  Stripe.V2.Core.Account.Configuration.Merchant.Capabilities.CardPayments.StatusDetail;

/** What `include[]` may name (stripe-node's `AccountRetrieveParams.Include`). */
export const V2_INCLUDES = [
  "configuration.customer",
  "configuration.merchant",
  "configuration.recipient",
  "defaults",
  "future_requirements",
  "identity",
  "requirements",
] as const;
export type V2Include = (typeof V2_INCLUDES)[number];

/** The person of an individual's identity, as the onboarding form or `identity.individual` gives it. */
export interface V2Individual {
  given_name: string | null;
  surname: string | null;
  email: string | null;
  /** `YYYY-MM-DD`. */
  date_of_birth: string | null;
  /** The last four digits of the ID number given (the emulator keeps no more). */
  id_number_last4: string | null;
}

/** What an account created through `/v2/core/accounts` carries beside its v1 Account. */
export interface V2Profile {
  dashboard: "express" | "full" | "none";
  display_name: string | null;
  contact_email: string;
  contact_phone: string | null;
  entity_type: "company" | "government_entity" | "individual" | "non_profit";
  registered_name: string | null;
  business_phone: string | null;
  individual: V2Individual | null;
  responsibilities: {
    fees_collector: "application" | "application_custom" | "application_express" | "stripe";
    losses_collector: "application" | "stripe";
  };
  /** The merchant configuration's requested capabilities (card_payments only, in the emulator). */
  card_payments_requested: boolean;
  locales: string[];
  /** The terms of service accepted (the hosted onboarding), Unix seconds. */
  tos_accepted_at: number | null;
  metadata: Record<string, string>;
  closed: boolean;
}

/** An Account Link: single use (opened once), until `expires_at` (Unix seconds). */
export interface AccountLinkRecord {
  account: string;
  created: number;
  expires_at: number;
  refresh_url: string;
  return_url: string | null;
  use_case: "account_onboarding" | "account_update";
  /** When it was opened (then it is used up), Unix seconds. */
  opened_at: number | null;
  /** The onboarding session its opening started (the form's hidden field). */
  session: string | null;
}

/** One run through the hosted onboarding form, from an Account Link's opening to its submission. */
export interface OnboardingSession {
  account: string;
  link: string;
  created: number;
  finished: boolean;
}

/** The v2 event types the emulator emits (thin events about connected accounts). */
export type V2EventType =
  | "v2.core.account.updated"
  | "v2.core.account.closed"
  | "v2.core.account[requirements].updated"
  | "v2.core.account[configuration.merchant].capability_status_updated";

/** A v2 event as `GET /v2/core/events/:id` returns it (its notification is `thinNotification`). */
export interface V2EventRecord {
  id: string;
  object: "v2.core.event";
  type: V2EventType;
  livemode: boolean;
  created: string;
  context: string;
  related_object: { id: string; type: "v2.core.account"; url: string };
  reason?: { type: "request"; request: { id: string; idempotency_key: string } };
  data?: { updated_capability: string };
}

/** The thin notification of an event: what an event destination receives (no `data`). */
export function thinNotification(event: V2EventRecord) {
  const { id, object, type, livemode, created, context, related_object, reason } = event;
  return {
    id,
    object,
    type,
    livemode,
    created,
    context,
    related_object,
    ...(reason ? { reason } : {}),
  };
}

/** Unix seconds as a v2 timestamp (RFC 3339, UTC, milliseconds). */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/**
 * The v2 name of a v1 requirement (`entries[].description`): Accounts v2 names fields by where
 * they live on the v2 Account. The emulator's table; a name it does not know is passed through.
 * `v1RequirementName` is its inverse.
 */
const V2_REQUIREMENT_NAMES: Record<string, string> = {
  "business_profile.product_description": "defaults.profile.product_description",
  "business_profile.support_phone": "configuration.merchant.support.phone",
  "business_profile.url": "defaults.profile.business_url",
  "business_profile.mcc": "configuration.merchant.mcc",
  external_account: "configuration.merchant.payout_method",
  "tos_acceptance.date": "identity.attestations.terms_of_service.account.date",
  "tos_acceptance.ip": "identity.attestations.terms_of_service.account.ip",
};
const PREFIXES: [string, string][] = [
  ["individual.", "identity.individual."],
  ["representative.", "identity.individual."],
  ["company.", "identity.business_details."],
];

export function v2RequirementName(v1: string): string {
  const exact = V2_REQUIREMENT_NAMES[v1];
  if (exact !== undefined) return exact;
  const prefix = PREFIXES.find(([from]) => v1.startsWith(from));
  return prefix ? prefix[1] + v1.slice(prefix[0].length) : v1;
}

/** The v1 requirement a v2 entry's `description` names (the emulator's table, reversed). */
export function v1RequirementName(v2: string): string {
  const exact = Object.entries(V2_REQUIREMENT_NAMES).find(([, name]) => name === v2);
  if (exact) return exact[0];
  if (v2.startsWith("identity.individual.")) return `individual.${v2.slice(20)}`;
  if (v2.startsWith("identity.business_details.")) return `company.${v2.slice(26)}`;
  return v2;
}

/** A v1 capability as the merchant configuration names it (`transfers` pays out: payouts). */
export const V2_CAPABILITY_NAMES: Record<CapabilityName, string> = {
  card_payments: "card_payments",
  transfers: "stripe_balance.payouts",
};

function capability(
  status: CapabilityStatus,
  lifecycle: Lifecycle,
): { status: CapabilityV2Status; status_details: StatusDetail[] } {
  if (status === "active") return { status: "active", status_details: [] };
  if (status === "pending") {
    return {
      status: "pending",
      status_details: [{ code: "requirements_pending_verification", resolution: "no_resolution" }],
    };
  }
  const r = lifecycle.requirements;
  const code =
    r.past_due.length > 0 || r.currently_due.length > 0
      ? "requirements_past_due"
      : "restricted_other";
  return {
    status: "restricted",
    status_details: [
      { code, resolution: code === "requirements_past_due" ? "provide_info" : "contact_stripe" },
    ],
  };
}

function entries(
  lists: {
    currently_due: string[];
    eventually_due: string[];
    past_due?: string[];
    pending_verification?: string[];
    errors?: { code: string; reason: string; requirement: string }[];
  },
  restricts: boolean,
): Entry[] {
  const pastDue = lists.past_due ?? [];
  const pending = lists.pending_verification ?? [];
  const names = [
    ...new Set([...pastDue, ...lists.currently_due, ...lists.eventually_due, ...pending]),
  ];
  return names.map((name): Entry => {
    const status: MinimumDeadlineStatus = pastDue.includes(name)
      ? "past_due"
      : lists.currently_due.includes(name) || pending.includes(name)
        ? "currently_due"
        : "eventually_due";
    const errors = (lists.errors ?? [])
      .filter((e) => e.requirement === name)
      .map((e) => ({ code: e.code, description: e.reason }));
    return {
      awaiting_action_from: pending.includes(name) ? "stripe" : "user",
      description: v2RequirementName(name),
      errors,
      impact: restricts
        ? {
            restricts_capabilities: (["card_payments", "stripe_balance.payouts"] as const).map(
              (name) => ({
                capability: name,
                configuration: "merchant",
                deadline: { status },
              }),
            ),
          }
        : {},
      minimum_deadline: { status },
      requested_reasons: [{ code: "routine_onboarding" }],
    };
  });
}

const URGENCY: MinimumDeadlineStatus[] = ["past_due", "currently_due", "eventually_due"];

function summary(list: Entry[], deadline: number | null): Requirements["summary"] {
  const status = URGENCY.find((s) => list.some((e) => e.minimum_deadline.status === s));
  if (status === undefined) return {};
  return {
    minimum_deadline: {
      status,
      ...(deadline !== null && status !== "past_due" ? { time: isoTime(deadline) } : {}),
    },
  };
}

const ENTITY_TYPES = ["company", "government_entity", "individual", "non_profit"] as const;

/** What a v1 account shows of a v2 profile (seeded or OAuth accounts have none: derived). */
export function profileOf(account: Stripe.Account): V2Profile {
  return {
    dashboard: "full",
    display_name: account.business_profile?.name ?? null,
    contact_email: account.email ?? "",
    contact_phone: null,
    entity_type: ENTITY_TYPES.find((t) => t === account.business_type) ?? "company",
    registered_name: null,
    business_phone: null,
    individual: null,
    responsibilities: { fees_collector: "stripe", losses_collector: "stripe" },
    card_payments_requested: true,
    locales: ["en-US"],
    tos_accepted_at: account.tos_acceptance?.date ?? null,
    metadata: { ...account.metadata },
    closed: false,
  };
}

/**
 * The v2 Account of a record: always its id, object, applied configurations, dashboard, display
 * name, contact email, created and livemode; the rest only when `include` names it, as Stripe does.
 */
export function buildV2Account(
  account: Stripe.Account,
  lifecycle: Lifecycle,
  profile: V2Profile,
  include: readonly V2Include[],
  livemode: boolean,
): V2Account {
  const has = (name: V2Include) => include.includes(name);
  const r = lifecycle.requirements;
  const f = lifecycle.future_requirements;
  const requirementEntries = entries(r, true);
  const merchant: Stripe.V2.Core.Account.Configuration.Merchant = {
    applied: true,
    capabilities: {
      ...(profile.card_payments_requested
        ? { card_payments: capability(lifecycle.capabilities.card_payments, lifecycle) }
        : {}),
      stripe_balance: { payouts: capability(lifecycle.capabilities.transfers, lifecycle) },
    },
    card_payments: { decline_on: { avs_failure: false, cvc_failure: false } },
    ...(account.settings?.payments.statement_descriptor
      ? { statement_descriptor: { descriptor: account.settings.payments.statement_descriptor } }
      : {}),
    support: {
      ...(account.business_profile?.support_phone
        ? { phone: account.business_profile.support_phone }
        : {}),
      ...(account.business_profile?.url ? { url: account.business_profile.url } : {}),
    },
  };
  const profileDefaults = {
    ...(account.business_profile?.url ? { business_url: account.business_profile.url } : {}),
    ...(account.business_profile?.product_description
      ? { product_description: account.business_profile.product_description }
      : {}),
  };
  const individual = profile.individual;
  return {
    id: account.id,
    object: "v2.core.account",
    applied_configurations: ["merchant"],
    ...(profile.closed ? { closed: true } : {}),
    ...(has("configuration.merchant") ? { configuration: { merchant } } : {}),
    contact_email: profile.contact_email,
    ...(profile.contact_phone ? { contact_phone: profile.contact_phone } : {}),
    created: isoTime(account.created ?? 0),
    dashboard: profile.dashboard,
    ...(has("defaults")
      ? {
          defaults: {
            currency: account.default_currency ?? "usd",
            locales: profile.locales,
            profile: profileDefaults,
            responsibilities: { ...profile.responsibilities, requirements_collector: "stripe" },
          },
        }
      : {}),
    ...(profile.display_name ? { display_name: profile.display_name } : {}),
    ...(has("future_requirements")
      ? {
          future_requirements: {
            entries: entries(f, false),
            summary: summary(entries(f, false), f.current_deadline),
          },
        }
      : {}),
    ...(has("identity")
      ? {
          identity: {
            attestations: {
              terms_of_service: {
                account:
                  profile.tos_accepted_at === null
                    ? {}
                    : { date: isoTime(profile.tos_accepted_at), ip: "127.0.0.1" },
              },
            },
            business_details: {
              ...(profile.registered_name ? { registered_name: profile.registered_name } : {}),
              ...(profile.business_phone ? { phone: profile.business_phone } : {}),
            },
            country: account.country ?? "US",
            entity_type: profile.entity_type,
            ...(individual
              ? {
                  individual: {
                    id: `person_${account.id.slice(5)}`,
                    object: "v2.core.account_person",
                    account: account.id,
                    created: isoTime(account.created ?? 0),
                    updated: isoTime(account.created ?? 0),
                    ...(individual.given_name ? { given_name: individual.given_name } : {}),
                    ...(individual.surname ? { surname: individual.surname } : {}),
                    ...(individual.email ? { email: individual.email } : {}),
                    ...(individual.date_of_birth
                      ? { date_of_birth: dateOfBirth(individual.date_of_birth) }
                      : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
    livemode,
    metadata: { ...profile.metadata },
    ...(has("requirements")
      ? {
          requirements: {
            entries: requirementEntries,
            summary: summary(requirementEntries, r.current_deadline),
          },
        }
      : {}),
  };
}

function dateOfBirth(text: string): { day: number; month: number; year: number } {
  const [year = 0, month = 0, day = 0] = text.split("-").map(Number);
  return { day, month, year };
}

/** The v2 Account Link object of a stored link. */
export function buildAccountLink(
  link: AccountLinkRecord,
  url: string,
  livemode: boolean,
): Stripe.V2.Core.AccountLink {
  const urls = {
    refresh_url: link.refresh_url,
    ...(link.return_url === null ? {} : { return_url: link.return_url }),
  };
  return {
    object: "v2.core.account_link",
    account: link.account,
    created: isoTime(link.created),
    expires_at: isoTime(link.expires_at),
    livemode,
    url,
    use_case:
      link.use_case === "account_onboarding"
        ? { type: "account_onboarding", account_onboarding: urls }
        : { type: "account_update", account_update: urls },
  };
}
