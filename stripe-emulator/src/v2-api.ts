/**
 * The /v2 API subset: Accounts v2 (create, retrieve, update, close), Account Links and Events, with
 * v2's conventions: JSON bodies, `include[]` instead of `expand[]`, ISO timestamps, errors shaped
 * `{ error: { type, code, message } }`, `Stripe-Context` (never `Stripe-Account`) to act on a
 * connected account, and `Idempotency-Key` replay (stripe-node sends one with every v2 POST).
 *
 * A v2 account is the same record as a v1 one (src/state.ts): created here, it is connected to the
 * platform at once, so `/v1/accounts/:id`, balances, charges and payouts with `Stripe-Account`,
 * v1 `account.updated` events and the control API all work on it as on an OAuth account.
 */
import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import { z } from "zod";
import { RATE_LIMIT_MESSAGE, withRetryAfter } from "./api";
import type { Context } from "./context";
import {
  type EmulatorRequest,
  type Reply,
  ReplyError,
  authorizationKey,
  header,
  jsonReply,
} from "./http";
import { canonicalJson, idempotentReply } from "./idempotency";
import { maskKey, newId } from "./ids";
import { withCapabilities } from "./lifecycle";
import type { AccountRecord, EventRequest } from "./state";
import {
  type AccountLinkRecord,
  type V2Include,
  type V2Profile,
  V2_INCLUDES,
  buildAccountLink,
  buildV2Account,
  profileOf,
} from "./v2-objects";

type V2ErrorType = "invalid_request_error" | "api_error" | "idempotency_error" | "rate_limit_error";

/** A v2 error: `{ error: { type, code, message, param? } }`. */
export function v2Error(
  status: number,
  type: V2ErrorType,
  code: string,
  message: string,
  param?: string,
): ReplyError {
  return new ReplyError(
    jsonReply(status, { error: { type, code, message, ...(param ? { param } : {}) } }),
  );
}

const notFound = (noun: string, id: string) =>
  v2Error(404, "invalid_request_error", "resource_missing", `No such ${noun}: '${id}'`);

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" });
const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code")
  .transform((c) => c.toUpperCase());
const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO currency code")
  .transform((c) => c.toLowerCase());
const text = z.string().trim().min(1);
const responsibilitiesSchema = z.strictObject({
  fees_collector: z.enum(["application", "application_custom", "application_express", "stripe"]),
  losses_collector: z.enum(["application", "stripe"]),
});
const individualSchema = z.strictObject({
  given_name: text.optional(),
  surname: text.optional(),
  email: z.email().optional(),
  date_of_birth: z
    .strictObject({
      day: z.number().int().min(1).max(31),
      month: z.number().int().min(1).max(12),
      year: z.number().int().min(1900),
    })
    .optional(),
});
const accountFieldsSchema = {
  contact_email: z.email(),
  contact_phone: text,
  display_name: text.max(100),
  dashboard: z.enum(["express", "full", "none"]),
  defaults: z.strictObject({
    currency: currency.optional(),
    locales: z.array(text).optional(),
    profile: z
      .strictObject({
        business_url: httpUrl.optional(),
        doing_business_as: text.optional(),
        product_description: text.optional(),
      })
      .optional(),
    responsibilities: responsibilitiesSchema.optional(),
  }),
  configuration: z.strictObject({
    merchant: z
      .strictObject({
        capabilities: z
          .strictObject({ card_payments: z.strictObject({ requested: z.boolean() }).optional() })
          .optional(),
        support: z.strictObject({ phone: text.optional(), url: httpUrl.optional() }).optional(),
      })
      .optional(),
  }),
  identity: z.strictObject({
    country: country.optional(),
    entity_type: z.enum(["company", "government_entity", "individual", "non_profit"]).optional(),
    business_details: z
      .strictObject({ registered_name: text.optional(), phone: text.optional() })
      .optional(),
    individual: individualSchema.optional(),
  }),
  include: z.array(z.enum(V2_INCLUDES)),
  metadata: z.record(z.string(), z.string()),
};
const updateSchema = z.strictObject(accountFieldsSchema).partial();
const createSchema = updateSchema.required({ contact_email: true });

const linkUrlsSchema = z.strictObject({
  configurations: z
    .array(z.enum(["customer", "merchant", "recipient"]))
    .min(1)
    .optional(),
  refresh_url: httpUrl,
  return_url: httpUrl.optional(),
  collection_options: z
    .strictObject({
      fields: z.enum(["currently_due", "eventually_due"]).optional(),
      future_requirements: z.enum(["include", "omit"]).optional(),
    })
    .optional(),
});
const accountLinkSchema = z.strictObject({
  account: z.string().regex(/^acct_[A-Za-z0-9]+$/, "must be an acct_… id"),
  use_case: z
    .strictObject({
      type: z.enum(["account_onboarding", "account_update"]),
      account_onboarding: linkUrlsSchema.optional(),
      account_update: linkUrlsSchema.optional(),
    })
    .refine((u) => u[u.type] !== undefined, {
      message:
        "must carry the settings of its type (use_case.account_onboarding for account_onboarding)",
    }),
});
const closeSchema = z.strictObject({
  applied_configurations: z.array(z.enum(["customer", "merchant", "recipient"])).optional(),
});

interface V2Call {
  ctx: Context;
  req: EmulatorRequest;
  /** The connected account `Stripe-Context` names, if any. */
  context: AccountRecord | undefined;
  id: string;
}

interface V2Route {
  method: "GET" | "POST";
  path: RegExp;
  handle: (call: V2Call) => unknown;
}

const ROUTES: V2Route[] = [
  { method: "POST", path: /^\/v2\/core\/accounts$/, handle: createAccount },
  { method: "GET", path: /^\/v2\/core\/accounts\/([^/]+)$/, handle: retrieveAccount },
  { method: "POST", path: /^\/v2\/core\/accounts\/([^/]+)$/, handle: updateAccount },
  { method: "POST", path: /^\/v2\/core\/accounts\/([^/]+)\/close$/, handle: closeAccount },
  { method: "POST", path: /^\/v2\/core\/account_links$/, handle: createAccountLink },
  { method: "GET", path: /^\/v2\/core\/events$/, handle: listEvents },
  { method: "GET", path: /^\/v2\/core\/events\/([^/]+)$/, handle: retrieveEvent },
];

/**
 * A /v2 request: the platform's secret key (v2 takes no OAuth access token), the rate limit,
 * `Stripe-Context`, then the route; a POST replays its `Idempotency-Key`'s first answer.
 * `fault` (an injected failure's status) answers that failure instead.
 */
export function v2Api(ctx: Context, req: EmulatorRequest, fault?: number): Reply {
  let reply: Reply;
  try {
    const key = authenticate(ctx, req);
    if (fault !== undefined) throw injectedFailure(fault);
    const wait = ctx.rateLimiter.take(key);
    if (wait > 0) throw rateLimited(wait);
    reply = dispatch(ctx, req);
  } catch (error) {
    if (!(error instanceof ReplyError)) throw error;
    reply = error.reply;
  }
  const idempotencyKey = header(req, "idempotency-key");
  return {
    ...reply,
    headers: {
      ...reply.headers,
      "Stripe-Version": header(req, "stripe-version") ?? ctx.config.apiVersion,
      ...(req.method === "POST" && idempotencyKey !== undefined
        ? { "Idempotency-Key": idempotencyKey }
        : {}),
    },
  };
}

function authenticate(ctx: Context, req: EmulatorRequest): string {
  const key = authorizationKey(req);
  if (key === undefined) {
    throw v2Error(
      401,
      "invalid_request_error",
      "authentication_required",
      "You did not provide an API key. Send your secret key in the Authorization header, using Bearer auth.",
    );
  }
  if (key !== ctx.config.secretKey) {
    throw v2Error(
      401,
      "invalid_request_error",
      "invalid_api_key",
      `Invalid API Key provided: ${maskKey(key)}. The v2 API takes the platform's secret key (the emulator's ${ctx.livemode ? "live" : "test"} key).`,
    );
  }
  return key;
}

function dispatch(ctx: Context, req: EmulatorRequest): Reply {
  const path = req.path;
  const route = ROUTES.find((r) => r.method === req.method && r.path.test(path));
  if (!route) {
    throw v2Error(
      404,
      "invalid_request_error",
      "unrecognized_request_url",
      `Unrecognized request URL (${req.method}: ${path}). The emulator serves /v2/core/accounts, /v2/core/account_links and /v2/core/events (see stripe-emulator/README.md).`,
    );
  }
  if (header(req, "stripe-account") !== undefined) {
    throw v2Error(
      400,
      "invalid_request_error",
      "invalid_header",
      "The Stripe-Account header is not supported on /v2 requests: use Stripe-Context.",
    );
  }
  const id = decodeURIComponent(route.path.exec(path)?.[1] ?? "");
  const call: V2Call = { ctx, req, context: stripeContext(ctx, req), id };
  const run = () => jsonReply(200, route.handle(call));
  return req.method === "POST" ? idempotent(ctx, req, run) : run();
}

/** The account `Stripe-Context` names: the platform's own, or one of its connected accounts. */
function stripeContext(ctx: Context, req: EmulatorRequest): AccountRecord | undefined {
  const value = header(req, "stripe-context");
  if (value === undefined || value === "" || value === ctx.store.data.platform) return undefined;
  const record = ctx.store.account(value);
  if (record?.connection) return record;
  throw v2Error(
    403,
    "invalid_request_error",
    "account_invalid",
    `The platform does not have access to account '${value}' (Stripe-Context), or that account does not exist.`,
  );
}

/** The JSON body parsed against `schema`, or a 400 naming the first bad parameter. */
function body<T>(req: EmulatorRequest, schema: z.ZodType<T>): T {
  let value: unknown = {};
  if (req.body.trim() !== "") {
    try {
      value = JSON.parse(req.body);
    } catch {
      throw v2Error(
        400,
        "invalid_request_error",
        "invalid_json",
        "The request body is not valid JSON (v2 requests send Content-Type: application/json).",
      );
    }
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  if (!issue) throw v2Error(400, "invalid_request_error", "parameter_invalid", "Invalid request.");
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const param = [...path, issue.keys[0] ?? ""].join(".");
    throw v2Error(
      400,
      "invalid_request_error",
      "parameter_unknown",
      `Received unknown parameter: ${param} (the emulator models what stripe-emulator/README.md lists).`,
      param,
    );
  }
  const param = path.join(".");
  const missing = issue.code === "invalid_type" && issue.input === undefined;
  throw v2Error(
    400,
    "invalid_request_error",
    missing ? "parameter_missing" : "parameter_invalid",
    missing ? `Missing required param: ${param}.` : `Invalid ${param}: ${issue.message}`,
    param,
  );
}

/** The `include` of a GET (`include[0]=…`, as stripe-node sends it, or repeated `include=…`). */
function queryIncludes(search: string): V2Include[] {
  const asked: string[] = [];
  for (const [key, value] of new URLSearchParams(search)) {
    if (!/^include(\[\d*\])?$/.test(key)) {
      throw v2Error(
        400,
        "invalid_request_error",
        "parameter_unknown",
        `Received unknown parameter: ${key}`,
        key,
      );
    }
    asked.push(value);
  }
  return asked.map((name) => {
    if ((V2_INCLUDES as readonly string[]).includes(name)) return name as V2Include;
    throw v2Error(
      400,
      "invalid_request_error",
      "parameter_invalid",
      `Invalid include: ${name} (one of ${V2_INCLUDES.join(", ")}).`,
      "include",
    );
  });
}

/** The caller's request, as events name the request that caused them. */
function eventRequest(req: EmulatorRequest): EventRequest {
  return { id: req.requestId, idempotency_key: header(req, "idempotency-key") ?? null };
}

/** The account `id`, when it is one of the platform's connected accounts. */
function connectedAccount(ctx: Context, id: string): AccountRecord {
  const record = ctx.store.account(id);
  if (!record?.connection || id === ctx.store.data.platform) throw notFound("account", id);
  return record;
}

/** The v2 Account; a closed one shows only its non-personal basics, whatever `include` asks. */
function render(ctx: Context, record: AccountRecord, include: readonly V2Include[]) {
  const profile = record.v2 ?? profileOf(record.account);
  if (profile.closed) include = [];
  return buildV2Account(
    record.account,
    ctx.store.lifecycle(record),
    profile,
    include,
    ctx.livemode,
  );
}

/**
 * Creates an account connected to the platform: details not submitted, payments and payouts off,
 * Stripe's onboarding requirements currently due (the hosted onboarding, src/onboarding.ts,
 * provides them).
 */
function createAccount({ ctx, req }: V2Call) {
  const input = body(req, createSchema);
  const { store } = ctx;
  const identity = input.identity ?? {};
  const entityType = identity.entity_type ?? "individual";
  const person = entityType === "individual" ? "individual" : "representative";
  const record = store.createAccount(
    {
      email: input.contact_email,
      business_name: input.display_name ?? identity.business_details?.registered_name ?? null,
      country: identity.country ?? "US",
      default_currency: input.defaults?.currency ?? "usd",
      url:
        input.defaults?.profile?.business_url ??
        input.configuration?.merchant?.support?.url ??
        null,
      product_description: input.defaults?.profile?.product_description ?? null,
      support_phone: input.configuration?.merchant?.support?.phone ?? null,
      business_type: entityType === "government_entity" ? "government_entity" : entityType,
      details_submitted: false,
      charges_enabled: false,
      payouts_enabled: false,
    },
    // Nobody signs in to a v2 account on the authorize page: a password no one knows.
    randomBytes(24).toString("base64url"),
    undefined,
    { currently_due: [`${person}.verification.document`] },
  );
  record.v2 = profileFrom(input, entityType);
  record.account.metadata = { ...record.v2.metadata };
  record.account.controller = controllerOf(record.v2);
  record.connection = { scope: "read_write", connected_at: store.now(), code: null };
  return render(ctx, record, input.include ?? []);
}

function profileFrom(
  input: z.output<typeof createSchema>,
  entityType: V2Profile["entity_type"],
): V2Profile {
  const individual = input.identity?.individual;
  const dob = individual?.date_of_birth;
  return {
    dashboard: input.dashboard ?? "full",
    display_name: input.display_name ?? null,
    contact_email: input.contact_email,
    contact_phone: input.contact_phone ?? null,
    entity_type: entityType,
    registered_name: input.identity?.business_details?.registered_name ?? null,
    business_phone: input.identity?.business_details?.phone ?? null,
    individual: individual
      ? {
          given_name: individual.given_name ?? null,
          surname: individual.surname ?? null,
          email: individual.email ?? null,
          date_of_birth: dob ? isoDate(dob) : null,
          id_number_last4: null,
        }
      : null,
    responsibilities: input.defaults?.responsibilities ?? {
      fees_collector: "stripe",
      losses_collector: "stripe",
    },
    card_payments_requested:
      input.configuration?.merchant?.capabilities?.card_payments?.requested ?? false,
    locales: input.defaults?.locales ?? ["en-US"],
    tos_accepted_at: null,
    metadata: input.metadata ?? {},
    closed: false,
  };
}

/**
 * The v1 `controller` of an account the platform created: the platform controls it, with Stripe
 * (or the platform) collecting fees and losses as the v2 responsibilities say.
 */
function controllerOf(profile: V2Profile): Stripe.Account.Controller {
  const fees = profile.responsibilities.fees_collector;
  return {
    type: "application",
    is_controller: true,
    fees: { payer: fees === "stripe" ? "account" : fees },
    losses: { payments: profile.responsibilities.losses_collector },
    requirement_collection: "stripe",
    stripe_dashboard: { type: profile.dashboard },
  };
}

function isoDate({ year, month, day }: { year: number; month: number; day: number }): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function retrieveAccount({ ctx, req, id }: V2Call) {
  return render(ctx, connectedAccount(ctx, id), queryIncludes(req.search));
}

/**
 * Updates what the request names, as one Stripe update: its v1 side (name, email, website, ...)
 * sends `account.updated` and the thin events that go with it; a change of the v2 side alone (an
 * identity detail) sends `v2.core.account.updated`.
 */
function updateAccount({ ctx, req, id }: V2Call) {
  const record = connectedAccount(ctx, id);
  const input = body(req, updateSchema);
  const profile = record.v2 ?? profileOf(record.account);
  if (profile.closed) {
    throw v2Error(400, "invalid_request_error", "account_closed", `Account '${id}' is closed.`);
  }
  const before = JSON.stringify(profile);
  const identity = input.identity ?? {};
  if (
    identity.country !== undefined &&
    identity.country !== record.account.country &&
    record.account.details_submitted
  ) {
    throw v2Error(
      400,
      "invalid_request_error",
      "parameter_invalid",
      "identity.country cannot change once the account's details are submitted.",
      "identity.country",
    );
  }
  const individual = identity.individual;
  const next: V2Profile = {
    ...profile,
    ...(input.dashboard ? { dashboard: input.dashboard } : {}),
    ...(input.display_name ? { display_name: input.display_name } : {}),
    ...(input.contact_email ? { contact_email: input.contact_email } : {}),
    ...(input.contact_phone ? { contact_phone: input.contact_phone } : {}),
    ...(identity.entity_type ? { entity_type: identity.entity_type } : {}),
    ...(identity.business_details?.registered_name
      ? { registered_name: identity.business_details.registered_name }
      : {}),
    ...(identity.business_details?.phone
      ? { business_phone: identity.business_details.phone }
      : {}),
    ...(individual
      ? {
          individual: {
            given_name: individual.given_name ?? profile.individual?.given_name ?? null,
            surname: individual.surname ?? profile.individual?.surname ?? null,
            email: individual.email ?? profile.individual?.email ?? null,
            date_of_birth: individual.date_of_birth
              ? isoDate(individual.date_of_birth)
              : (profile.individual?.date_of_birth ?? null),
            id_number_last4: profile.individual?.id_number_last4 ?? null,
          },
        }
      : {}),
    ...(input.defaults?.responsibilities
      ? { responsibilities: input.defaults.responsibilities }
      : {}),
    ...(input.defaults?.locales ? { locales: input.defaults.locales } : {}),
    ...(input.configuration?.merchant?.capabilities?.card_payments
      ? {
          card_payments_requested:
            input.configuration.merchant.capabilities.card_payments.requested,
        }
      : {}),
    ...(input.metadata ? { metadata: { ...profile.metadata, ...input.metadata } } : {}),
  };
  const request = eventRequest(req);
  const eventsBefore = ctx.store.data.v2_events?.length ?? 0;
  if (record.v2) {
    record.v2 = next;
    record.account.controller = controllerOf(next);
  }
  record.account.metadata = { ...next.metadata };
  ctx.store.change(
    record,
    {
      ...(input.contact_email ? { email: input.contact_email } : {}),
      ...(input.display_name ? { business_name: input.display_name } : {}),
      ...(identity.country ? { country: identity.country } : {}),
      ...(input.defaults?.currency ? { default_currency: input.defaults.currency } : {}),
      ...(input.defaults?.profile?.business_url
        ? { url: input.defaults.profile.business_url }
        : {}),
      ...(input.defaults?.profile?.product_description
        ? { product_description: input.defaults.profile.product_description }
        : {}),
      ...(input.configuration?.merchant?.support?.phone
        ? { support_phone: input.configuration.merchant.support.phone }
        : {}),
    },
    (l) => l,
    request,
  );
  const sent = (ctx.store.data.v2_events ?? []).slice(eventsBefore);
  if (JSON.stringify(next) !== before && !sent.some((e) => e.type === "v2.core.account.updated")) {
    ctx.thinEvents.emit(record, "v2.core.account.updated", { request });
  }
  return render(ctx, record, input.include ?? []);
}

/**
 * Closes the account: payments and payouts stop for good (`rejected.platform_other` on its v1
 * side) and `v2.core.account.closed` is sent. The platform can still read it; closing it again
 * answers it as it is.
 */
function closeAccount({ ctx, req, id }: V2Call) {
  const record = connectedAccount(ctx, id);
  const { applied_configurations: named } = body(req, closeSchema);
  if (named !== undefined && (named.length !== 1 || named[0] !== "merchant")) {
    throw v2Error(
      400,
      "invalid_request_error",
      "parameter_invalid",
      'applied_configurations must name every configuration of the account: ["merchant"].',
      "applied_configurations",
    );
  }
  const profile = record.v2 ?? profileOf(record.account);
  if (profile.closed) return render(ctx, record, []);
  const request = eventRequest(req);
  if (record.v2) record.v2 = { ...profile, closed: true };
  ctx.store.change(
    record,
    {},
    (l) => {
      const next = withCapabilities(l, { card_payments: "inactive", transfers: "inactive" });
      next.requirements.disabled_reason = "rejected.platform_other";
      return next;
    },
    request,
  );
  ctx.thinEvents.emit(record, "v2.core.account.closed", { request });
  return render(ctx, record, []);
}

/**
 * An Account Link to the hosted onboarding page: single use, expiring after
 * `accountLinkTtlSeconds`; its URL is the emulator's /setup/s/:account/:token (src/onboarding.ts).
 */
function createAccountLink({ ctx, req }: V2Call) {
  const input = body(req, accountLinkSchema);
  const record = ctx.store.account(input.account);
  if (!record?.connection || input.account === ctx.store.data.platform) {
    throw v2Error(
      404,
      "invalid_request_error",
      "resource_missing",
      `No such account: '${input.account}'`,
      "account",
    );
  }
  if (record.v2?.closed) {
    throw v2Error(
      400,
      "invalid_request_error",
      "account_closed",
      `Account '${input.account}' is closed: it cannot be onboarded.`,
      "account",
    );
  }
  const type = input.use_case.type;
  const urls = input.use_case[type];
  if (urls?.configurations !== undefined && !beforeVersion(ctx, req, "2026-09-30")) {
    // Stripe removed it in 2026-09-30.endive: it now decides which configurations to onboard.
    throw v2Error(
      400,
      "invalid_request_error",
      "parameter_unknown",
      `Received unknown parameter: use_case.${type}.configurations (removed in API version 2026-09-30.endive: Stripe onboards the configurations the account needs).`,
      `use_case.${type}.configurations`,
    );
  }
  if (!urls)
    throw v2Error(400, "invalid_request_error", "parameter_missing", `Missing use_case.${type}.`);
  const now = ctx.store.now();
  const token = newId("", 24);
  const link: AccountLinkRecord = {
    account: input.account,
    created: now,
    expires_at: now + ctx.config.accountLinkTtlSeconds,
    refresh_url: urls.refresh_url,
    return_url: urls.return_url ?? null,
    use_case: type,
    opened_at: null,
    session: null,
  };
  (ctx.store.data.account_links ??= {})[token] = link;
  return buildAccountLink(link, onboardingUrl(ctx, link.account, token), ctx.livemode);
}

/** Whether the request's API version (`Stripe-Version`, else the default) is older than `date`. */
function beforeVersion(ctx: Context, req: EmulatorRequest, date: string): boolean {
  const version = header(req, "stripe-version") ?? ctx.config.apiVersion;
  return version.slice(0, 10) < date;
}

/** Where an Account Link sends the seller (Stripe's connect.stripe.com/setup/s/…). */
export function onboardingUrl(ctx: Context, account: string, token: string): string {
  return `${ctx.url}/setup/s/${account}/${token}`;
}

function retrieveEvent({ ctx, req, context, id }: V2Call) {
  if (req.search !== "") {
    throw v2Error(
      400,
      "invalid_request_error",
      "parameter_unknown",
      "This endpoint takes no parameters.",
    );
  }
  const event = ctx.thinEvents.event(id);
  if (!event || (context !== undefined && event.context !== context.account.id)) {
    throw notFound("event", id);
  }
  return event;
}

/** The events, newest first, of one object (`object_id`) and/or `types[]`, one page of `limit`. */
function listEvents({ ctx, req, context }: V2Call) {
  const params = new URLSearchParams(req.search);
  const objectId = params.get("object_id");
  const types = [...params].filter(([key]) => /^types(\[\d*\])?$/.test(key)).map(([, v]) => v);
  const limit = Number(params.get("limit") ?? "20");
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw v2Error(
      400,
      "invalid_request_error",
      "parameter_invalid",
      "limit must be 1 to 100.",
      "limit",
    );
  }
  const data = [...(ctx.store.data.v2_events ?? [])]
    .reverse()
    .filter(
      (e) =>
        (objectId === null || e.related_object.id === objectId) &&
        (types.length === 0 || types.includes(e.type)) &&
        (context === undefined || e.context === context.account.id),
    )
    .slice(0, limit);
  return { data, next_page_url: null, previous_page_url: null };
}

/**
 * Replays the first answer to a POST with the same `Idempotency-Key` (24 hours); the same key with
 * another body or endpoint is refused (`idempotency_error`). Only successes are kept.
 */
function idempotent(ctx: Context, req: EmulatorRequest, run: () => Reply): Reply {
  const key = header(req, "idempotency-key");
  if (key === undefined) return run();
  const slot = `v2:${ctx.store.data.platform}:${key}`;
  return idempotentReply(ctx.store, req, slot, canonicalJson(parseLoose(req.body)), run, () =>
    v2Error(
      400,
      "idempotency_error",
      "idempotency_key_in_use",
      `Keys for idempotent requests can only be used with the same endpoint and parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    ),
  );
}

function parseLoose(text: string): unknown {
  try {
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return text;
  }
}

function rateLimited(waitMs: number): ReplyError {
  return withRetryAfter(v2Error(429, "rate_limit_error", "rate_limit", RATE_LIMIT_MESSAGE), waitMs);
}

function injectedFailure(status: number): ReplyError {
  if (status === 429) return rateLimited(1000);
  return v2Error(
    status,
    "api_error",
    "injected_fault",
    `Injected fault: this request failed with HTTP ${status} (emulator control API).`,
  );
}
