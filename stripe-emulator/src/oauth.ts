/**
 * Connect OAuth for Standard accounts: the authorize page (GET /oauth/authorize and the form it
 * posts to), the token endpoint and deauthorization, with Stripe's parameters, errors and statuses.
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
  redirectReply,
} from "./http";
import { maskKey, newId } from "./ids";
import type { AccountInput, Scope } from "./objects";
import { type AuthorizeView, authorizePage, errorPage } from "./pages";
import type { Context } from "./context";
import type { AccountRecord } from "./state";

/** An OAuth error: `{ error, error_description }`, which stripe-node maps to its typed classes. */
export function oauthError(status: number, error: string, description: string): ReplyError {
  return new ReplyError(jsonReply(status, { error, error_description: description }));
}

/** The authorize URL for this platform: response_type=code, client_id, scope=read_write, + `params`. */
export function authorizeUrl(ctx: Context, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: ctx.config.clientId,
    scope: "read_write",
    ...params,
  });
  return `${ctx.url}/oauth/authorize?${query.toString()}`;
}

export function oauth(ctx: Context, req: EmulatorRequest): Reply {
  switch (`${req.method} ${req.path}`) {
    case "GET /oauth/authorize": {
      const here = worldOf(ctx, req.search);
      const request = readAuthorize(here, req.search);
      // Stripe sends a signed-in seller whose account is already connected straight back with a
      // new code, unless always_prompt=true ("the user should always be asked to connect, even if
      // they're already connected": Stripe's Connect OAuth reference).
      const signedIn = signedInAccount(here, req);
      if (signedIn?.connection && !request.alwaysPrompt) return sendBack(here, request, signedIn);
      return showAuthorize(here, request, 200, request.landing);
    }
    case "POST /oauth/authorize/confirm": {
      const form = parseForm(req.body);
      return confirm(worldOf(ctx, text(form, "authorize_query") ?? ""), form);
    }
    case "POST /oauth/token":
      return token(ctx, req);
    case "POST /oauth/deauthorize":
      return deauthorize(ctx, req);
    default:
      throw oauthError(
        404,
        "invalid_request",
        `Unrecognized request URL (${req.method}: ${req.path}).`,
      );
  }
}

/** The live-mode world for the live client id (or the live key), else the test-mode one. */
function worldOf(ctx: Context, authorizeQuery: string): Context {
  const clientId = new URLSearchParams(authorizeQuery).get("client_id");
  return ctx.live && clientId === ctx.live.config.clientId ? ctx.live : ctx;
}

function worldFor(ctx: Context, mode: "test" | "live"): Context {
  return mode === "live" && ctx.live ? ctx.live : ctx;
}

// The authorize page.

interface Prefill {
  email?: string;
  business_name?: string;
  url?: string;
  country?: string;
  currency?: string;
  business_type?: Stripe.Account.BusinessType;
  product_description?: string;
  phone_number?: string;
}

interface AuthorizeRequest {
  query: string;
  redirectUri: string;
  scope: Scope;
  state: string | undefined;
  landing: "login" | "register";
  alwaysPrompt: boolean;
  prefill: Prefill;
}

/** The authorize page's sign-in session cookie (Stripe's own session, on Stripe's domain). */
const SESSION_COOKIE = "stripe_emulator_session";

function signedInAccount(ctx: Context, req: EmulatorRequest): AccountRecord | undefined {
  const token = (header(req, "cookie") ?? "")
    .split(";")
    .map((pair) => pair.trim().split("="))
    .find(([name]) => name === SESSION_COOKIE)?.[1];
  return token === undefined ? undefined : ctx.store.sessionAccount(token);
}

/** Back to the platform with a new code for `record`, signed in to it from now on. */
function sendBack(ctx: Context, request: AuthorizeRequest, record: AccountRecord): Reply {
  const code = ctx.store.issueCode(record, request.scope);
  const reply = redirectReply(
    withParams(request.redirectUri, { code, scope: request.scope, state: request.state }),
  );
  const cookie = `${SESSION_COOKIE}=${ctx.store.startSession(record)}; Path=/; HttpOnly; SameSite=Lax`;
  return { ...reply, headers: { ...reply.headers, "Set-Cookie": cookie } };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY = /^[A-Za-z]{2}$/;
const BUSINESS_TYPES = ["sole_prop", "corporation", "non_profit", "partnership", "llc"];
const CURRENCY_BY_COUNTRY: Record<string, string> = {
  US: "usd",
  CA: "cad",
  GB: "gbp",
  AU: "aud",
  NZ: "nzd",
  JP: "jpy",
  SG: "sgd",
  CH: "chf",
  FR: "eur",
  DE: "eur",
  IE: "eur",
  ES: "eur",
  IT: "eur",
  NL: "eur",
};

function text(params: FormParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === "string" ? value : undefined;
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

/** `base` with `params` appended to its query (undefined values left out). */
function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.append(name, value);
  }
  return url.toString();
}

/**
 * Validates an authorize request. A bad client_id or redirect_uri is shown as an error page, never
 * redirected to; any other error goes back to the (registered) redirect URI with the state.
 */
function readAuthorize(ctx: Context, query: string): AuthorizeRequest {
  const { config } = ctx;
  const params = parseForm(query);
  const clientId = text(params, "client_id");
  if (!clientId) throw new ReplyError(errorPage(400, "invalid_request", "No client_id provided."));
  if (clientId !== config.clientId) {
    throw new ReplyError(errorPage(400, "invalid_client", `No such application: '${clientId}'.`));
  }
  if (!ctx.store.settings().oauth_enabled) {
    // Stripe's words, as sellers reported them (the page shows them; nothing is redirected).
    throw new ReplyError(
      errorPage(
        400,
        "invalid_request",
        "Standard OAuth is disabled for this Stripe Connect integration. If you own this integration, you can enable the Standard OAuth flow in the Connect Settings page in your dashboard.",
      ),
    );
  }
  const requestedUri = text(params, "redirect_uri");
  const redirectUri = requestedUri ?? config.redirectUris[0] ?? "";
  if (!config.redirectUris.includes(redirectUri)) {
    throw new ReplyError(
      errorPage(
        400,
        "invalid_redirect_uri",
        `Invalid redirect URI '${redirectUri}'. Ensure this uri exactly matches one of the uris specified in your application settings.`,
      ),
    );
  }
  if (ctx.livemode && new URL(redirectUri).protocol !== "https:") {
    throw new ReplyError(
      errorPage(400, "invalid_redirect_uri", "Live mode redirect URIs must use HTTPS."),
    );
  }
  const state = text(params, "state");
  const fail = (error: string, description: string) =>
    new ReplyError(
      redirectReply(withParams(redirectUri, { error, error_description: description, state })),
    );

  const responseType = text(params, "response_type");
  if (!responseType) throw fail("invalid_request", "No response_type provided: it must be 'code'.");
  if (responseType !== "code") {
    throw fail(
      "unsupported_response_type",
      `Unsupported response_type '${responseType}': it must be 'code'.`,
    );
  }
  const scope = text(params, "scope") ?? "read_only";
  if (scope !== "read_only" && scope !== "read_write") {
    throw fail("invalid_scope", `Invalid scope '${scope}': use read_only or read_write.`);
  }
  const landing = text(params, "stripe_landing") ?? "register";
  if (landing !== "login" && landing !== "register") {
    throw fail("invalid_request", `Invalid stripe_landing '${landing}': use login or register.`);
  }
  const alwaysPrompt = text(params, "always_prompt") ?? "false";
  if (alwaysPrompt !== "true" && alwaysPrompt !== "false") {
    throw fail("invalid_request", `Invalid always_prompt '${alwaysPrompt}': use true or false.`);
  }
  const user = params.stripe_user;
  return {
    query,
    redirectUri,
    scope,
    state,
    landing,
    alwaysPrompt: alwaysPrompt === "true",
    prefill: readPrefill(typeof user === "object" ? user : {}),
  };
}

/** `stripe_user[...]` prefill; invalid values are silently ignored, as Stripe does. */
function readPrefill(user: FormParams): Prefill {
  const valid = (name: string, check: (value: string) => boolean) => {
    const value = text(user, name)?.trim();
    return value !== undefined && value !== "" && check(value) ? value : undefined;
  };
  const businessType = valid("business_type", (v) => BUSINESS_TYPES.includes(v));
  return {
    email: valid("email", (v) => EMAIL.test(v)),
    business_name: valid("business_name", () => true),
    url: valid("url", isHttpUrl),
    country: valid("country", (v) => COUNTRY.test(v))?.toUpperCase(),
    currency: valid("currency", (v) => /^[A-Za-z]{3}$/.test(v))?.toLowerCase(),
    business_type: businessType,
    product_description: valid("product_description", () => true),
    phone_number: valid("phone_number", (v) => /^\+?[0-9 ()-]{6,20}$/.test(v)),
  };
}

function showAuthorize(
  ctx: Context,
  request: AuthorizeRequest,
  status: number,
  panel: AuthorizeView["panel"],
  values: Partial<AuthorizeView["values"]> = {},
  error?: string,
): Reply {
  const other = new URLSearchParams(request.query);
  other.set("stripe_landing", panel === "login" ? "register" : "login");
  const prefill = request.prefill;
  return authorizePage(status, {
    platformName: ctx.config.platformName,
    query: request.query,
    panel,
    otherPanelHref: `/oauth/authorize?${other.toString()}`,
    scope: request.scope,
    redirectUri: request.redirectUri,
    values: {
      // Stripe prefills only the form for a new account.
      email: values.email ?? (panel === "register" ? (prefill.email ?? "") : ""),
      business_name: values.business_name ?? prefill.business_name ?? "",
      url: values.url ?? prefill.url ?? "",
      country: values.country ?? prefill.country ?? "US",
    },
    error,
  });
}

/** POST /oauth/authorize/confirm: the authorize form's Connect, Deny and Skip buttons. */
function confirm(ctx: Context, form: FormParams): Reply {
  const request = readAuthorize(ctx, text(form, "authorize_query") ?? "");
  const action = text(form, "action");
  if (action === "deny") {
    return redirectReply(
      withParams(request.redirectUri, {
        error: "access_denied",
        error_description: "The user denied your request",
        state: ctx.faults.dropStateOnDeny ? undefined : request.state,
      }),
    );
  }
  let chosen: AccountRecord | Reply;
  if (action === "skip") chosen = createSkippedAccount(ctx, request.prefill);
  else if (action !== "connect")
    throw new ReplyError(errorPage(400, "invalid_request", "Unknown action."));
  else if (text(form, "panel") === "login") chosen = signIn(ctx, request, form);
  else chosen = register(ctx, request, form);
  if ("status" in chosen) return chosen;
  return sendBack(ctx, request, chosen);
}

/** The signed-in account, or the login form again with an error. */
function signIn(ctx: Context, request: AuthorizeRequest, form: FormParams): AccountRecord | Reply {
  const email = text(form, "email")?.trim() ?? "";
  const found = ctx.store.accountByEmail(email);
  if (found === undefined || !ctx.store.checkPassword(found, text(form, "password") ?? "")) {
    return showAuthorize(ctx, request, 401, "login", { email }, "Incorrect email or password.");
  }
  return found;
}

/** A new account from the registration form, or the form again with what to fix. */
function register(
  ctx: Context,
  request: AuthorizeRequest,
  form: FormParams,
): AccountRecord | Reply {
  const field = (name: string) => text(form, name)?.trim() ?? "";
  const values = {
    email: field("email"),
    business_name: field("business_name"),
    url: field("url"),
    country: field("country").toUpperCase(),
  };
  const password = text(form, "password") ?? "";
  const problem = registrationProblem(ctx, values, password);
  if (problem !== undefined) return showAuthorize(ctx, request, 400, "register", values, problem);
  return ctx.store.createAccount(
    {
      ...newAccountFields(request.prefill, values.country),
      email: values.email,
      business_name: values.business_name,
      url: values.url || null,
    },
    password,
  );
}

function registrationProblem(
  ctx: Context,
  values: AuthorizeView["values"],
  password: string,
): string | undefined {
  if (!EMAIL.test(values.email)) return "Enter a valid email address.";
  if (ctx.store.accountByEmail(values.email)) {
    return "An account with this email already exists. Sign in to it instead.";
  }
  if (password === "") return "Choose a password.";
  if (values.business_name === "") return "Enter the business name.";
  if (values.url !== "" && !isHttpUrl(values.url)) {
    return "Enter the business website as an http:// or https:// URL.";
  }
  if (!COUNTRY.test(values.country)) return "Enter a two-letter country code, such as US.";
  return undefined;
}

/** A completed application: the account can take charges and receive payouts. */
function newAccountFields(prefill: Prefill, country: string): AccountInput {
  return {
    email: "",
    business_name: null,
    url: null,
    country,
    default_currency: prefill.currency ?? CURRENCY_BY_COUNTRY[country] ?? "usd",
    charges_enabled: true,
    payouts_enabled: true,
    details_submitted: true,
    business_type: prefill.business_type ?? null,
    product_description: prefill.product_description ?? null,
    support_phone: prefill.phone_number ?? null,
  };
}

/**
 * "Skip this form": a new test account from the prefill or sample data, with its application not
 * submitted (so charges and payouts are not enabled yet). Its password is "password".
 */
function createSkippedAccount(ctx: Context, prefill: Prefill): AccountRecord {
  const email =
    prefill.email !== undefined && ctx.store.accountByEmail(prefill.email) === undefined
      ? prefill.email
      : `test+${newId("", 8).toLowerCase()}@example.com`;
  const country = prefill.country ?? "US";
  return ctx.store.createAccount(
    {
      ...newAccountFields(prefill, country),
      email,
      business_name: prefill.business_name ?? "Sample test business",
      url: prefill.url ?? null,
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
    },
    "password",
  );
}

// The token and deauthorize endpoints.

/**
 * The platform's secret key, from `Authorization: Bearer` (what stripe-node sends), Basic, or a
 * `client_secret` form field. Returns the key's mode; anything else is invalid_client.
 */
function platformMode(ctx: Context, req: EmulatorRequest, params: FormParams): "test" | "live" {
  const key = authorizationKey(req) ?? text(params, "client_secret");
  if (!key) {
    throw oauthError(
      401,
      "invalid_client",
      "No authentication credentials were provided. Send your secret API key in the Authorization header using the Bearer authentication method.",
    );
  }
  if (key === ctx.config.secretKey) return "test";
  if (key === ctx.config.liveSecretKey) return "live";
  throw oauthError(401, "invalid_client", `No such API key: ${maskKey(key)}`);
}

function checkClientId(ctx: Context, clientId: string | undefined): void {
  if (clientId !== undefined && clientId !== ctx.config.clientId) {
    throw oauthError(
      401,
      "invalid_client",
      `No such application: '${clientId}'. The client_id does not belong to the platform whose API key was used.`,
    );
  }
}

function token(ctx: Context, req: EmulatorRequest): Reply {
  const params = parseForm(req.body);
  const mode = platformMode(ctx, req, params);
  const here = worldFor(ctx, mode);
  return replayable(here, req, params, mode, () => grant(here, params, ctx));
}

/**
 * `Idempotency-Key` on /oauth/token, as on /v1 POSTs (Stripe does not document its behaviour
 * here; see the README): the same key with the same parameters within 24 hours gets the first
 * success again (`Idempotent-Replayed: true`) instead of being exchanged a second time, which
 * would count as a code reuse and revoke what the first exchange issued. stripe-node sends one
 * key for every attempt of a retried request. Other parameters with that key are refused.
 */
function replayable(
  ctx: Context,
  req: EmulatorRequest,
  params: FormParams,
  mode: "test" | "live",
  run: () => Reply,
): Reply {
  const key = header(req, "idempotency-key");
  if (key === undefined) return run();
  const { store } = ctx;
  const slot = `oauth:${mode}:${key}`;
  const fingerprint = JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
  const first = store.data.idempotency[slot];
  if (first !== undefined && first.created + 86_400 > store.now()) {
    if (first.path !== req.path || first.fingerprint !== fingerprint) {
      throw oauthError(
        400,
        "invalid_request",
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    const headers = { "Idempotent-Replayed": "true", "Original-Request": first.request_id };
    return { ...first.reply, headers: { ...first.reply.headers, ...headers } };
  }
  const reply = run();
  if (reply.status < 300) {
    const created = store.now();
    store.data.idempotency[slot] = {
      path: req.path,
      fingerprint,
      created,
      request_id: req.requestId,
      reply,
    };
  }
  return reply;
}

/** A grant in `ctx`'s world; `test` is the test-mode world, where a live key's code may be. */
function grant(ctx: Context, params: FormParams, test: Context): Reply {
  checkClientId(ctx, text(params, "client_id"));
  const grantType = text(params, "grant_type");
  if (!grantType) throw oauthError(400, "invalid_request", "No grant_type provided.");
  if (grantType === "authorization_code") return exchangeCode(ctx, params, test);
  if (grantType === "refresh_token") return refresh(ctx, params, test);
  throw oauthError(400, "unsupported_grant_type", `Unsupported grant type: ${grantType}`);
}

function exchangeCode(ctx: Context, params: FormParams, test: Context): Reply {
  const { store } = ctx;
  const code = text(params, "code");
  if (!code) throw oauthError(400, "invalid_request", "No authorization code provided.");
  const grant = store.data.codes[code];
  const record = grant && store.account(grant.account);
  if (ctx.livemode && test.store.data.codes[code]) {
    throw oauthError(
      400,
      "invalid_grant",
      "Passed in livemode API key but authorization code only supports returning test keys",
    );
  }
  if (grant === undefined || record === undefined) {
    throw oauthError(400, "invalid_grant", `Authorization code does not exist: ${code}`);
  }
  if (grant.used) {
    // A second exchange revokes everything the first one issued, the connection included.
    store.revokeTokens((token) => token === grant.access_token || token === grant.refresh_token);
    if (record.connection?.code === code) store.disconnect(record);
    throw oauthError(
      400,
      "invalid_grant",
      "This authorization code has already been used. All tokens issued with this code have been revoked.",
    );
  }
  if (store.now() > grant.expires_at) {
    throw oauthError(400, "invalid_grant", "Authorization code expired");
  }

  grant.used = true;
  const issued = issueTokens(ctx, record, grant.scope);
  grant.access_token = issued.access_token;
  grant.refresh_token = issued.refresh_token;
  store.connect(record, grant.scope, code);
  return jsonReply(200, issued);
}

function refresh(ctx: Context, params: FormParams, test: Context): Reply {
  const refreshToken = text(params, "refresh_token");
  if (!refreshToken) throw oauthError(400, "invalid_request", "No refresh_token provided.");
  const grant = ctx.store.data.refresh_tokens[refreshToken];
  const record = grant && ctx.store.account(grant.account);
  if (ctx.livemode && test.store.data.refresh_tokens[refreshToken]) {
    throw oauthError(
      400,
      "invalid_grant",
      "Passed in livemode API key but refresh token only supports returning test keys",
    );
  }
  if (grant === undefined || record === undefined) {
    throw oauthError(400, "invalid_grant", `Refresh token does not exist: ${refreshToken}`);
  }
  const scope = text(params, "scope") ?? grant.scope;
  if (scope !== "read_only" && scope !== "read_write") {
    throw oauthError(
      400,
      "invalid_scope",
      `Invalid scope '${scope}': use read_only or read_write.`,
    );
  }
  if (scope === "read_write" && grant.scope === "read_only") {
    throw oauthError(
      400,
      "invalid_scope",
      "The requested scope is broader than the scope of the refresh token (read_only).",
    );
  }
  return jsonReply(200, issueTokens(ctx, record, scope, refreshToken));
}

/** A new access token; a new refresh token too, unless this is a refresh. */
function issueTokens(
  ctx: Context,
  record: AccountRecord,
  scope: Scope,
  refreshToken?: string,
): Required<Stripe.OAuthToken> {
  const { data } = ctx.store;
  const account = record.account.id;
  const accessToken = newId(ctx.livemode ? "sk_live_" : "sk_test_", 32);
  data.access_tokens[accessToken] = { account, scope, revoked: false };
  const newRefreshToken = refreshToken ?? newId("rt_", 32);
  data.refresh_tokens[newRefreshToken] ??= { account, scope };
  return {
    access_token: accessToken,
    livemode: ctx.livemode,
    refresh_token: newRefreshToken,
    scope,
    stripe_publishable_key: record.publishable_key,
    stripe_user_id: record.account.id,
    token_type: "bearer",
  };
}

function deauthorize(ctx: Context, req: EmulatorRequest): Reply {
  const params = parseForm(req.body);
  const here = worldFor(ctx, platformMode(ctx, req, params));
  const clientId = text(params, "client_id");
  if (!clientId) throw oauthError(400, "invalid_request", "No client_id provided.");
  checkClientId(here, clientId);
  const accountId = text(params, "stripe_user_id");
  if (!accountId) throw oauthError(400, "invalid_request", "No stripe_user_id provided.");
  const record = here.store.account(accountId);
  // Each mode sees its own connections only.
  if (!record?.connection) {
    throw oauthError(
      401,
      "invalid_client",
      `This application is not connected to stripe account ${accountId}, or that account does not exist.`,
    );
  }
  here.store.disconnect(record);
  const result: Stripe.OAuthDeauthorization = { stripe_user_id: accountId };
  return jsonReply(200, result);
}
