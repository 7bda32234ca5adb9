/**
 * Connect webhook events for the integration tests and the webhook benchmark, built on Stripe's
 * published example objects (the emulator package's `stripe-connect-emulator/fixtures`), and signed the way Stripe signs them.
 */
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import fixtures from "stripe-connect-emulator/fixtures";

export const examples = fixtures.resources as unknown as {
  account: Stripe.Account;
  application: Stripe.Application;
  charge: Stripe.Charge;
  payout: Stripe.Payout;
};

export function stripeId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString("hex")}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface EventOptions {
  id?: string;
  /** Unix seconds (default: now). */
  created?: number;
  livemode?: boolean;
}

/** A Connect event about `account` (`account: null` for an event without one). */
export function connectEvent(
  type: string,
  account: string | null,
  object: object,
  options: EventOptions = {},
): Stripe.Event {
  return {
    id: options.id ?? stripeId("evt_"),
    object: "event",
    api_version: Stripe.API_VERSION,
    created: options.created ?? nowSeconds(),
    livemode: options.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    ...(account ? { account } : {}),
    data: { object },
  } as unknown as Stripe.Event;
}

export interface AccountFields {
  businessName: string;
  email?: string;
  country?: string;
  chargesEnabled?: boolean;
  payoutsEnabled?: boolean;
  detailsSubmitted?: boolean;
  requirementsDue?: string[];
  /** Stripe's requirements, over those `requirementsDue` and `chargesEnabled` imply. */
  requirements?: Partial<Stripe.Account.Requirements>;
  futureRequirements?: Partial<Stripe.Account.FutureRequirements>;
  capabilities?: Stripe.Account.Capabilities;
  payoutSchedule?: Partial<Stripe.Account.Settings.Payouts.Schedule>;
}

function withSchedule(
  settings: Stripe.Account["settings"],
  schedule: AccountFields["payoutSchedule"],
): Stripe.Account["settings"] {
  const payouts = settings?.payouts;
  if (!settings || !payouts || !schedule) return settings;
  return { ...settings, payouts: { ...payouts, schedule: { ...payouts.schedule, ...schedule } } };
}

export function accountObject(id: string, fields: AccountFields): Stripe.Account {
  const example = examples.account;
  const due = fields.requirementsDue ?? [];
  const chargesEnabled = fields.chargesEnabled ?? true;
  return {
    ...example,
    id,
    email: fields.email ?? `${id}@example.test`,
    country: fields.country ?? "US",
    default_currency: "usd",
    business_profile: {
      ...(example.business_profile as Stripe.Account.BusinessProfile),
      name: fields.businessName,
    },
    charges_enabled: chargesEnabled,
    payouts_enabled: fields.payoutsEnabled ?? true,
    details_submitted: fields.detailsSubmitted ?? true,
    requirements: {
      ...(example.requirements as Stripe.Account.Requirements),
      currently_due: due,
      eventually_due: due,
      disabled_reason: chargesEnabled ? null : "requirements.past_due",
      ...fields.requirements,
    },
    future_requirements: {
      ...(example.future_requirements as Stripe.Account.FutureRequirements),
      ...fields.futureRequirements,
    },
    capabilities: fields.capabilities ?? example.capabilities,
    settings: withSchedule(example.settings, fields.payoutSchedule),
  };
}

export function accountUpdatedEvent(
  account: string,
  fields: AccountFields,
  options?: EventOptions,
): Stripe.Event {
  return connectEvent("account.updated", account, accountObject(account, fields), options);
}

export function deauthorizedEvent(account: string, options?: EventOptions): Stripe.Event {
  // data.object is the platform's application, not the seller.
  const application = { ...examples.application, id: "ca_emulator00000000000000000000" };
  return connectEvent("account.application.deauthorized", account, application, options);
}

export function chargeSucceededEvent(
  account: string,
  charge: { amount: number; currency?: string; description?: string; id?: string },
  options?: EventOptions,
): Stripe.Event {
  const created = options?.created ?? nowSeconds();
  const object: Stripe.Charge = {
    ...examples.charge,
    id: charge.id ?? stripeId("ch_"),
    amount: charge.amount,
    amount_captured: charge.amount,
    currency: charge.currency ?? "usd",
    description: charge.description ?? null,
    created,
  };
  return connectEvent("charge.succeeded", account, object, { ...options, created });
}

export function payoutPaidEvent(
  account: string,
  payout: { amount: number; currency?: string; id?: string },
  options?: EventOptions,
): Stripe.Event {
  const created = options?.created ?? nowSeconds();
  const object: Stripe.Payout = {
    ...examples.payout,
    id: payout.id ?? stripeId("po_"),
    amount: payout.amount,
    currency: payout.currency ?? "usd",
    status: "paid",
    created,
    arrival_date: created,
  };
  return connectEvent("payout.paid", account, object, { ...options, created });
}

/** The body and `Stripe-Signature` header Stripe would send for `event`. */
/** A thin (v2) event notification about the v2 account `account`, as Stripe POSTs it. */
export interface ThinNotification {
  id: string;
  object: "v2.core.event";
  type: string;
  livemode: boolean;
  created: string;
  context: string;
  related_object: { id: string; type: string; url: string };
}

export function thinNotification(
  type: string,
  account: string,
  options: { id?: string; created?: Date; livemode?: boolean } = {},
): ThinNotification {
  return {
    id: options.id ?? stripeId("evt_"),
    object: "v2.core.event",
    type,
    livemode: options.livemode ?? false,
    created: (options.created ?? new Date()).toISOString(),
    context: account,
    related_object: { id: account, type: "v2.core.account", url: `/v2/core/accounts/${account}` },
  };
}

export function signed(
  event: Stripe.Event | ThinNotification | string,
  secret: string,
  options: { timestamp?: number; scheme?: string } = {},
): { body: string; signature: string } {
  const body = typeof event === "string" ? event : JSON.stringify(event, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    ...(options.scheme === undefined ? {} : { scheme: options.scheme }),
  });
  return { body, signature };
}
