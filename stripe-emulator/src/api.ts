/**
 * The /v1 API subset: Stripe's authentication rules, `Stripe-Account` semantics, v1 errors, list
 * envelopes with cursors and `Idempotency-Key` replay, over accounts, balances, charges, payouts,
 * balance transactions and events.
 */
import type Stripe from "stripe";
import {
  type EmulatorRequest,
  type FormParams,
  type Reply,
  ReplyError,
  authorizationKey,
  header,
  jsonReply,
  parseForm,
} from "./http";
import { canonicalJson, idempotentReply } from "./idempotency";
import { maskKey } from "./ids";
import type { Scope } from "./objects";
import type { Context } from "./context";
import { type AccountRecord, balanceOf } from "./state";

interface ApiErrorBody {
  type: "api_error" | "invalid_request_error" | "idempotency_error";
  message: string;
  code?: string;
  param?: string;
}

/** A v1 error: `{ error: { type, code?, message, param?, doc_url? } }`. */
export function apiError(status: number, error: ApiErrorBody): ReplyError {
  const docUrl =
    error.code === undefined
      ? {}
      : { doc_url: `https://stripe.com/docs/error-codes/${error.code.replaceAll("_", "-")}` };
  return new ReplyError(jsonReply(status, { error: { ...error, ...docUrl } }));
}

/** The platform key, or a connected account's OAuth access token, and the account it acts on. */
interface Caller {
  key: string;
  record: AccountRecord;
  scope: Scope;
}

interface Call {
  ctx: Context;
  req: EmulatorRequest;
  caller: Caller;
  params: FormParams;
  /** The id in the path, for routes that have one. */
  id: string;
  /** The second parameter in the path (`:name`), for routes that have one. */
  name: string;
}

/**
 * Who needs a route: `app` (Seller Connect calls it), or `contract` (only the emulator's own
 * stripe-node contract tests: idempotency, events, money movements). Nothing else is served.
 */
type Use = "app" | "contract";

interface Route {
  method: "GET" | "POST";
  /**
   * The fields this route expands when asked (`expand[]=…`, Stripe's names: `data.…` on a list).
   * Any other is refused (400 naming it).
   */
  expandable?: string[];
  /**
   * Literal segments, and `:id` (then `:name`) for one path segment each (never `search`:
   * Stripe's search routes).
   */
  path: string;
  use: Use;
  handle: (call: Call) => unknown;
}

const ROUTES: Route[] = [
  { method: "GET", path: "/v1/account", use: "contract", handle: retrieveOwnAccount },
  { method: "GET", path: "/v1/accounts/:id", use: "app", handle: retrieveAccount },
  {
    method: "GET",
    path: "/v1/accounts/:id/capabilities",
    use: "contract",
    handle: listCapabilities,
  },
  {
    method: "GET",
    path: "/v1/accounts/:id/capabilities/:name",
    use: "contract",
    handle: retrieveCapability,
  },
  { method: "GET", path: "/v1/balance", use: "app", handle: retrieveBalance },
  {
    method: "GET",
    path: "/v1/charges",
    use: "app",
    expandable: ["data.balance_transaction"],
    handle: listCharges,
  },
  { method: "POST", path: "/v1/charges", use: "contract", handle: createCharge },
  {
    method: "GET",
    path: "/v1/charges/:id",
    use: "contract",
    expandable: ["balance_transaction"],
    handle: retrieveCharge,
  },
  { method: "GET", path: "/v1/payouts", use: "app", handle: listPayouts },
  { method: "POST", path: "/v1/payouts", use: "contract", handle: createPayout },
  {
    method: "GET",
    path: "/v1/balance_transactions",
    use: "contract",
    handle: listBalanceTransactions,
  },
  { method: "GET", path: "/v1/events", use: "contract", handle: listEvents },
  { method: "GET", path: "/v1/events/:id", use: "contract", handle: retrieveEvent },
];

/** The route for `method` and `path`, with the `:id` and `:name` segments' values. */
function findRoute(
  method: string,
  path: string,
): { route: Route; id: string; name: string } | undefined {
  const segments = path.split("/");
  for (const route of ROUTES) {
    const pattern = route.path.split("/");
    if (route.method !== method || pattern.length !== segments.length) continue;
    const values: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = segments[i] ?? "";
      if (!part.startsWith(":")) return part === segment;
      values[part] = decodeURIComponent(segment);
      return segment !== "" && segment !== "search";
    });
    if (matches) return { route, id: values[":id"] ?? "", name: values[":name"] ?? "" };
  }
  return undefined;
}

/**
 * A /v1 request: authentication, the rate limit, `Stripe-Version`, then the route. Every answer
 * names the API version it was rendered with (`Stripe-Version`), a POST's answer echoes its
 * `Idempotency-Key`, and an error to an authenticated request carries its `request_log_url`.
 * `fault` (an injected failure's status) answers that failure instead of running the route.
 */
export function api(ctx: Context, req: EmulatorRequest, fault?: number): Reply {
  let caller: Caller | undefined;
  let reply: Reply;
  try {
    if (fault !== undefined) {
      caller = tryAuthenticate(ctx, req);
      throw injectedFailure(fault);
    }
    caller = authenticate(ctx, req);
    const wait = ctx.rateLimiter.take(caller.key);
    if (wait > 0) throw rateLimited(wait);
    requestedVersion(ctx, req);
    reply = dispatch(ctx, req, caller);
  } catch (error) {
    if (!(error instanceof ReplyError)) throw error;
    reply = error.reply;
  }
  return finish(ctx, req, reply, caller !== undefined);
}

function dispatch(ctx: Context, req: EmulatorRequest, caller: Caller): Reply {
  const found = findRoute(req.method, req.path);
  if (!found) {
    throw apiError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }
  const { expand, ...params } = parseForm(req.method === "GET" ? req.search : req.body);
  const expansions = requestedExpansions(expand, found.route.expandable ?? []);
  const call: Call = { ctx, req, caller, params, id: found.id, name: found.name };
  const run = () => jsonReply(200, expanded(caller.record, found.route.handle(call), expansions));
  return req.method === "POST" ? idempotent(call, run) : run();
}

/**
 * The fields `expand` asks for (`expand[0]=…`, as stripe-node sends it, or `expand[]=…`), each
 * one the route expands; any other is refused with a 400 naming it (the emulator expands only
 * what Seller Connect asks for: see `Route.expandable`).
 */
function requestedExpansions(expand: FormParams[string] | undefined, allowed: string[]): string[] {
  if (expand === undefined) return [];
  const asked = typeof expand === "string" ? [expand] : Object.values(expand);
  return asked.map((field) => {
    if (typeof field === "string" && allowed.includes(field)) return field;
    const name = typeof field === "string" ? field : JSON.stringify(field);
    throw apiError(400, {
      type: "invalid_request_error",
      message: `This property cannot be expanded (${name}). The Stripe emulator expands ${allowed.length === 0 ? "nothing on this route" : allowed.join(", ")} here (see stripe-emulator/README.md).`,
      param: "expand",
    });
  });
}

/**
 * `result` with each expansion applied: a `balance_transaction` id replaced by the balance
 * transaction itself, on the object or (`data.…`) on each object of a list. A copy: the stored
 * objects keep their ids.
 */
function expanded(record: AccountRecord, result: unknown, expansions: string[]): unknown {
  if (expansions.length === 0) return result;
  const withTransaction = (object: unknown) => {
    if (typeof object !== "object" || object === null || !("balance_transaction" in object)) {
      return object;
    }
    const id = object.balance_transaction;
    const txn = record.balance_transactions.find((t) => t.id === id);
    return { ...object, balance_transaction: txn ?? id };
  };
  let value = result;
  for (const field of expansions) {
    if (field === "balance_transaction") value = withTransaction(value);
    if (field === "data.balance_transaction" && isList(value)) {
      value = { ...value, data: value.data.map(withTransaction) };
    }
  }
  return value;
}

function isList(value: unknown): value is Stripe.ApiList<unknown> {
  return (
    typeof value === "object" && value !== null && "object" in value && value.object === "list"
  );
}

/**
 * Refuses a `Stripe-Version` the emulator does not know, as Stripe refuses one it does not know
 * (400 invalid_request_error, "Invalid Stripe API version: …"). Known: `apiVersion`, `apiVersions`.
 */
function requestedVersion(ctx: Context, req: EmulatorRequest): void {
  const version = header(req, "stripe-version");
  if (version === undefined || knownVersion(ctx, version)) return;
  throw apiError(400, {
    type: "invalid_request_error",
    message: `Invalid Stripe API version: ${version}`,
  });
}

function knownVersion(ctx: Context, version: string): boolean {
  return version === ctx.config.apiVersion || ctx.config.apiVersions.includes(version);
}

/** The headers and error details every /v1 answer carries (see `api`). */
function finish(ctx: Context, req: EmulatorRequest, reply: Reply, authenticated: boolean): Reply {
  const requested = header(req, "stripe-version");
  const version =
    requested !== undefined && knownVersion(ctx, requested) ? requested : ctx.config.apiVersion;
  const idempotencyKey = header(req, "idempotency-key");
  const headers: Record<string, string> = {
    ...reply.headers,
    "Stripe-Version": version,
    ...(req.method === "POST" && idempotencyKey !== undefined
      ? { "Idempotency-Key": idempotencyKey }
      : {}),
  };
  let { body } = reply;
  if (reply.status >= 400 && authenticated) {
    const parsed = JSON.parse(body) as { error: Record<string, unknown> };
    parsed.error.request_log_url = `https://dashboard.stripe.com/test/logs/${req.requestId}?t=${String(ctx.store.now())}`;
    body = JSON.stringify(parsed, null, 2);
  }
  return { ...reply, headers, body };
}

/**
 * Stripe's answer to a request over the rate limit: 429, `rate_limit`, and
 * `Stripe-Should-Retry: false` (Stripe's libraries do not retry real rate limits, only lock
 * timeouts). `Retry-After` (whole seconds until a token is back) is the emulator's addition.
 */
function rateLimited(waitMs: number): ReplyError {
  const error = apiError(429, {
    type: "invalid_request_error",
    code: "rate_limit",
    message: RATE_LIMIT_MESSAGE,
  });
  return withRetryAfter(error, waitMs);
}

export const RATE_LIMIT_MESSAGE =
  "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.";

/** A rate-limit refusal's headers: not to be retried by the SDK, and when a token is back. */
export function withRetryAfter(error: ReplyError, waitMs: number): ReplyError {
  Object.assign(error.reply.headers, {
    "Stripe-Should-Retry": "false",
    "Retry-After": String(Math.max(1, Math.ceil(waitMs / 1000))),
  });
  return error;
}

/** An injected fault (control API): a 429 is a rate limit, anything else an api_error. */
function injectedFailure(status: number): ReplyError {
  if (status === 429) return rateLimited(1000);
  return apiError(status, {
    type: "api_error",
    message: `Injected fault: this request failed with HTTP ${status} (emulator control API).`,
  });
}

function tryAuthenticate(ctx: Context, req: EmulatorRequest): Caller | undefined {
  try {
    return authenticate(ctx, req);
  } catch (error) {
    if (error instanceof ReplyError) return undefined;
    throw error;
  }
}

// The routes' handlers.

function retrieveOwnAccount({ caller, params }: Call): Stripe.Account {
  return noParams(params, caller.record.account);
}

function retrieveBalance({ caller, params }: Call): Stripe.Balance {
  return noParams(params, balanceOf(caller.record));
}

function listCharges({ caller, params }: Call): Stripe.ApiList<Stripe.Charge> {
  return list(caller.record.charges, params, "/v1/charges", "charge");
}

function retrieveCharge({ caller, params, id }: Call): Stripe.Charge {
  return noParams(params, find(caller.record.charges, id, "charge"));
}

function listPayouts({ caller, params }: Call): Stripe.ApiList<Stripe.Payout> {
  const { status, arrival_date, created, ...rest } = params;
  const wanted = optionalString(status, "status");
  const arrives = timeRange(arrival_date, "arrival_date");
  const made = timeRange(created, "created");
  const payouts = caller.record.payouts.filter(
    (p) =>
      (wanted === undefined || p.status === wanted) && arrives(p.arrival_date) && made(p.created),
  );
  return list(payouts, rest, "/v1/payouts", "payout");
}

/**
 * A Unix-time filter as Stripe takes one: an exact second (`created=…`) or a range
 * (`created[gte]=…&created[lt]=…`, any of gt, gte, lt, lte). Absent: everything passes.
 */
function timeRange(
  value: FormParams[string] | undefined,
  param: string,
): (seconds: number) => boolean {
  if (value === undefined) return () => true;
  if (typeof value === "string") {
    const exact = parseInteger(value, param, 0, Number.MAX_SAFE_INTEGER);
    return (seconds) => seconds === exact;
  }
  const { gt, gte, lt, lte, ...unknown } = value;
  const [extra] = Object.keys(unknown);
  if (extra !== undefined) {
    throw apiError(400, {
      type: "invalid_request_error",
      code: "parameter_unknown",
      message: `Received unknown parameter: ${param}[${extra}]`,
      param: `${param}[${extra}]`,
    });
  }
  const bound = (given: FormParams[string] | undefined, name: string) => {
    const text = optionalString(given, `${param}[${name}]`);
    return text === undefined
      ? undefined
      : parseInteger(text, `${param}[${name}]`, 0, Number.MAX_SAFE_INTEGER);
  };
  const [above, atLeast, below, atMost] = [
    bound(gt, "gt"),
    bound(gte, "gte"),
    bound(lt, "lt"),
    bound(lte, "lte"),
  ];
  return (seconds) =>
    (above === undefined || seconds > above) &&
    (atLeast === undefined || seconds >= atLeast) &&
    (below === undefined || seconds < below) &&
    (atMost === undefined || seconds <= atMost);
}

function listBalanceTransactions({
  caller,
  params,
}: Call): Stripe.ApiList<Stripe.BalanceTransaction> {
  const { type, source, ...rest } = params;
  const wantedType = optionalString(type, "type");
  const wantedSource = optionalString(source, "source");
  const txns = caller.record.balance_transactions.filter(
    (t) =>
      (wantedType === undefined || t.type === wantedType) &&
      (wantedSource === undefined || t.source === wantedSource),
  );
  return list(txns, rest, "/v1/balance_transactions", "balance transaction");
}

function retrieveEvent({ caller, params, id }: Call): Stripe.Event {
  return noParams(params, find(caller.record.events, id, "event"));
}

function authenticate(ctx: Context, req: EmulatorRequest): Caller {
  const { store, config } = ctx;
  const key = authorizationKey(req);
  if (key === undefined) {
    throw apiError(401, {
      type: "invalid_request_error",
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    });
  }
  const requested = header(req, "stripe-account");
  if (key === config.secretKey) {
    if (requested === undefined || requested === store.data.platform) {
      return { key, record: store.platform(), scope: "read_write" };
    }
    return { key, ...connectedAccount(ctx, key, requested) };
  }
  const token = store.data.access_tokens[key];
  if (token === undefined) {
    throw apiError(401, {
      type: "invalid_request_error",
      message: `Invalid API Key provided: ${maskKey(key)}`,
    });
  }
  if (token.revoked) {
    throw apiError(401, {
      type: "invalid_request_error",
      code: "api_key_expired",
      message: `Expired API Key provided: ${maskKey(key)}. Application access may have been revoked.`,
    });
  }
  if (requested !== undefined && requested !== token.account) throw accountInvalid(key, requested);
  return { key, record: connectedAccount(ctx, key, token.account).record, scope: token.scope };
}

function connectedAccount(
  ctx: Context,
  key: string,
  id: string,
): { record: AccountRecord; scope: Scope } {
  const record = ctx.store.account(id);
  if (!record?.connection) throw accountInvalid(key, id);
  return { record, scope: record.connection.scope };
}

function accountInvalid(key: string, account: string): ReplyError {
  return apiError(403, {
    type: "invalid_request_error",
    code: "account_invalid",
    message: `The provided key '${maskKey(key)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
  });
}

function retrieveAccount({ ctx, caller, params, id }: Call): Stripe.Account {
  noParams(params, null);
  return readableAccount(ctx, caller, id).account;
}

/** The account `id` as `caller` may read it: the platform its connected accounts, one itself. */
function readableAccount(ctx: Context, caller: Caller, id: string): AccountRecord {
  if (id === caller.record.account.id) return caller.record;
  if (caller.record.account.id !== ctx.store.data.platform) throw accountInvalid(caller.key, id);
  return connectedAccount(ctx, caller.key, id).record;
}

/** Every capability of the account (Stripe lists them all at once, without pages). */
function listCapabilities({ ctx, caller, params, id }: Call): Stripe.ApiList<Stripe.Capability> {
  noParams(params, null);
  const data = ctx.store.capabilities(readableAccount(ctx, caller, id));
  return { object: "list", data, has_more: false, url: `/v1/accounts/${id}/capabilities` };
}

function retrieveCapability({ ctx, caller, params, id, name }: Call): Stripe.Capability {
  noParams(params, null);
  const capabilities = ctx.store.capabilities(readableAccount(ctx, caller, id));
  return find(capabilities, name, "capability");
}

function createCharge({ ctx, req, caller, params }: Call): Stripe.Charge {
  const { record } = requireWrite(caller);
  const { amount, currency, source, description, metadata, ...unknown } = params;
  rejectUnknown(unknown);
  const money = amountAndCurrency(amount, currency);
  const sourceValue = requiredString(source, "source");
  if (!sourceValue.startsWith("tok_")) {
    throw apiError(400, {
      type: "invalid_request_error",
      code: "resource_missing",
      message: `No such token: '${sourceValue}'`,
      param: "source",
    });
  }
  return ctx.store.addCharge(
    record,
    {
      ...money,
      description: optionalString(description, "description") ?? null,
      metadata: stringMap(metadata, "metadata"),
    },
    { id: req.requestId, idempotency_key: header(req, "idempotency-key") ?? null },
  );
}

/** A payout of the available balance (pending at first), refused when it would not cover it. */
function createPayout({ ctx, caller, params }: Call): Stripe.Payout {
  const { record } = requireWrite(caller);
  const { amount, currency, ...unknown } = params;
  rejectUnknown(unknown);
  const money = amountAndCurrency(amount, currency);
  if (!ctx.store.covers(record, money)) throw balanceInsufficient();
  return ctx.store.addPayout(record, { ...money, status: "pending" });
}

/** Stripe's refusal of a payout larger than the available balance (as stripe-node#1147 shows it). */
export function balanceInsufficient(): ReplyError {
  return apiError(400, {
    type: "invalid_request_error",
    code: "balance_insufficient",
    message:
      "You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.  You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).",
  });
}

function requireWrite(caller: Caller): Caller {
  if (caller.scope === "read_write") return caller;
  throw apiError(403, {
    type: "invalid_request_error",
    message: `The provided key '${maskKey(caller.key)}' does not have the required permissions for this endpoint on account '${caller.record.account.id}'. Having the 'read_write' scope would allow this request.`,
  });
}

function amountAndCurrency(
  amount: FormParams[string] | undefined,
  currency: FormParams[string] | undefined,
): { amount: number; currency: string } {
  const amountValue = parseInteger(requiredString(amount, "amount"), "amount", 1, 99_999_999);
  const currencyValue = requiredString(currency, "currency").toLowerCase();
  if (!/^[a-z]{3}$/.test(currencyValue)) {
    throw invalidParam("currency", `Invalid currency: ${currencyValue}`);
  }
  return { amount: amountValue, currency: currencyValue };
}

function listEvents({ caller, params }: Call): Stripe.ApiList<Stripe.Event> {
  const { type, types, ...rest } = params;
  const single = optionalString(type, "type");
  const several = types === undefined ? undefined : Object.values(stringMap(types, "types"));
  // `type` accepts one `*` wildcard, as in `charge.*`.
  const pattern =
    single === undefined
      ? undefined
      : new RegExp(`^${single.split("*").map(escapeRegExp).join(".*")}$`);
  const events = caller.record.events.filter(
    (e) =>
      (pattern === undefined || pattern.test(e.type)) &&
      (several === undefined || several.includes(e.type)),
  );
  return list(events, rest, "/v1/events", "event");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A page of `items` (kept oldest first) as Stripe lists them: newest first, with cursors. */
function list<T extends { id: string }>(
  items: T[],
  params: FormParams,
  url: string,
  noun: string,
): Stripe.ApiList<T> {
  const { limit, starting_after, ending_before, ...unknown } = params;
  rejectUnknown(unknown);
  const limitText = optionalString(limit, "limit");
  const size = limitText === undefined ? 10 : parseInteger(limitText, "limit", 1, 100);
  const after = optionalString(starting_after, "starting_after");
  const before = optionalString(ending_before, "ending_before");
  if (after !== undefined && before !== undefined) {
    throw invalidParam(
      "starting_after",
      "You may only specify one of these parameters: ending_before, starting_after.",
    );
  }
  const newest = [...items].reverse();
  const position = (id: string, param: string) => {
    const index = newest.findIndex((item) => item.id === id);
    if (index === -1) {
      throw apiError(400, {
        type: "invalid_request_error",
        code: "resource_missing",
        message: `No such ${noun}: '${id}'`,
        param,
      });
    }
    return index;
  };
  let start = 0;
  let end = size;
  if (after !== undefined) {
    start = position(after, "starting_after") + 1;
    end = start + size;
  }
  if (before !== undefined) {
    end = position(before, "ending_before");
    start = Math.max(0, end - size);
  }
  const hasMore = before === undefined ? end < newest.length : start > 0;
  return { object: "list", data: newest.slice(start, end), has_more: hasMore, url };
}

function find<T extends { id: string }>(items: T[], id: string, noun: string): T {
  const item = items.find((candidate) => candidate.id === id);
  if (item === undefined) {
    throw apiError(404, {
      type: "invalid_request_error",
      code: "resource_missing",
      message: `No such ${noun}: '${id}'`,
      param: "id",
    });
  }
  return item;
}

/**
 * Replays the stored answer to a POST with the same `Idempotency-Key` (per account, 24 hours), and
 * refuses the key for other parameters or another endpoint, as Stripe does. Only successes are kept.
 */
function idempotent({ ctx, req, caller, params }: Call, run: () => Reply): Reply {
  const key = header(req, "idempotency-key");
  if (key === undefined) return run();
  const slot = `${caller.record.account.id}:${key}`;
  return idempotentReply(ctx.store, req, slot, canonicalJson(params), run, (mismatch, firstPath) =>
    apiError(400, {
      type: "idempotency_error",
      message:
        mismatch === "endpoint"
          ? `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${firstPath}' vs '${req.path}'). Try using a key other than '${key}' if you meant to execute a different request.`
          : `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    }),
  );
}

// Parameter checks, with Stripe's codes and messages.

function noParams<T>(params: FormParams, result: T): T {
  rejectUnknown(params);
  return result;
}

function rejectUnknown(unknown: FormParams): void {
  const [name, value] = Object.entries(unknown)[0] ?? [];
  if (name === undefined) return;
  const param = typeof value === "object" ? `${name}[${Object.keys(value)[0] ?? ""}]` : name;
  throw apiError(400, {
    type: "invalid_request_error",
    code: "parameter_unknown",
    message: `Received unknown parameter: ${param}`,
    param,
  });
}

function invalidParam(param: string, message: string): ReplyError {
  return apiError(400, {
    type: "invalid_request_error",
    code: "parameter_invalid",
    message,
    param,
  });
}

function optionalString(value: FormParams[string] | undefined, param: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw invalidParam(param, `Invalid string: ${JSON.stringify(value)}`);
  return value;
}

function requiredString(value: FormParams[string] | undefined, param: string): string {
  const text = optionalString(value, param);
  if (text === undefined || text === "") {
    throw apiError(400, {
      type: "invalid_request_error",
      code: "parameter_missing",
      message: `Missing required param: ${param}.`,
      param,
    });
  }
  return text;
}

function parseInteger(text: string, param: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text)) {
    throw apiError(400, {
      type: "invalid_request_error",
      code: "parameter_invalid_integer",
      message: `Invalid integer: ${text}`,
      param,
    });
  }
  const number = Number(text);
  if (number < min)
    throw invalidParam(param, `This value must be greater than or equal to ${min}.`);
  if (number > max) throw invalidParam(param, `This value must be less than or equal to ${max}.`);
  return number;
}

function stringMap(value: FormParams[string] | undefined, param: string): Record<string, string> {
  if (value === undefined || value === "") return {};
  if (typeof value === "string") throw invalidParam(param, `Invalid object`);
  const entries = Object.entries(value).map(([key, item]) => {
    if (typeof item !== "string")
      throw invalidParam(`${param}[${key}]`, "Invalid string: nested objects are not allowed");
    return [key, item] as const;
  });
  return Object.fromEntries(entries);
}
