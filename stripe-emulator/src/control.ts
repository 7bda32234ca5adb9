/**
 * The control API under /_emulator, for tests and demos: JSON in, JSON out, no authentication
 * (the server is loopback-only), and separate from Stripe's key semantics: it never looks at an
 * Authorization header, and /v1 never answers to it.
 */
import { z } from "zod";
import { type EmulatorRequest, type Reply, ReplyError, header, jsonReply } from "./http";
import { authorizeUrl } from "./oauth";
import { indexPage } from "./pages";
import type { Context } from "./context";
import { balanceInsufficient } from "./api";
import { faultSchema } from "./faults";
import {
  LifecycleRefusal,
  activateFuture,
  addFuture,
  makeDue,
  makePastDue,
  provide,
  verify,
  withCapabilities,
} from "./lifecycle";
import { CAPABILITIES, type CapabilityName, type Lifecycle } from "./objects";
import { finishOnboarding, testDetails, verifyPending } from "./onboarding";
import { type AccountRecord, type Store, balanceOf } from "./state";

export function controlError(status: number, message: string, issues?: unknown): ReplyError {
  return new ReplyError(jsonReply(status, { error: { message, ...(issues ? { issues } : {}) } }));
}

const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO currency code")
  .transform((c) => c.toLowerCase());
const amount = z.number().int().positive();
const money = z.strictObject({ amount: z.number().int(), currency });
const chargeSchema = z.strictObject({ amount, currency, description: z.string().optional() });
const payoutSchema = z.strictObject({
  amount,
  currency,
  status: z.enum(["paid", "pending", "in_transit", "canceled", "failed"]).default("paid"),
  created: z.number().int().positive().optional(),
  arrival_date: z.number().int().positive().optional(),
});
const weekday = z.enum([
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
]);
/** `settings.payouts.schedule`: an anchor only where its interval has one. */
const payoutScheduleSchema = z
  .strictObject({
    interval: z.enum(["manual", "daily", "weekly", "monthly"]),
    delay_days: z.number().int().min(0).max(365).default(2),
    weekly_anchor: weekday.optional(),
    monthly_anchor: z.number().int().min(1).max(31).optional(),
  })
  .refine((s) => s.interval === "weekly" || s.weekly_anchor === undefined, {
    message: "weekly_anchor is only for a weekly schedule",
    path: ["weekly_anchor"],
  })
  .refine((s) => s.interval === "monthly" || s.monthly_anchor === undefined, {
    message: "monthly_anchor is only for a monthly schedule",
    path: ["monthly_anchor"],
  })
  .transform((s) => ({
    ...s,
    ...(s.interval === "weekly" ? { weekly_anchor: s.weekly_anchor ?? "monday" } : {}),
    ...(s.interval === "monthly" ? { monthly_anchor: s.monthly_anchor ?? 1 } : {}),
  }));
const accountChanges = {
  email: z.email(),
  business_name: z.string().min(1).nullable(),
  url: z.url().nullable(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code")
    .transform((c) => c.toUpperCase()),
  default_currency: currency,
  charges_enabled: z.boolean(),
  payouts_enabled: z.boolean(),
  details_submitted: z.boolean(),
  payout_schedule: payoutScheduleSchema,
};
const requirementName = z.string().trim().min(1);
const requirementNames = z.array(requirementName).transform((names) => [...new Set(names)]);
/** The requirements a step acts on: at least one. */
const someRequirements = z
  .array(requirementName)
  .min(1)
  .transform((names) => [...new Set(names)]);
const deadline = z.number().int().positive().nullable();
/** Stripe's `disabled_reason` values, or any other (Stripe keeps adding them; tests make some up). */
const disabledReason = z.string().trim().min(1);
const requirementError = z.strictObject({
  requirement: requirementName,
  code: z.string().trim().min(1),
  reason: z.string().min(1),
});
const seedRequirementsSchema = z.strictObject({
  currently_due: requirementNames.optional(),
  eventually_due: requirementNames.optional(),
  past_due: requirementNames.optional(),
  pending_verification: requirementNames.optional(),
  current_deadline: deadline.optional(),
  disabled_reason: disabledReason.nullable().optional(),
  errors: z.array(requirementError).optional(),
  future: z
    .strictObject({
      currently_due: requirementNames.default([]),
      eventually_due: requirementNames.optional(),
      current_deadline: deadline.optional(),
    })
    .optional(),
});
const dueSchema = z.strictObject({
  requirements: someRequirements,
  deadline: deadline.optional(),
  eventually_only: z.boolean().default(false),
});
const pastDueSchema = z.strictObject({ disabled_reason: disabledReason.optional() });
const provideSchema = z.strictObject({
  requirements: someRequirements,
});
const verifySchema = z.strictObject({
  requirements: someRequirements,
  outcome: z
    .union([
      z.literal("verified"),
      z.strictObject({ code: z.string().trim().min(1), reason: z.string().min(1) }),
    ])
    .default("verified"),
});
const futureSchema = z.strictObject({
  requirements: someRequirements,
  deadline,
});
const capabilitySchema = z.strictObject({ status: z.enum(["active", "inactive", "pending"]) });

const seedSchema = z.strictObject({
  id: z
    .string()
    .regex(/^acct_[A-Za-z0-9]{16}$/, "must be acct_ and 16 letters or digits")
    .optional(),
  email: accountChanges.email,
  password: z.string().min(1).default("password"),
  business_name: z.string().min(1),
  url: accountChanges.url.default(null),
  country: accountChanges.country.default("US"),
  default_currency: currency.default("usd"),
  // Default: enabled, but payouts off when the seeded requirements are past due.
  charges_enabled: z.boolean().optional(),
  payouts_enabled: z.boolean().optional(),
  details_submitted: z.boolean().default(true),
  payout_schedule: payoutScheduleSchema.optional(),
  requirements: seedRequirementsSchema.optional(),
  balance: z
    .strictObject({ available: z.array(money).default([]), pending: z.array(money).default([]) })
    .optional(),
  charges: z.array(chargeSchema).default([]),
  payouts: z.array(payoutSchema).default([]),
  connected: z.boolean().default(false),
  scope: z.enum(["read_only", "read_write"]).default("read_write"),
});
const bulkSeedSchema = z.strictObject({ accounts: z.array(seedSchema).min(1).max(5000) });
const updateSchema = z.strictObject(accountChanges).partial();
const burstSchema = z.strictObject({ updates: z.array(updateSchema).min(1).max(100) });
const metadata = z.record(z.string(), z.string());
const externalAccountChanges = {
  account_holder_name: z.string().min(1).nullable(),
  default_for_currency: z.boolean(),
  metadata,
};
const newExternalAccountSchema = z.strictObject({
  object: z.enum(["bank_account", "card"]).default("bank_account"),
  currency: currency.optional(),
  country: accountChanges.country.optional(),
  last4: z
    .string()
    .regex(/^\d{4}$/, "must be four digits")
    .optional(),
  ...z.strictObject(externalAccountChanges).partial().shape,
});
const externalAccountUpdateSchema = z.strictObject(externalAccountChanges).partial();
const personSchema = z
  .strictObject({
    first_name: z.string().min(1).nullable(),
    last_name: z.string().min(1).nullable(),
    relationship: z
      .strictObject({
        director: z.boolean(),
        executive: z.boolean(),
        owner: z.boolean(),
        representative: z.boolean(),
        title: z.string().min(1).nullable(),
      })
      .partial(),
    metadata,
  })
  .partial();
const switchesSchema = z
  .strictObject({
    duplicates: z.boolean(),
    out_of_order: z.boolean(),
    concurrency: z.number().int().min(1).max(64),
    jitter_ms: z.number().int().min(0).max(5_000),
  })
  .partial();
const rateLimitsSchema = z
  .strictObject({ test: z.number().int().min(0), live: z.number().int().min(0) })
  .partial();
const rateLimitsOf = (ctx: Context) => ({
  per_second: ctx.rateLimiter.limits,
  refused: ctx.rateLimiter.refused,
});
const revokeSchema = z.strictObject({ deliver_webhook: z.boolean().default(true) });
const completeOnboardingSchema = z.strictObject({ verify: z.boolean().default(false) });

function parseBody<T extends z.ZodType>(schema: T, req: EmulatorRequest): z.output<T> {
  let body: unknown = {};
  if (req.body.trim() !== "") {
    try {
      body = JSON.parse(req.body);
    } catch {
      throw controlError(400, "The body is not valid JSON.");
    }
  }
  const result = schema.safeParse(body);
  if (!result.success) throw controlError(400, z.prettifyError(result.error), result.error.issues);
  return result.data;
}

function summary(record: AccountRecord) {
  return { account: record.account, connection: record.connection, balance: balanceOf(record) };
}

export async function control(ctx: Context, req: EmulatorRequest): Promise<Reply> {
  const { store, webhooks, faults } = ctx;
  const route = `${req.method} ${req.path
    .replace(/\/acct_[A-Za-z0-9]+/, "/:id")
    .replace(/\/external_accounts\/[A-Za-z0-9_]+$/, "/external_accounts/:external_account")
    .replace(/\/persons\/[A-Za-z0-9_]+$/, "/persons/:person")
    .replace(/\/capabilities\/[A-Za-z0-9_]+$/, "/capabilities/:capability")
    .replace(/\/thin\/events\/evt_[A-Za-z0-9]+/, "/thin/events/:event")}`;
  const id = /\/(acct_[A-Za-z0-9]+)/.exec(req.path)?.[1] ?? "";
  const child =
    /\/(?:external_accounts|persons|capabilities)\/([A-Za-z0-9_]+)$/.exec(req.path)?.[1] ?? "";
  const record = () => {
    const found = store.account(id);
    if (found === undefined || id === store.data.platform) {
      throw controlError(404, `No such account: ${id}`);
    }
    return found;
  };
  const externalAccount = () => {
    const target = record();
    const found = store.externalAccount(target, child);
    if (found === undefined) throw controlError(404, `No such external account: ${child}`);
    return { target, found };
  };
  const person = () => {
    const target = record();
    const found = store.person(target, child);
    if (found === undefined) throw controlError(404, `No such person: ${child}`);
    return { target, found };
  };
  if (req.method !== "GET" && !/^application\/json\b/.test(header(req, "content-type") ?? "")) {
    // JSON only: a form on another web page cannot post here without a CORS preflight.
    throw controlError(415, "Send Content-Type: application/json.");
  }

  switch (route) {
    case "GET /_emulator":
      return indexPage({
        url: ctx.url,
        clientId: ctx.config.clientId,
        platformName: ctx.config.platformName,
        redirectUris: ctx.config.redirectUris,
        webhookEndpoints: ctx.config.webhookEndpoints.map((e) => e.url),
        eventDestinations: ctx.config.eventDestinations.map((e) => e.url),
        authorizeUrl: authorizeUrl(ctx),
        now: store.now(),
        clockOffset: store.data.clock_offset,
        accounts: store.sellers().map(summary),
        deliveries: webhooks.deliveries,
        thinDeliveries: ctx.thin.deliveries,
        switches: webhooks.switches,
        faults: faults.describe(),
      });
    case "POST /_emulator/reset":
      store.reset();
      ctx.live?.store.reset();
      webhooks.reset();
      ctx.thin.reset();
      ctx.cancelLater();
      faults.clear();
      ctx.rateLimiter.reset();
      return jsonReply(200, { reset: true });
    case "GET /_emulator/accounts":
      return jsonReply(200, { data: store.sellers().map(summary) });
    case "POST /_emulator/accounts":
      return jsonReply(201, seedAccount(ctx, parseBody(seedSchema, req)).account);
    case "POST /_emulator/accounts/bulk": {
      // Many accounts in one call (a test of thousands of connections): all or none.
      const { accounts } = parseBody(bulkSeedSchema, req);
      const emails = accounts.map((a) => a.email.toLowerCase());
      const ids = accounts.flatMap((a) => (a.id === undefined ? [] : [a.id]));
      if (new Set(emails).size < emails.length || new Set(ids).size < ids.length) {
        throw controlError(409, "Two accounts of the batch have the same email or id.");
      }
      const taken = new Set(store.sellers().map((r) => r.account.email?.toLowerCase()));
      const clash = accounts.find(
        (a) => taken.has(a.email.toLowerCase()) || (a.id !== undefined && store.account(a.id)),
      );
      if (clash) throw controlError(409, `An account with email ${clash.email} or its id exists.`);
      return jsonReply(201, {
        data: accounts.map((seed) => seedAccount(ctx, seed, { checked: true }).account),
      });
    }
    case "GET /_emulator/accounts/:id":
      return jsonReply(200, summary(record()));
    case "POST /_emulator/accounts/:id": {
      const target = record();
      store.updateAccount(target, parseBody(updateSchema, req));
      return jsonReply(200, target.account);
    }
    case "POST /_emulator/accounts/:id/burst": {
      // Several account.updated within one second, as Stripe sends while an account settles.
      const target = record();
      const { updates } = parseBody(burstSchema, req);
      store.withinOneSecond(() => {
        for (const changes of updates) store.updateAccount(target, changes);
      });
      return jsonReply(200, target.account);
    }
    case "POST /_emulator/accounts/:id/requirements/due": {
      const { requirements, deadline, eventually_only } = parseBody(dueSchema, req);
      return lifecycleStep(store, record(), (l) =>
        makeDue(l, requirements, { deadline, eventuallyOnly: eventually_only }),
      );
    }
    case "POST /_emulator/accounts/:id/requirements/past_due":
    case "POST /_emulator/accounts/:id/requirements/restrict": {
      const target = record();
      const { disabled_reason } = parseBody(pastDueSchema, req);
      const restrict = route.endsWith("/restrict");
      return lifecycleStep(store, target, (l) =>
        makePastDue(l, { disabledReason: disabled_reason, restrict }),
      );
    }
    case "POST /_emulator/accounts/:id/requirements/provide": {
      const target = record();
      const { requirements } = parseBody(provideSchema, req);
      return lifecycleStep(store, target, (l) => provide(l, requirements));
    }
    case "POST /_emulator/accounts/:id/requirements/verify": {
      const target = record();
      const { requirements, outcome } = parseBody(verifySchema, req);
      return lifecycleStep(store, target, (l) => verify(l, requirements, outcome));
    }
    case "POST /_emulator/accounts/:id/future_requirements": {
      const target = record();
      const { requirements, deadline } = parseBody(futureSchema, req);
      return lifecycleStep(store, target, (l) => addFuture(l, requirements, deadline));
    }
    case "POST /_emulator/accounts/:id/future_requirements/activate": {
      const target = record();
      parseBody(z.strictObject({}), req);
      return lifecycleStep(store, target, activateFuture);
    }
    case "GET /_emulator/accounts/:id/capabilities":
      return jsonReply(200, { data: store.capabilities(record()) });
    case "POST /_emulator/accounts/:id/capabilities/:capability": {
      const target = record();
      if (!(child in CAPABILITIES)) {
        throw controlError(
          404,
          `No such capability: ${child} (the emulator models ${Object.keys(CAPABILITIES).join(" and ")}).`,
        );
      }
      const name = child as CapabilityName;
      const { status } = parseBody(capabilitySchema, req);
      store.step(target, (l) => withCapabilities(l, { [name]: status }));
      return jsonReply(
        200,
        store.capabilities(target).find((c) => c.id === name),
      );
    }
    case "GET /_emulator/accounts/:id/external_accounts":
      return jsonReply(200, { data: record().external_accounts ?? [] });
    case "POST /_emulator/accounts/:id/external_accounts":
      return jsonReply(
        201,
        store.addExternalAccount(record(), parseBody(newExternalAccountSchema, req)),
      );
    case "POST /_emulator/accounts/:id/external_accounts/:external_account": {
      const { target, found } = externalAccount();
      const changes = parseBody(externalAccountUpdateSchema, req);
      return jsonReply(200, store.updateExternalAccount(target, found, changes));
    }
    case "DELETE /_emulator/accounts/:id/external_accounts/:external_account": {
      const { target, found } = externalAccount();
      store.deleteExternalAccount(target, found);
      return jsonReply(200, { id: found.id, object: found.object, deleted: true });
    }
    case "GET /_emulator/accounts/:id/persons":
      return jsonReply(200, { data: record().persons ?? [] });
    case "POST /_emulator/accounts/:id/persons":
      return jsonReply(201, store.addPerson(record(), parseBody(personSchema, req)));
    case "POST /_emulator/accounts/:id/persons/:person": {
      const { target, found } = person();
      return jsonReply(200, store.updatePerson(target, found, parseBody(personSchema, req)));
    }
    case "DELETE /_emulator/accounts/:id/persons/:person": {
      const { target, found } = person();
      store.deletePerson(target, found);
      return jsonReply(200, { id: found.id, object: "person", deleted: true });
    }
    case "POST /_emulator/accounts/:id/revoke": {
      const target = record();
      const { deliver_webhook } = parseBody(revokeSchema, req);
      if (!target.connection) throw controlError(409, `${id} is not connected to the platform.`);
      store.disconnect(target, { deliver: deliver_webhook });
      return jsonReply(200, { stripe_user_id: id });
    }
    case "POST /_emulator/accounts/:id/charges":
      return jsonReply(201, store.addCharge(record(), parseBody(chargeSchema, req)));
    case "POST /_emulator/accounts/:id/payouts": {
      const target = record();
      const payout = parseBody(payoutSchema, req);
      // Stripe pays out only what is available (failed and canceled payouts take nothing).
      if (!["failed", "canceled"].includes(payout.status) && !store.covers(target, payout)) {
        throw balanceInsufficient();
      }
      return jsonReply(201, store.addPayout(target, payout));
    }
    case "GET /_emulator/settings":
      return jsonReply(200, store.settings());
    case "POST /_emulator/settings":
      store.data.settings = {
        ...store.settings(),
        ...parseBody(z.strictObject({ oauth_enabled: z.boolean() }).partial(), req),
      };
      return jsonReply(200, store.settings());
    case "GET /_emulator/clock":
      return jsonReply(200, { now: store.now(), offset_seconds: store.data.clock_offset });
    case "POST /_emulator/clock/advance":
      store.advanceClock(parseBody(z.strictObject({ seconds: z.number().int() }), req).seconds);
      webhooks.clockMoved();
      return jsonReply(200, { now: store.now(), offset_seconds: store.data.clock_offset });
    case "GET /_emulator/faults":
      return jsonReply(200, faults.describe());
    case "POST /_emulator/faults": {
      const fault = parseBody(faultSchema, req);
      if ("path" in fault) faults.list.push(fault);
      else faults.dropStateOnDeny = fault.drop_state_on_deny;
      return jsonReply(200, faults.describe());
    }
    case "GET /_emulator/rate_limits":
      return jsonReply(200, rateLimitsOf(ctx));
    case "POST /_emulator/rate_limits":
      ctx.rateLimiter.set(parseBody(rateLimitsSchema, req));
      return jsonReply(200, rateLimitsOf(ctx));
    case "DELETE /_emulator/faults":
      faults.clear();
      return jsonReply(200, faults.describe());
    case "POST /_emulator/webhooks/switches":
      webhooks.setSwitches(parseBody(switchesSchema, req));
      return jsonReply(200, webhooks.switches);
    case "POST /_emulator/webhooks/flush":
      await webhooks.flush();
      return jsonReply(200, { data: webhooks.deliveries });
    case "GET /_emulator/deliveries":
      return jsonReply(200, { data: webhooks.deliveries });
    case "POST /_emulator/accounts/:id/onboarding/complete": {
      // The hosted onboarding's "Skip", without a browser; `verify` also passes the review.
      const target = record();
      const { verify } = parseBody(completeOnboardingSchema, req);
      try {
        finishOnboarding(ctx, target, testDetails(target));
        if (verify) verifyPending(ctx, target);
      } catch (error) {
        if (error instanceof LifecycleRefusal) throw controlError(409, error.message);
        throw error;
      }
      return jsonReply(200, target.account);
    }
    case "POST /_emulator/accounts/:id/requirements/verify_pending": {
      const target = record();
      parseBody(z.strictObject({}), req);
      verifyPending(ctx, target);
      return jsonReply(200, target.account);
    }
    case "GET /_emulator/thin/events":
      return jsonReply(200, { data: store.data.v2_events ?? [] });
    case "POST /_emulator/thin/events/:event/resend": {
      // Sends a thin event's notification again: a duplicate, or an old one after newer ones.
      parseBody(z.strictObject({}), req);
      const eventId = /\/thin\/events\/(evt_[A-Za-z0-9]+)/.exec(req.path)?.[1] ?? "";
      const event = ctx.thinEvents.resend(eventId);
      if (!event) throw controlError(404, `No such v2 event: ${eventId}`);
      return jsonReply(200, event);
    }
    case "POST /_emulator/thin/switches":
      ctx.thin.setSwitches(parseBody(switchesSchema, req));
      return jsonReply(200, ctx.thin.switches);
    case "POST /_emulator/thin/flush":
      await ctx.thin.flush();
      return jsonReply(200, { data: ctx.thin.deliveries });
    case "GET /_emulator/thin/deliveries":
      return jsonReply(200, { data: ctx.thin.deliveries });
    default:
      throw controlError(
        404,
        `Unknown control route: ${req.method} ${req.path}. See stripe-emulator/README.md.`,
      );
  }
}

/**
 * Seeds an account: charges and payouts first (recorded with their events, delivered to nobody as
 * the account is not connected yet), then the connection (without an authorized event) and the
 * balance, which when given replaces what the charges and payouts added up to.
 */
/**
 * One step of the requirements lifecycle as one Stripe update (its events sent) → the Account; a
 * step that cannot happen now is refused with 409, and changes nothing.
 */
function lifecycleStep(
  store: Store,
  record: AccountRecord,
  change: (lifecycle: Lifecycle) => Lifecycle,
): Reply {
  try {
    store.step(record, change);
  } catch (error) {
    if (error instanceof LifecycleRefusal) throw controlError(409, error.message);
    throw error;
  }
  return jsonReply(200, record.account);
}

function seedAccount(
  ctx: Context,
  seed: z.output<typeof seedSchema>,
  { checked = false } = {},
): AccountRecord {
  const { store } = ctx;
  if (!checked && store.accountByEmail(seed.email))
    throw controlError(409, `An account with email ${seed.email} exists.`);
  if (!checked && seed.id !== undefined && store.account(seed.id))
    throw controlError(409, `${seed.id} exists.`);
  const record = store.createAccount(
    {
      email: seed.email,
      business_name: seed.business_name,
      url: seed.url,
      country: seed.country,
      default_currency: seed.default_currency,
      charges_enabled: seed.charges_enabled ?? true,
      payouts_enabled: seed.payouts_enabled ?? (seed.requirements?.past_due ?? []).length === 0,
      details_submitted: seed.details_submitted,
      ...(seed.payout_schedule ? { payout_schedule: seed.payout_schedule } : {}),
    },
    seed.password,
    seed.id,
    seed.requirements,
  );
  for (const charge of seed.charges) store.addCharge(record, charge);
  for (const payout of seed.payouts) store.addPayout(record, payout);
  if (seed.connected)
    record.connection = { scope: seed.scope, connected_at: store.now(), code: null };
  if (seed.balance) {
    const total = (funds: { amount: number; currency: string }[]) =>
      funds.reduce<Record<string, number>>(
        (sum, f) => ({ ...sum, [f.currency]: (sum[f.currency] ?? 0) + f.amount }),
        {},
      );
    record.balance = {
      available: total(seed.balance.available),
      pending: total(seed.balance.pending),
    };
  }
  return record;
}

/** The control API's request bodies and answers, as the typed client (client.ts) sends and reads them. */
export type SeedAccountBody = z.input<typeof seedSchema>;
export type BulkSeedBody = z.input<typeof bulkSeedSchema>;
export type UpdateAccountBody = z.input<typeof updateSchema>;
export type RevokeBody = z.input<typeof revokeSchema>;
export type CompleteOnboardingBody = z.input<typeof completeOnboardingSchema>;
export type ChargeBody = z.input<typeof chargeSchema>;
export type PayoutBody = z.input<typeof payoutSchema>;
export type PayoutScheduleBody = z.input<typeof payoutScheduleSchema>;
export type SeedRequirementsBody = z.input<typeof seedRequirementsSchema>;
export type RequirementsDueBody = z.input<typeof dueSchema>;
export type PastDueBody = z.input<typeof pastDueSchema>;
export type ProvideBody = z.input<typeof provideSchema>;
export type VerifyBody = z.input<typeof verifySchema>;
export type FutureRequirementsBody = z.input<typeof futureSchema>;
export type CapabilityBody = z.input<typeof capabilitySchema>;
export type AccountSummary = ReturnType<typeof summary>;
