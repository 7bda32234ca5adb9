/**
 * Builders for the Stripe objects the emulator serves. Each is typed with stripe-node's own type, so
 * a missing or mistyped field fails `tsc`; each carries the fields of Stripe's published example of
 * that resource (fixtures/stripe-fixtures.json), which test/fixtures.test.ts checks key by key.
 */
import type Stripe from "stripe";

export type Scope = "read_only" | "read_write";

/** The events the emulator emits, with their `type` and `data` tied together. */
export type EmittedEvent =
  | Stripe.AccountApplicationAuthorizedEvent
  | Stripe.AccountApplicationDeauthorizedEvent
  | Stripe.AccountUpdatedEvent
  | Stripe.AccountExternalAccountCreatedEvent
  | Stripe.AccountExternalAccountUpdatedEvent
  | Stripe.AccountExternalAccountDeletedEvent
  | Stripe.CapabilityUpdatedEvent
  | Stripe.PersonCreatedEvent
  | Stripe.PersonUpdatedEvent
  | Stripe.PersonDeletedEvent
  | Stripe.ChargeSucceededEvent
  | Stripe.PayoutPaidEvent;
export type EventPayload = {
  [T in EmittedEvent["type"]]: { type: T; data: Extract<EmittedEvent, { type: T }>["data"] };
}[EmittedEvent["type"]];

/** An account's profile: what the seller fills in, read back from the Account object. */
export interface AccountFields {
  email: string;
  business_name: string | null;
  country: string;
  default_currency: string;
  url: string | null;
  details_submitted: boolean;
  business_type?: Stripe.Account.BusinessType | null;
  product_description?: string | null;
  support_phone?: string | null;
  /** The account's payout schedule (`settings.payouts.schedule`); absent: Stripe's default. */
  payout_schedule?: PayoutScheduleFields;
}

/**
 * A payout schedule as Stripe describes one: how often (`manual`: only payouts created through
 * the API), on which day for weekly and monthly ones, and how many days charges are held first.
 */
export interface PayoutScheduleFields {
  interval: "manual" | "daily" | "weekly" | "monthly";
  delay_days: number;
  weekly_anchor?:
    "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
  monthly_anchor?: number;
}

/** Stripe's default for a US account: daily, two days after payment. */
export const DEFAULT_PAYOUT_SCHEDULE: PayoutScheduleFields = { interval: "daily", delay_days: 2 };

/**
 * `settings.payouts.schedule` as Stripe shows it: `weekly_anchor` only on a weekly schedule,
 * `monthly_anchor` only on a monthly one ("Only shown if `interval` is …", stripe-node's types).
 */
function scheduleHash(schedule: PayoutScheduleFields): Stripe.Account.Settings.Payouts.Schedule {
  return {
    delay_days: schedule.delay_days,
    interval: schedule.interval,
    ...(schedule.interval === "weekly" && schedule.weekly_anchor !== undefined
      ? { weekly_anchor: schedule.weekly_anchor }
      : {}),
    ...(schedule.interval === "monthly" && schedule.monthly_anchor !== undefined
      ? { monthly_anchor: schedule.monthly_anchor }
      : {}),
  };
}

/** What seeds and updates name: the profile, and the two flags (which the capabilities follow). */
export interface AccountInput extends AccountFields {
  charges_enabled: boolean;
  payouts_enabled: boolean;
}

/** The capabilities the emulator models, and the flag of the account each one decides. */
export const CAPABILITIES = {
  card_payments: "charges_enabled",
  transfers: "payouts_enabled",
} as const;
export type CapabilityName = keyof typeof CAPABILITIES;
export type CapabilityStatus = "active" | "inactive" | "pending";

/** One entry of `requirements.errors`, as Stripe shapes it. */
export interface RequirementError {
  /** Stripe's code (e.g. `verification_document_expired`); Stripe keeps adding codes. */
  code: string;
  reason: string;
  requirement: string;
}

/**
 * Where an account stands in Stripe's requirements lifecycle: the data the Account's
 * `requirements`, `future_requirements`, `capabilities` and flags, and the Capability objects, are
 * built from (src/lifecycle.ts moves it from step to step). Kept on the account record.
 */
export interface Lifecycle {
  requirements: {
    currently_due: string[];
    eventually_due: string[];
    past_due: string[];
    pending_verification: string[];
    current_deadline: number | null;
    /** Stripe's enum, or any other value a test makes up (Stripe keeps adding values). */
    disabled_reason: string | null;
    errors: RequirementError[];
  };
  future_requirements: {
    currently_due: string[];
    eventually_due: string[];
    current_deadline: number | null;
  };
  capabilities: Record<CapabilityName, CapabilityStatus>;
}

/** `requirements` or `future_requirements` of an Account or a Capability (they share a shape). */
interface RequirementsHash {
  alternatives: never[];
  current_deadline: number | null;
  currently_due: string[];
  disabled_reason: Stripe.Account.Requirements.DisabledReason | null;
  errors: Stripe.Account.Requirements.Error[];
  eventually_due: string[];
  past_due: string[];
  pending_verification: string[];
}

function requirementsHash(
  lists: Partial<Lifecycle["requirements"]>,
  disabledReason: string | null,
): RequirementsHash {
  return {
    alternatives: [],
    current_deadline: lists.current_deadline ?? null,
    currently_due: [...(lists.currently_due ?? [])],
    // Stripe keeps adding disabled reasons and error codes: the emulator passes any through.
    disabled_reason: disabledReason as Stripe.Account.Requirements.DisabledReason | null,
    errors: (lists.errors ?? []).map((e) => ({
      code: e.code as Stripe.Account.Requirements.Error.Code,
      reason: e.reason,
      requirement: e.requirement,
    })),
    eventually_due: [...(lists.eventually_due ?? [])],
    past_due: [...(lists.past_due ?? [])],
    pending_verification: [...(lists.pending_verification ?? [])],
  };
}

function futureRequirementsHash(lifecycle: Lifecycle) {
  return requirementsHash(lifecycle.future_requirements, null);
}

const NULL_ADDRESS: Stripe.Address = {
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
};

/**
 * An Account as the platform sees it. A seller's Standard account controls itself (`controller.type`
 * "account", no `is_controller`), and Stripe returns `external_accounts` only "for requests where
 * `controller[is_controller]` is true" (stripe-node's Account type): so only the platform's own
 * account (`own`) lists them.
 */
export function buildAccount(
  id: string,
  created: number,
  fields: AccountFields,
  lifecycle: Lifecycle,
  { own = false }: { own?: boolean } = {},
): Stripe.Account {
  const { capabilities } = lifecycle;
  return {
    id,
    object: "account",
    business_profile: {
      annual_revenue: { amount: null, currency: null, fiscal_year_end: null },
      estimated_worker_count: null,
      mcc: null,
      minority_owned_business_designation: null,
      name: fields.business_name,
      product_description: fields.product_description ?? null,
      specified_commercial_transactions_act_url: null,
      support_address: NULL_ADDRESS,
      support_email: null,
      support_phone: fields.support_phone ?? null,
      support_url: null,
      url: fields.url,
    },
    business_type: fields.business_type ?? null,
    capabilities: { ...capabilities },
    charges_enabled: capabilities.card_payments === "active",
    controller: { type: "account" },
    country: fields.country,
    created,
    default_currency: fields.default_currency,
    details_submitted: fields.details_submitted,
    email: fields.email,
    ...(own
      ? {
          external_accounts: {
            object: "list" as const,
            data: [],
            has_more: false,
            url: `/v1/accounts/${id}/external_accounts`,
          },
        }
      : {}),
    future_requirements: futureRequirementsHash(lifecycle),
    metadata: {},
    payouts_enabled: capabilities.transfers === "active",
    requirements: requirementsHash(lifecycle.requirements, lifecycle.requirements.disabled_reason),
    settings: {
      bacs_debit_payments: { display_name: null, service_user_number: null },
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_issuing: { tos_acceptance: { date: null, ip: null } },
      card_payments: {
        decline_on: { avs_failure: false, cvc_failure: false },
        statement_descriptor_prefix: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      dashboard: { display_name: fields.business_name, timezone: "Etc/UTC" },
      invoices: { default_account_tax_ids: null, hosted_payment_method_save: null },
      payments: {
        statement_descriptor: statementDescriptor(fields.business_name),
        statement_descriptor_kana: null,
        statement_descriptor_kanji: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      payouts: {
        debit_negative_balances: true,
        schedule: scheduleHash(fields.payout_schedule ?? DEFAULT_PAYOUT_SCHEDULE),
        statement_descriptor: null,
      },
      sepa_debit_payments: {},
    },
    tos_acceptance: fields.details_submitted
      ? { date: created, ip: "127.0.0.1", user_agent: null }
      : { date: null, ip: null, user_agent: null },
    type: "standard",
  };
}

function statementDescriptor(name: string | null): string | null {
  const cleaned = name
    ?.replace(/[<>\\'"*]/g, "")
    .trim()
    .toUpperCase()
    .slice(0, 22);
  return cleaned === undefined || cleaned.length < 5 ? null : cleaned;
}

/** The fields of an account an update may change, read back from the Account object. */
export function accountFields(account: Stripe.Account): AccountFields {
  return {
    email: account.email ?? "",
    business_name: account.business_profile?.name ?? null,
    country: account.country ?? "US",
    default_currency: account.default_currency ?? "usd",
    url: account.business_profile?.url ?? null,
    details_submitted: account.details_submitted,
    business_type: account.business_type ?? null,
    product_description: account.business_profile?.product_description ?? null,
    support_phone: account.business_profile?.support_phone ?? null,
    payout_schedule: scheduleOf(account.settings?.payouts?.schedule),
  };
}

/** The schedule fields of an Account's `settings.payouts.schedule` (Stripe's default if none). */
function scheduleOf(
  schedule: Stripe.Account.Settings.Payouts.Schedule | undefined,
): PayoutScheduleFields {
  if (schedule === undefined) return DEFAULT_PAYOUT_SCHEDULE;
  return {
    interval: schedule.interval as PayoutScheduleFields["interval"],
    delay_days: schedule.delay_days,
    ...(schedule.weekly_anchor === undefined
      ? {}
      : { weekly_anchor: schedule.weekly_anchor as PayoutScheduleFields["weekly_anchor"] }),
    ...(schedule.monthly_anchor === undefined ? {} : { monthly_anchor: schedule.monthly_anchor }),
  };
}

/**
 * A capability of an account (Stripe's `/v1/accounts/:id/capabilities/:name` object). The emulator
 * does not know which requirement belongs to which capability: both list the account's.
 */
export function buildCapability(
  account: string,
  requestedAt: number | null,
  lifecycle: Lifecycle,
  name: CapabilityName,
): Stripe.Capability {
  const status = lifecycle.capabilities[name];
  return {
    id: name,
    object: "capability",
    account,
    future_requirements: futureRequirementsHash(lifecycle),
    requested: true,
    requested_at: requestedAt,
    requirements: requirementsHash(lifecycle.requirements, capabilityDisabledReason(status)),
    status,
  };
}

/** Why a capability is not active, in the Capability's own vocabulary (not the Account's). */
function capabilityDisabledReason(status: CapabilityStatus): string | null {
  if (status === "active") return null;
  return status === "pending" ? "pending.review" : "requirements.fields_needed";
}

export interface BankAccountFields {
  currency: string;
  country: string;
  last4: string;
  account_holder_name: string | null;
  default_for_currency: boolean;
  metadata: Record<string, string>;
}

/** A test bank account (STRIPE TEST BANK, routing 110000000) as a payout destination. */
export function buildBankAccount(
  id: string,
  account: string,
  fields: BankAccountFields,
): Stripe.BankAccount {
  return {
    id,
    object: "bank_account",
    account,
    account_holder_name: fields.account_holder_name,
    account_holder_type: "company",
    account_type: null,
    bank_name: "STRIPE TEST BANK",
    country: fields.country,
    currency: fields.currency,
    customer: null,
    default_for_currency: fields.default_for_currency,
    fingerprint: `emulator${fields.last4}`,
    last4: fields.last4,
    metadata: fields.metadata,
    routing_number: "110000000",
    status: "new",
  };
}

/** A test debit card (Visa) as a payout destination. */
export function buildCard(
  id: string,
  account: string,
  fields: Omit<BankAccountFields, "account_holder_name"> & { name: string | null },
): Stripe.Card {
  return {
    id,
    object: "card",
    account,
    address_city: null,
    address_country: null,
    address_line1: null,
    address_line1_check: null,
    address_line2: null,
    address_state: null,
    address_zip: null,
    address_zip_check: null,
    brand: "Visa",
    country: fields.country,
    currency: fields.currency,
    customer: null,
    cvc_check: "pass",
    default_for_currency: fields.default_for_currency,
    dynamic_last4: null,
    exp_month: 12,
    exp_year: 2034,
    fingerprint: `emulatorCard${fields.last4}`,
    funding: "debit",
    last4: fields.last4,
    metadata: fields.metadata,
    name: fields.name,
    regulated_status: "unregulated",
    tokenization_method: null,
  };
}

export interface PersonFields {
  first_name: string | null;
  last_name: string | null;
  relationship: {
    director: boolean;
    executive: boolean;
    owner: boolean;
    representative: boolean;
    title: string | null;
  };
  metadata: Record<string, string>;
}

/** A person of the account's legal entity, unverified, with nothing due. */
export function buildPerson(
  id: string,
  account: string,
  created: number,
  fields: PersonFields,
): Stripe.Person {
  const nothingDue = {
    alternatives: [],
    currently_due: [],
    errors: [],
    eventually_due: [],
    past_due: [],
    pending_verification: [],
  };
  const noDocument = { back: null, details: null, details_code: null, front: null };
  return {
    id,
    object: "person",
    account,
    additional_tos_acceptances: { account: { date: null, ip: null, user_agent: null } },
    created,
    dob: { day: null, month: null, year: null },
    first_name: fields.first_name,
    future_requirements: nothingDue,
    id_number_provided: false,
    last_name: fields.last_name,
    metadata: fields.metadata,
    relationship: {
      authorizer: null,
      legal_guardian: false,
      percent_ownership: null,
      ...fields.relationship,
    },
    requirements: nothingDue,
    ssn_last_4_provided: false,
    verification: {
      additional_document: noDocument,
      details: null,
      details_code: null,
      document: noDocument,
      status: "unverified",
    },
  };
}

export function buildApplication(id: string, name: string): Stripe.Application {
  return { id, object: "application", name };
}

export interface ChargeFields {
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  balance_transaction: string;
  payment_method: string;
  statement_descriptor: string | null;
}

/** A captured, succeeded test-mode card charge (Visa 4242). */
export function buildCharge(id: string, created: number, fields: ChargeFields): Stripe.Charge {
  return {
    id,
    object: "charge",
    amount: fields.amount,
    amount_captured: fields.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: fields.balance_transaction,
    billing_details: { address: NULL_ADDRESS, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: fields.statement_descriptor,
    captured: true,
    created,
    currency: fields.currency,
    customer: null,
    description: fields.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: fields.metadata,
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: "approved_by_network",
      reason: null,
      seller_message: "Payment complete.",
      type: "authorized",
    },
    paid: true,
    payment_intent: null,
    payment_method: fields.payment_method,
    payment_method_details: {
      card: {
        amount_authorized: fields.amount,
        authorization_code: null,
        brand: "visa",
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: "US",
        electronic_commerce_indicator: null,
        exp_month: 12,
        exp_year: 2034,
        extended_authorization: { status: "disabled" },
        fingerprint: "emulatorVisa4242",
        funding: "credit",
        incremental_authorization: { status: "unavailable" },
        installments: null,
        last4: "4242",
        mandate: null,
        multicapture: { status: "unavailable" },
        network: "visa",
        network_token: { used: false },
        network_transaction_id: null,
        overcapture: { maximum_amount_capturable: fields.amount, status: "unavailable" },
        regulated_status: "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
      type: "card",
    },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: "list", data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "succeeded",
    transfer_data: null,
    transfer_group: null,
  };
}

export type PayoutStatus = "paid" | "pending" | "in_transit" | "canceled" | "failed";

export interface PayoutFields {
  amount: number;
  currency: string;
  status: PayoutStatus;
  arrival_date: number;
  balance_transaction: string;
  destination: string;
}

export function buildPayout(id: string, created: number, fields: PayoutFields): Stripe.Payout {
  return {
    id,
    object: "payout",
    amount: fields.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: fields.arrival_date,
    automatic: true,
    balance_transaction: fields.balance_transaction,
    created,
    currency: fields.currency,
    description: "STRIPE PAYOUT",
    destination: fields.destination,
    failure_balance_transaction: null,
    failure_code: fields.status === "failed" ? "account_closed" : null,
    failure_message: fields.status === "failed" ? "The bank account has been closed." : null,
    livemode: false,
    metadata: {},
    method: "standard",
    original_payout: null,
    payout_method: null,
    reconciliation_status: fields.status === "paid" ? "completed" : "not_applicable",
    reversed_by: null,
    source_type: "card",
    statement_descriptor: null,
    status: fields.status,
    trace_id: { status: fields.status === "paid" ? "supported" : "pending", value: null },
    type: "bank_account",
  };
}

export interface BalanceTransactionFields {
  amount: number;
  currency: string;
  type: "charge" | "payout" | "adjustment";
  source: string | null;
  description: string | null;
  available_on: number;
  status: "available" | "pending";
}

const REPORTING_CATEGORY = { charge: "charge", payout: "payout", adjustment: "other_adjustment" };

/** Stripe's US card pricing: 2.9% + 30 cents, on charges only. */
function processingFee(type: BalanceTransactionFields["type"], amount: number): number {
  return type === "charge" ? Math.round(amount * 0.029) + 30 : 0;
}

export function buildBalanceTransaction(
  id: string,
  created: number,
  fields: BalanceTransactionFields,
): Stripe.BalanceTransaction {
  const fee = processingFee(fields.type, fields.amount);
  return {
    id,
    object: "balance_transaction",
    amount: fields.amount,
    available_on: fields.available_on,
    balance_type: "payments",
    created,
    currency: fields.currency,
    description: fields.description,
    exchange_rate: null,
    fee,
    fee_details:
      fee === 0
        ? []
        : [
            {
              amount: fee,
              application: null,
              currency: fields.currency,
              description: "Stripe processing fees",
              type: "stripe_fee",
            },
          ],
    net: fields.amount - fee,
    reporting_category: REPORTING_CATEGORY[fields.type],
    source: fields.source,
    status: fields.status,
    type: fields.type,
  };
}

/** Amounts per currency, as the emulator keeps an account's balance. */
export type Amounts = Record<string, number>;

export function buildBalance(
  available: Amounts,
  pending: Amounts,
  defaultCurrency: string,
): Stripe.Balance {
  const currencies = [
    ...new Set([defaultCurrency, ...Object.keys(available), ...Object.keys(pending)]),
  ];
  const funds = (amounts: Amounts) =>
    currencies.map((currency) => {
      const amount = amounts[currency] ?? 0;
      return { amount, currency, source_types: { card: amount } };
    });
  return {
    object: "balance",
    available: funds(available),
    connect_reserved: currencies.map((currency) => ({ amount: 0, currency })),
    livemode: false,
    pending: funds(pending),
  };
}

export interface EventMeta {
  id: string;
  account: string | undefined;
  api_version: string;
  created: number;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
}

export function buildEvent(meta: EventMeta, payload: EventPayload): Stripe.Event {
  const { account, ...rest } = meta;
  return {
    ...rest,
    object: "event",
    ...(account === undefined ? {} : { account }),
    livemode: false,
    ...payload,
  };
}
