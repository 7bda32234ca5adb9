import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningEmulator,
  authorizationCode,
  caught,
  connectedAccount,
  control,
  seedAccount,
  startTestEmulator,
  stripeFor,
  submitAuthorize,
  LIVE_KEY,
} from "./helpers";

const REDIRECT = "https://platform.example/callback";
const OTHER_REDIRECT = "https://platform.example/other?keep=1";

let emulator: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startTestEmulator({
    redirectUris: [REDIRECT, OTHER_REDIRECT],
    liveSecretKey: LIVE_KEY,
  });
  stripe = stripeFor(emulator);
});
afterAll(() => emulator.stop());

function authorizeGet(query: Record<string, string>) {
  return fetch(emulator.authorizeUrl(query), { redirect: "manual" });
}

function rawToken(body: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${emulator.url}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body),
  });
}

describe("GET /oauth/authorize", () => {
  it("renders the register panel by default, prefilled from stripe_user and escaped", async () => {
    const response = await authorizeGet({
      state: "s1",
      "stripe_user[email]": "new@example.com",
      "stripe_user[business_name]": `<script>alert("x")</script> & Co`,
      "stripe_user[url]": "not a url",
      "stripe_user[country]": "gb",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain("Create your Stripe account");
    expect(html).toContain('value="new@example.com"');
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
    expect(html).toContain('value="GB"');
    expect(html).not.toContain("not a url"); // invalid prefill is silently ignored
    for (const label of [
      "Email",
      "Password",
      "Business name",
      "Business website",
      "Country (two-letter code)",
    ]) {
      expect(html).toContain(`>${label}</label>`);
    }
    expect(html).toMatch(/<button[^>]*value="connect"[^>]*>\s*Connect\s*<\/button>/);
    expect(html).toMatch(/<button[^>]*value="deny"[^>]*>\s*Deny\s*<\/button>/);
    expect(html).toMatch(/<button[^>]*id="skip-account-app"[^>]*>\s*Skip this form\s*<\/button>/);
  });

  it("shows the sign-in panel for stripe_landing=login", async () => {
    const html = await (await authorizeGet({ stripe_landing: "login" })).text();
    expect(html).toContain("Sign in to your Stripe account");
    expect(html).not.toContain("Business name");
  });

  it.each([
    [{ client_id: "" }, "invalid_request"],
    [{ client_id: "ca_someoneelse" }, "invalid_client"],
    [{ redirect_uri: "https://evil.example/callback" }, "invalid_redirect_uri"],
    [{ redirect_uri: `${REDIRECT}/` }, "invalid_redirect_uri"],
  ])("shows %o as an error page without redirecting", async (query, error) => {
    const response = await authorizeGet({ state: "s", ...query });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain(`<code>${error}</code>`);
  });

  it.each([
    [{ response_type: "token" }, "unsupported_response_type"],
    [{ response_type: "" }, "invalid_request"],
    [{ scope: "admin" }, "invalid_scope"],
    [{ stripe_landing: "dashboard" }, "invalid_request"],
    [{ always_prompt: "yes" }, "invalid_request"],
  ])("redirects %o back with error=%s and the state", async (query, error) => {
    const response = await authorizeGet({
      state: "st ate+/=",
      redirect_uri: OTHER_REDIRECT,
      ...query,
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe("https://platform.example/other");
    expect(location.searchParams.get("keep")).toBe("1");
    expect(location.searchParams.get("error")).toBe(error);
    expect(location.searchParams.get("error_description")).toBeTruthy();
    expect(location.searchParams.get("state")).toBe("st ate+/=");
  });
});

describe("POST /oauth/authorize/confirm", () => {
  it("signs in, then redirects to the first registered URI with code, scope and the exact state", async () => {
    const account = await seedAccount(emulator, { password: "s3cret" });
    const state = "päß 🙂 a+b&c=d?e#f%20";
    const { status, location } = await submitAuthorize(
      emulator,
      { state, scope: "read_only" },
      { email: account.email ?? "", password: "s3cret" },
    );
    expect(status).toBe(302);
    expect(location?.href.startsWith(`${REDIRECT}?`)).toBe(true);
    expect(location?.searchParams.get("code")).toMatch(/^ac_[A-Za-z0-9]{32}$/);
    expect(location?.searchParams.get("scope")).toBe("read_only");
    expect(location?.searchParams.get("state")).toBe(state);
  });

  it("shows the form again on a wrong password", async () => {
    const account = await seedAccount(emulator);
    const reply = await submitAuthorize(
      emulator,
      {},
      { email: account.email ?? "", password: "nope" },
    );
    expect(reply.status).toBe(401);
    expect(reply.location).toBeUndefined();
    expect(reply.body).toContain('role="alert"');
    expect(reply.body).toContain("Incorrect email or password.");
  });

  it("creates an account from the register panel, and refuses a taken email", async () => {
    const form = {
      panel: "register",
      email: "fresh@example.com",
      password: "pw",
      business_name: "Fresh Goods",
      url: "https://fresh.example",
      country: "fr",
    };
    const created = await submitAuthorize(emulator, { "stripe_user[currency]": "EUR" }, form);
    const code = created.location?.searchParams.get("code") ?? "";
    const token = await stripe.oauth.token({ grant_type: "authorization_code", code });
    const account = await stripe.accounts.retrieve(token.stripe_user_id ?? "");
    expect(account).toMatchObject({
      email: "fresh@example.com",
      country: "FR",
      default_currency: "eur",
      details_submitted: true,
      business_profile: { name: "Fresh Goods", url: "https://fresh.example" },
    });
    const again = await submitAuthorize(emulator, {}, form);
    expect(again.status).toBe(400);
    expect(again.body).toContain("An account with this email already exists.");
  });

  it("creates a sample test account with Skip this form", async () => {
    const { location } = await submitAuthorize(emulator, { state: "skip" }, { action: "skip" });
    const token = await stripe.oauth.token({
      grant_type: "authorization_code",
      code: location?.searchParams.get("code") ?? "",
    });
    const account = await stripe.accounts.retrieve(token.stripe_user_id ?? "");
    expect(account.details_submitted).toBe(false);
    expect(account.charges_enabled).toBe(false);
    expect(location?.searchParams.get("state")).toBe("skip");
  });

  it("redirects a denial with access_denied, and without the state when that fault is on", async () => {
    const denied = await submitAuthorize(emulator, { state: "keep-me" }, { action: "deny" });
    expect(denied.location?.search).toBe(
      "?error=access_denied&error_description=The+user+denied+your+request&state=keep-me",
    );
    await control(emulator, "POST", "/faults", { drop_state_on_deny: true });
    const dropped = await submitAuthorize(emulator, { state: "keep-me" }, { action: "deny" });
    expect(dropped.location?.searchParams.has("state")).toBe(false);
    await control(emulator, "DELETE", "/faults");
  });

  it("never redirects to a URI that is not registered, even from a tampered form", async () => {
    const reply = await submitAuthorize(
      emulator,
      { redirect_uri: "https://evil.example/" },
      { action: "deny" },
    );
    expect(reply.status).toBe(400);
    expect(reply.location).toBeUndefined();
  });
});

describe("POST /oauth/token", () => {
  it("exchanges a code for Stripe's token response", async () => {
    const account = await seedAccount(emulator);
    const code = await authorizationCode(emulator, account.email ?? "");
    const token = await stripe.oauth.token({ grant_type: "authorization_code", code });
    expect(token).toEqual({
      access_token: expect.stringMatching(/^sk_test_[A-Za-z0-9]+$/) as unknown,
      livemode: false,
      refresh_token: expect.stringMatching(/^rt_[A-Za-z0-9]+$/) as unknown,
      scope: "read_write",
      stripe_publishable_key: expect.stringMatching(/^pk_test_[A-Za-z0-9]+$/) as unknown,
      stripe_user_id: account.id,
      token_type: "bearer",
    });
    expect(account.id).toMatch(/^acct_[A-Za-z0-9]{16}$/);
  });

  it("accepts the key as Bearer, Basic or client_secret", async () => {
    const account = await seedAccount(emulator);
    const key = emulator.config.secretKey;
    const basic = `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
    for (const [body, headers] of [
      [{}, { Authorization: `Bearer ${key}` }],
      [{}, { Authorization: basic }],
      [{ client_secret: key }, {}],
    ] as const) {
      const code = await authorizationCode(emulator, account.email ?? "");
      const response = await rawToken({ grant_type: "authorization_code", code, ...body }, headers);
      expect(response.status).toBe(200);
      expect(response.headers.get("request-id")).toMatch(/^req_/);
    }
  });

  it("answers invalid_request when grant_type, code or refresh_token is missing", async () => {
    const response = await rawToken(
      { code: "ac_x" },
      { Authorization: `Bearer ${emulator.config.secretKey}` },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "invalid_request",
      error_description: "No grant_type provided.",
    });
    for (const grant_type of ["authorization_code", "refresh_token"] as const) {
      const error = await caught(stripe.oauth.token({ grant_type }));
      expect(error).toBeInstanceOf(Stripe.errors.StripeOAuthInvalidRequestError);
      expect(error).toMatchObject({ statusCode: 400, rawType: "invalid_request" });
    }
  });

  it("answers invalid_grant for an unknown code", async () => {
    const error = await caught(
      stripe.oauth.token({ grant_type: "authorization_code", code: "ac_nope" }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidGrantError);
    expect(error).toMatchObject({
      statusCode: 400,
      message: "Authorization code does not exist: ac_nope",
      requestId: expect.stringMatching(/^req_/) as unknown,
    });
  });

  it("expires codes after the TTL on the fake clock", async () => {
    const account = await seedAccount(emulator);
    const fresh = await authorizationCode(emulator, account.email ?? "");
    const stale = await authorizationCode(emulator, account.email ?? "");
    await control(emulator, "POST", "/clock/advance", { seconds: 299 });
    await stripe.oauth.token({ grant_type: "authorization_code", code: fresh });
    await control(emulator, "POST", "/clock/advance", { seconds: 2 });
    const error = await caught(
      stripe.oauth.token({ grant_type: "authorization_code", code: stale }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidGrantError);
    expect(error).toMatchObject({ message: "Authorization code expired" });
  });

  it("refuses a reused code and revokes the connection and tokens it made", async () => {
    const account = await seedAccount(emulator);
    const code = await authorizationCode(emulator, account.email ?? "");
    const token = await stripe.oauth.token({ grant_type: "authorization_code", code });
    await stripe.accounts.retrieve(account.id, {}, { stripeAccount: account.id });

    const error = await caught(stripe.oauth.token({ grant_type: "authorization_code", code }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidGrantError);
    expect(error).toMatchObject({
      message:
        "This authorization code has already been used. All tokens issued with this code have been revoked.",
    });
    const denied = await caught(stripe.balance.retrieve({}, { stripeAccount: account.id }));
    expect(denied).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(denied).toMatchObject({ code: "account_invalid" });
    const expired = await caught(stripeFor(emulator, token.access_token).balance.retrieve());
    expect(expired).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(expired).toMatchObject({ code: "api_key_expired" });
    const refresh = await caught(
      stripe.oauth.token({ grant_type: "refresh_token", refresh_token: token.refresh_token ?? "" }),
    );
    expect(refresh).toBeInstanceOf(Stripe.errors.StripeInvalidGrantError);
  });

  it("replays a retried exchange (same Idempotency-Key) instead of revoking the connection", async () => {
    const lines: string[] = [];
    const logged = await startTestEmulator({ log: (line) => lines.push(line) });
    try {
      const account = await seedAccount(logged);
      const code = await authorizationCode(logged, account.email ?? "");
      // The first attempt sits past stripe-node's timeout, so it retries with the same key; the
      // retry is answered first, then the first attempt arrives late.
      await control(logged, "POST", "/faults", { path: "/oauth/token", delay_ms: 1500 });
      const retrying = new Stripe(logged.config.secretKey, {
        host: "127.0.0.1",
        port: logged.port,
        protocol: "http",
        timeout: 500,
        maxNetworkRetries: 1,
      });
      const token = await retrying.oauth.token({ grant_type: "authorization_code", code });
      expect(token.stripe_user_id).toBe(account.id);
      const exchanges = () => lines.filter((line) => line.startsWith("POST /oauth/token "));
      await expect.poll(() => exchanges().length, { timeout: 30_000 }).toBe(2);
      expect(exchanges().map((line) => line.split(" ")[2])).toEqual(["200", "200"]);

      const stripeHere = stripeFor(logged);
      const read = await stripeHere.accounts.retrieve(
        account.id,
        {},
        { stripeAccount: account.id },
      );
      expect(read.id).toBe(account.id);
      expect((await stripeFor(logged, token.access_token).balance.retrieve()).object).toBe(
        "balance",
      );
      const events = await stripeHere.events.list({}, { stripeAccount: account.id });
      expect(events.data.map((e) => e.type)).toEqual(["account.application.authorized"]);
      // Without the key, a second exchange is still a reuse.
      const reuse = await caught(
        stripeHere.oauth.token({ grant_type: "authorization_code", code }),
      );
      expect(reuse).toBeInstanceOf(Stripe.errors.StripeInvalidGrantError);
    } finally {
      await logged.stop();
    }
  });

  it("replays the same Idempotency-Key's answer, and refuses it for other parameters", async () => {
    const account = await seedAccount(emulator);
    const code = await authorizationCode(emulator, account.email ?? "");
    const headers = {
      Authorization: `Bearer ${emulator.config.secretKey}`,
      "Idempotency-Key": "k1-" + code,
    };
    const first = await rawToken({ grant_type: "authorization_code", code }, headers);
    const again = await rawToken({ grant_type: "authorization_code", code }, headers);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("original-request")).toBe(first.headers.get("request-id"));
    expect(await again.json()).toEqual(await first.json());
    const other = await rawToken({ grant_type: "authorization_code", code: "ac_other" }, headers);
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: "invalid_request" });
    await stripe.accounts.retrieve(account.id, {}, { stripeAccount: account.id });
  });

  it("refuses a test-mode code or refresh token with the live key", async () => {
    const live = stripeFor(emulator, LIVE_KEY);
    const { account, token } = await connectedAccount(emulator);
    const code = await authorizationCode(emulator, account.email ?? "");
    const error = await caught(live.oauth.token({ grant_type: "authorization_code", code }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidGrantError);
    expect(error).toMatchObject({
      message:
        "Passed in livemode API key but authorization code only supports returning test keys",
    });
    const refresh = await caught(
      live.oauth.token({ grant_type: "refresh_token", refresh_token: token.refresh_token ?? "" }),
    );
    expect(refresh).toBeInstanceOf(Stripe.errors.StripeInvalidGrantError);
    // The code was not spent by the refused attempt.
    await stripe.oauth.token({ grant_type: "authorization_code", code });
  });

  it("answers invalid_client (401) for an unknown key, no key, or another platform's client_id", async () => {
    const error = await caught(
      stripeFor(emulator, "sk_test_someoneelse1234").oauth.token({
        grant_type: "authorization_code",
        code: "ac_x",
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidClientError);
    expect(error).toMatchObject({
      statusCode: 401,
      message: "No such API key: sk_test_********************1234",
    });
    const anonymous = await rawToken({ grant_type: "authorization_code", code: "ac_x" });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "invalid_client" });
    const other = await caught(
      stripe.oauth.token({
        grant_type: "authorization_code",
        code: "ac_x",
        client_id: "ca_other",
      } as Stripe.OAuthTokenParams),
    );
    expect(other).toBeInstanceOf(Stripe.errors.StripeInvalidClientError);
  });

  it("answers unsupported_grant_type", async () => {
    const error = await caught(
      stripe.oauth.token({ grant_type: "password" } as unknown as Stripe.OAuthTokenParams),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeUnsupportedGrantTypeError);
    expect(error).toMatchObject({ statusCode: 400, message: "Unsupported grant type: password" });
  });

  it("refreshes: a new access token for the same account, narrower scope allowed, wider refused", async () => {
    const { account, token } = await connectedAccount(emulator);
    const refreshToken = token.refresh_token ?? "";
    const rolled = await stripe.oauth.token({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    });
    expect(rolled).toMatchObject({
      stripe_user_id: account.id,
      scope: "read_write",
      refresh_token: refreshToken,
    });
    expect(rolled.access_token).not.toBe(token.access_token);
    const own = await stripeFor(emulator, rolled.access_token).accounts.retrieveCurrent();
    expect(own.id).toBe(account.id);

    const narrow = await stripe.oauth.token({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      scope: "read_only",
    });
    expect(narrow.scope).toBe("read_only");
    const readOnly = stripeFor(emulator, narrow.access_token);
    const forbidden = await caught(
      readOnly.charges.create({ amount: 500, currency: "usd", source: "tok_visa" }),
    );
    expect(forbidden).toBeInstanceOf(Stripe.errors.StripePermissionError);

    const invalid = await caught(
      stripe.oauth.token({
        grant_type: "refresh_token",
        refresh_token: refreshToken,
        scope: "admin",
      }),
    );
    expect(invalid).toBeInstanceOf(Stripe.errors.StripeInvalidScopeError);
    const unknown = await caught(
      stripe.oauth.token({ grant_type: "refresh_token", refresh_token: "rt_nope" }),
    );
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidGrantError);
    expect(unknown).toMatchObject({ message: "Refresh token does not exist: rt_nope" });
  });

  it("refuses a refresh wider than a read_only grant", async () => {
    const account = await seedAccount(emulator);
    const code = await authorizationCode(emulator, account.email ?? "", { scope: "read_only" });
    const token = await stripe.oauth.token({ grant_type: "authorization_code", code });
    expect(token.scope).toBe("read_only");
    const error = await caught(
      stripe.oauth.token({
        grant_type: "refresh_token",
        refresh_token: token.refresh_token ?? "",
        scope: "read_write",
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidScopeError);
  });
});

describe("POST /oauth/deauthorize", () => {
  it("disconnects once; the second time answers invalid_client; then the API says 403", async () => {
    const { account } = await connectedAccount(emulator);
    const params = { client_id: emulator.config.clientId, stripe_user_id: account.id };
    expect(await stripe.oauth.deauthorize(params)).toEqual({ stripe_user_id: account.id });

    const again = await caught(stripe.oauth.deauthorize(params));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidClientError);
    expect(again).toMatchObject({
      statusCode: 401,
      message: `This application is not connected to stripe account ${account.id}, or that account does not exist.`,
    });

    const denied = await caught(
      stripe.accounts.retrieve(account.id, {}, { stripeAccount: account.id }),
    );
    expect(denied).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(denied).toMatchObject({
      statusCode: 403,
      code: "account_invalid",
      message: `The provided key 'sk_test_********************0000' does not have access to account '${account.id}' (or that account does not exist). Application access may have been revoked.`,
    });
  });

  it("validates client_id and stripe_user_id, and sees no connections with the live key", async () => {
    const { account } = await connectedAccount(emulator);
    const missing = await caught(stripe.oauth.deauthorize({ stripe_user_id: account.id }));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeOAuthInvalidRequestError);
    const noUser = await caught(stripe.oauth.deauthorize({ client_id: emulator.config.clientId }));
    expect(noUser).toBeInstanceOf(Stripe.errors.StripeOAuthInvalidRequestError);
    const other = await caught(
      stripe.oauth.deauthorize({ client_id: "ca_other", stripe_user_id: account.id }),
    );
    expect(other).toBeInstanceOf(Stripe.errors.StripeInvalidClientError);
    const live = await caught(
      stripeFor(emulator, LIVE_KEY).oauth.deauthorize({
        client_id: emulator.config.clientId,
        stripe_user_id: account.id,
      }),
    );
    expect(live).toBeInstanceOf(Stripe.errors.StripeInvalidClientError);
    // Still connected after all the refusals.
    await stripe.accounts.retrieve(account.id, {}, { stripeAccount: account.id });
  });
});

describe("live mode", () => {
  it("is a world of its own: live client id, live codes and tokens, livemode objects and events", async () => {
    const live = stripeFor(emulator, LIVE_KEY);
    const { body: seeded } = await control<Stripe.Account>(emulator, "POST", "/live/accounts", {
      email: `live-${Date.now()}@example.com`,
      business_name: "Live Seller",
    });
    const clientId = emulator.config.liveClientId;
    const code = await authorizationCode(emulator, seeded.email ?? "", { client_id: clientId });
    // A live code is unknown to the test key (each mode has its own codes).
    const crossed = await caught(stripe.oauth.token({ grant_type: "authorization_code", code }));
    expect(crossed).toMatchObject({ message: `Authorization code does not exist: ${code}` });

    const token = await live.oauth.token({ grant_type: "authorization_code", code });
    expect(token).toMatchObject({ livemode: true, stripe_user_id: seeded.id });
    expect(token.access_token).toMatch(/^sk_live_/);
    expect(token.stripe_publishable_key).toMatch(/^pk_live_/);
    const account = await live.accounts.retrieve(seeded.id, {}, { stripeAccount: seeded.id });
    expect(account.id).toBe(seeded.id);
    const events = await live.events.list({}, { stripeAccount: seeded.id });
    expect(events.data.map((e) => [e.type, e.livemode])).toEqual([
      ["account.application.authorized", true],
    ]);
    await control(emulator, "POST", `/live/accounts/${seeded.id}/charges`, {
      amount: 500,
      currency: "usd",
    });
    const charges = await live.charges.list({}, { stripeAccount: seeded.id });
    expect(charges.data.map((c) => c.livemode)).toEqual([true]);
    // The test key does not see the live connection.
    const denied = await caught(stripe.balance.retrieve({}, { stripeAccount: seeded.id }));
    expect(denied).toMatchObject({ code: "account_invalid" });

    await live.oauth.deauthorize({ client_id: clientId, stripe_user_id: seeded.id });
    const gone = await caught(live.balance.retrieve({}, { stripeAccount: seeded.id }));
    expect(gone).toMatchObject({ code: "account_invalid" });
  });

  it("shows a live-mode authorize request to an http:// redirect URI as an error page", async () => {
    const insecure = await startTestEmulator({
      liveSecretKey: LIVE_KEY,
      redirectUris: ["http://localhost:3000/callback"],
    });
    try {
      const response = await fetch(
        insecure.authorizeUrl({ client_id: insecure.config.liveClientId }),
        { redirect: "manual" },
      );
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Live mode redirect URIs must use HTTPS.");
    } finally {
      await insecure.stop();
    }
  });
});
