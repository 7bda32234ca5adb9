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
}

interface Route {
  method: "GET" | "POST";
  path: RegExp;
  handle: (call: Call) => unknown;
}

const ROUTES: Route[] = [
  {
    method: "GET",
    path: /^\/v1\/account$/,
    handle: ({ caller, params }) => noParams(params, caller.record.account),
  },
  { method: "GET", path: /^\/v1\/accounts\/([^/]+)$/, handle: retrieveAccount },
  {
    method: "GET",
    path: /^\/v1\/balance$/,
    handle: ({ caller, params }) => noParams(params, balanceOf(caller.record)),
  },
  {
    method: "GET",
    path: /^\/v1\/charges$/,
    handle: ({ caller, params }) => list(caller.record.charges, params, "/v1/charges", "charge"),
  },
  { method: "POST", path: /^\/v1\/charges$/, handle: createCharge },
  {
    method: "GET",
    path: /^\/v1\/charges\/([^/]+)$/,
    handle: ({ caller, params, id }) => noParams(params, find(caller.record.charges, id, "charge")),
  },
  {
    method: "GET",
    path: /^\/v1\/payouts$/,
    handle: ({ caller, params }) => {
      const { status, ...rest } = params;
      const wanted = optionalString(status, "status");
      const payouts = caller.record.payouts.filter(
        (p) => wanted === undefined || p.status === wanted,
      );
      return list(payouts, rest, "/v1/payouts", "payout");
    },
  },
  {
    method: "GET",
    path: /^\/v1\/balance_transactions$/,
    handle: ({ caller, params }) => {
      const { type, source, ...rest } = params;
      const wantedType = optionalString(type, "type");
      const wantedSource = optionalString(source, "source");
      const txns = caller.record.balance_transactions.filter(
        (t) =>
          (wantedType === undefined || t.type === wantedType) &&
          (wantedSource === undefined || t.source === wantedSource),
      );
      return list(txns, rest, "/v1/balance_transactions", "balance transaction");
    },
  },
  { method: "GET", path: /^\/v1\/events$/, handle: listEvents },
  {
    method: "GET",
    path: /^\/v1\/events\/([^/]+)$/,
    handle: ({ caller, params, id }) => noParams(params, find(caller.record.events, id, "event")),
  },
];

export function api(ctx: Context, req: EmulatorRequest): Reply {
  const caller = authenticate(ctx, req);
  const match = ROUTES.map((route) => ({ route, found: route.path.exec(req.path) })).find(
    ({ route, found }) => found !== null && route.method === req.method,
  );
  if (!match?.found) {
    throw apiError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }
  const params = parseForm(req.method === "GET" ? req.search : req.body);
  if ("expand" in params) {
    throw apiError(400, {
      type: "invalid_request_error",
      message: "The Stripe emulator does not support expand (see stripe-emulator/README.md).",
      param: "expand",
    });
  }
  const call: Call = { ctx, req, caller, params, id: decodeURIComponent(match.found[1] ?? "") };
  const run = () => jsonReply(200, match.route.handle(call));
  return req.method === "POST" ? idempotent(call, run) : run();
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
  if (id === caller.record.account.id) return caller.record.account;
  // The platform reads its connected accounts; a connected account reads only itself.
  if (caller.record.account.id !== ctx.store.data.platform) throw accountInvalid(caller.key, id);
  return connectedAccount(ctx, caller.key, id).record.account;
}

function createCharge({ ctx, req, caller, params }: Call): Stripe.Charge {
  const { record, key, scope } = caller;
  if (scope !== "read_write") {
    throw apiError(403, {
      type: "invalid_request_error",
      message: `The provided key '${maskKey(key)}' does not have the required permissions for this endpoint on account '${record.account.id}'. Having the 'read_write' scope would allow this request.`,
    });
  }
  const { amount, currency, source, description, metadata, ...unknown } = params;
  rejectUnknown(unknown);
  const amountValue = parseInteger(requiredString(amount, "amount"), "amount", 1, 99_999_999);
  const currencyValue = requiredString(currency, "currency").toLowerCase();
  if (!/^[a-z]{3}$/.test(currencyValue)) {
    throw invalidParam("currency", `Invalid currency: ${currencyValue}`);
  }
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
      amount: amountValue,
      currency: currencyValue,
      description: optionalString(description, "description") ?? null,
      metadata: stringMap(metadata, "metadata"),
    },
    { id: req.requestId, idempotency_key: header(req, "idempotency-key") ?? null },
  );
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
  const { store } = ctx;
  const slot = `${caller.record.account.id}:${key}`;
  const previous = store.data.idempotency[slot];
  const fingerprint = canonicalJson(params);
  if (previous !== undefined && previous.created + 86_400 > store.now()) {
    if (previous.path !== req.path) {
      throw apiError(400, {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${previous.path}' vs '${req.path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    if (previous.fingerprint !== fingerprint) {
      throw apiError(400, {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    return {
      ...previous.reply,
      headers: {
        ...previous.reply.headers,
        "Idempotent-Replayed": "true",
        "Original-Request": previous.request_id,
      },
    };
  }
  const reply = run();
  if (reply.status < 300) {
    store.data.idempotency[slot] = {
      path: req.path,
      fingerprint,
      created: store.now(),
      request_id: req.requestId,
      reply,
    };
  }
  return reply;
}

function canonicalJson(value: FormParams | string): string {
  if (typeof value === "string") return JSON.stringify(value);
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? "")}`);
  return `{${entries.join(",")}}`;
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
