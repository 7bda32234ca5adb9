import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningEmulator,
  caught,
  connectedAccount,
  control,
  seedAccount,
  startTestEmulator,
  stripeFor,
} from "./helpers";

let emulator: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startTestEmulator();
  stripe = stripeFor(emulator);
});
afterAll(() => emulator.stop());

describe("authentication", () => {
  it("answers 401 without a key or with an unknown one (StripeAuthenticationError)", async () => {
    const bad = await caught(stripeFor(emulator, "sk_test_wrongwrongwrong9876").balance.retrieve());
    expect(bad).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(bad).toMatchObject({
      statusCode: 401,
      message: "Invalid API Key provided: sk_test_********************9876",
      requestId: expect.stringMatching(/^req_[A-Za-z0-9]{14}$/) as unknown,
    });
    const anonymous = await fetch(`${emulator.url}/v1/balance`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("request-id")).toMatch(/^req_/);
    expect(await anonymous.json()).toMatchObject({
      error: {
        type: "invalid_request_error",
        message: expect.stringContaining("You did not provide an API key") as unknown,
      },
    });
  });

  it("accepts Basic auth as curl -u sends it", async () => {
    const response = await fetch(`${emulator.url}/v1/account`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${emulator.config.secretKey}:`).toString("base64")}`,
      },
    });
    expect(response.status).toBe(200);
  });

  it("puts a Request-Id on every answer", async () => {
    const account = await stripe.accounts.retrieveCurrent();
    expect(account.lastResponse.requestId).toMatch(/^req_/);
    expect(account.lastResponse.statusCode).toBe(200);
  });

  it("answers unknown URLs with Stripe's 404", async () => {
    const error = await caught(stripe.rawRequest("GET", "/v1/customers"));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      message: expect.stringContaining("Unrecognized request URL (GET: /v1/customers)") as unknown,
    });
  });
});

describe("Stripe-Account", () => {
  it("reads the platform without the header and a connected account with it", async () => {
    const { account } = await connectedAccount(emulator, { business_name: "Header Shop" });
    const platform = await stripe.accounts.retrieveCurrent();
    expect(platform.id).not.toBe(account.id);
    const current = await stripe.accounts.retrieveCurrent({}, { stripeAccount: account.id });
    expect(current).toMatchObject({ id: account.id, business_profile: { name: "Header Shop" } });
    expect((await stripe.accounts.retrieve(account.id)).id).toBe(account.id);
    expect((await stripe.accounts.retrieve(account.id, {}, { stripeAccount: account.id })).id).toBe(
      account.id,
    );
  });

  it("answers 403 account_invalid for an account that is not connected", async () => {
    const account = await seedAccount(emulator);
    for (const request of [
      stripe.balance.retrieve({}, { stripeAccount: account.id }),
      stripe.accounts.retrieve(account.id),
      stripe.charges.list({}, { stripeAccount: "acct_0000000000000000" }),
    ]) {
      const error = await caught(request);
      expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
      expect(error).toMatchObject({
        statusCode: 403,
        code: "account_invalid",
        type: "StripePermissionError",
      });
    }
  });

  it("answers 403 once the seller revokes access, and the access token expires", async () => {
    const { account, token } = await connectedAccount(emulator);
    await stripe.balance.retrieve({}, { stripeAccount: account.id });
    expect((await control(emulator, "POST", `/accounts/${account.id}/revoke`)).status).toBe(200);
    const error = await caught(stripe.balance.retrieve({}, { stripeAccount: account.id }));
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(error).toMatchObject({
      message: `The provided key 'sk_test_********************0000' does not have access to account '${account.id}' (or that account does not exist). Application access may have been revoked.`,
    });
    const expired = await caught(stripeFor(emulator, token.access_token).balance.retrieve());
    expect(expired).toMatchObject({ statusCode: 401, code: "api_key_expired" });
  });

  it("lets an access token act only on its own account", async () => {
    const { account, token } = await connectedAccount(emulator);
    const other = await connectedAccount(emulator);
    const own = stripeFor(emulator, token.access_token);
    expect((await own.accounts.retrieveCurrent()).id).toBe(account.id);
    const error = await caught(own.balance.retrieve({}, { stripeAccount: other.account.id }));
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
  });
});

describe("resources", () => {
  it("serves a seeded balance, charges, payouts and balance transactions", async () => {
    const { account } = await connectedAccount(emulator, {
      default_currency: "eur",
      charges: [{ amount: 2000, currency: "eur", description: "Order 1" }],
      payouts: [{ amount: 500, currency: "eur" }],
      balance: {
        available: [{ amount: 12_345, currency: "eur" }],
        pending: [{ amount: 678, currency: "eur" }],
      },
    });
    const options = { stripeAccount: account.id };
    const balance = await stripe.balance.retrieve({}, options);
    expect(balance.available).toEqual([
      { amount: 12_345, currency: "eur", source_types: { card: 12_345 } },
    ]);
    expect(balance.pending[0]?.amount).toBe(678);

    const charges = await stripe.charges.list({}, options);
    expect(charges.data).toHaveLength(1);
    const charge = charges.data[0];
    expect(charge).toMatchObject({
      amount: 2000,
      currency: "eur",
      description: "Order 1",
      status: "succeeded",
      paid: true,
    });
    expect((await stripe.charges.retrieve(charge?.id ?? "", {}, options)).id).toBe(charge?.id);

    const payouts = await stripe.payouts.list({ status: "paid" }, options);
    expect(payouts.data.map((p) => p.amount)).toEqual([500]);
    const txns = await stripe.balanceTransactions.list({}, options);
    expect(txns.data.map((t) => [t.type, t.amount, t.fee])).toEqual([
      ["payout", -500, 0],
      ["charge", 2000, 88],
    ]);
    const charged = await stripe.balanceTransactions.list({ type: "charge" }, options);
    expect(charged.data[0]?.source).toBe(charge?.id);
  });

  it("creates a charge on a connected account and records its event", async () => {
    const { account } = await connectedAccount(emulator);
    const options = { stripeAccount: account.id };
    const charge = await stripe.charges.create(
      {
        amount: 1500,
        currency: "USD",
        source: "tok_visa",
        description: "Tea",
        metadata: { order: "42" },
      },
      options,
    );
    expect(charge).toMatchObject({
      id: expect.stringMatching(/^ch_/) as unknown,
      amount: 1500,
      currency: "usd",
      metadata: { order: "42" },
    });
    const balance = await stripe.balance.retrieve({}, options);
    expect(balance.pending).toEqual([
      { amount: 1500 - 74, currency: "usd", source_types: { card: 1426 } },
    ]);

    const events = await stripe.events.list({ type: "charge.*" }, options);
    expect(events.data).toHaveLength(1);
    const event = events.data[0];
    expect(event).toMatchObject({
      type: "charge.succeeded",
      account: account.id,
      livemode: false,
      api_version: Stripe.API_VERSION,
      request: { id: charge.lastResponse.requestId },
    });
    expect((await stripe.events.retrieve(event?.id ?? "", {}, options)).id).toBe(event?.id);
    const all = await stripe.events.list(
      { types: ["account.application.authorized", "charge.succeeded"] },
      options,
    );
    expect(all.data.map((e) => e.type)).toEqual([
      "charge.succeeded",
      "account.application.authorized",
    ]);
    const missing = await caught(stripe.events.retrieve("evt_nope", {}, options));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such event: 'evt_nope'",
    });
  });

  it("validates parameters with Stripe's codes", async () => {
    const { account } = await connectedAccount(emulator);
    const options = { stripeAccount: account.id };
    const cases: [Promise<unknown>, Record<string, unknown>][] = [
      [
        stripe.charges.create({ currency: "usd", source: "tok_visa" }, options),
        { code: "parameter_missing", param: "amount" },
      ],
      [
        stripe.charges.create(
          { amount: 100, currency: "usd", source: "tok_visa", customer: "cus_1" },
          options,
        ),
        {
          code: "parameter_unknown",
          param: "customer",
          message: "Received unknown parameter: customer",
        },
      ],
      [
        stripe.charges.create({ amount: 100, currency: "usd", source: "card_x" }, options),
        { code: "resource_missing", param: "source" },
      ],
      [stripe.charges.list({ limit: 101 }, options), { param: "limit" }],
      [
        stripe.charges.list({ starting_after: "ch_nope" }, options),
        { code: "resource_missing", param: "starting_after" },
      ],
      [stripe.charges.list({ expand: ["data.customer"] }, options), { param: "expand" }],
    ];
    for (const [request, expected] of cases) {
      const error = await caught(request);
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({ statusCode: 400, ...expected });
    }
  });
});

describe("lists", () => {
  it("pages newest first with limit, starting_after, ending_before and has_more", async () => {
    const charges = Array.from({ length: 25 }, (_, i) => ({ amount: 100 + i, currency: "usd" }));
    const { account } = await connectedAccount(emulator, { charges });
    const options = { stripeAccount: account.id };

    const first = await stripe.charges.list({ limit: 10 }, options);
    expect(first).toMatchObject({ object: "list", url: "/v1/charges", has_more: true });
    expect(first.data.map((c) => c.amount)).toEqual([
      124, 123, 122, 121, 120, 119, 118, 117, 116, 115,
    ]);

    const second = await stripe.charges.list(
      { limit: 10, starting_after: first.data[9]?.id },
      options,
    );
    expect(second.data.map((c) => c.amount)).toEqual([
      114, 113, 112, 111, 110, 109, 108, 107, 106, 105,
    ]);
    const last = await stripe.charges.list(
      { limit: 10, starting_after: second.data[9]?.id },
      options,
    );
    expect(last.data.map((c) => c.amount)).toEqual([104, 103, 102, 101, 100]);
    expect(last.has_more).toBe(false);

    const back = await stripe.charges.list(
      { limit: 3, ending_before: second.data[0]?.id },
      options,
    );
    expect(back.data.map((c) => c.amount)).toEqual([117, 116, 115]);
    expect(back.has_more).toBe(true);
    const top = await stripe.charges.list({ limit: 10, ending_before: first.data[2]?.id }, options);
    expect(top.data.map((c) => c.amount)).toEqual([124, 123]);
    expect(top.has_more).toBe(false);

    const everything: number[] = [];
    for await (const charge of stripe.charges.list({ limit: 7 }, options))
      everything.push(charge.amount);
    expect(everything).toEqual(charges.map((c) => c.amount).reverse());
    expect((await stripe.charges.list({}, options)).data).toHaveLength(10);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first answer for the same key and parameters, without a second charge", async () => {
    const { account } = await connectedAccount(emulator);
    const options = { stripeAccount: account.id, idempotencyKey: "order-1" };
    const params = {
      amount: 900,
      currency: "usd",
      source: "tok_visa",
      metadata: { a: "1", b: "2" },
    };
    const first = await stripe.charges.create(params, options);
    const again = await stripe.charges.create({ ...params, metadata: { b: "2", a: "1" } }, options);
    expect(again).toEqual(first);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(again.lastResponse.headers["original-request"]).toBe(first.lastResponse.requestId);
    expect(again.lastResponse.requestId).not.toBe(first.lastResponse.requestId);
    expect((await stripe.charges.list({}, { stripeAccount: account.id })).data).toHaveLength(1);

    const conflict = await caught(stripe.charges.create({ ...params, amount: 901 }, options));
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(conflict).toMatchObject({
      statusCode: 400,
      rawType: "idempotency_error",
      message:
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'order-1' if you meant to execute a different request.",
    });
  });

  it("keeps keys per account and does not keep failures", async () => {
    const one = await connectedAccount(emulator);
    const two = await connectedAccount(emulator);
    const params = { amount: 700, currency: "usd", source: "tok_visa" };
    const a = await stripe.charges.create(params, {
      stripeAccount: one.account.id,
      idempotencyKey: "shared",
    });
    const b = await stripe.charges.create(params, {
      stripeAccount: two.account.id,
      idempotencyKey: "shared",
    });
    expect(a.id).not.toBe(b.id);

    const options = { stripeAccount: one.account.id, idempotencyKey: "retry-after-error" };
    await caught(stripe.charges.create({ amount: 700, currency: "usd" }, options));
    const charge = await stripe.charges.create(params, options);
    expect(charge.amount).toBe(700);
  });
});

describe("injected faults", () => {
  it("fails the next requests to a path with the v1 error shape, then recovers", async () => {
    await control(emulator, "POST", "/faults", { path: "/v1/balance", status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await caught(stripe.balance.retrieve());
      expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(error).toMatchObject({ statusCode: 503, rawType: "api_error" });
    }
    await stripe.balance.retrieve();
  });

  it("matches a path prefix ending in *", async () => {
    await control(emulator, "POST", "/faults", { path: "/v1/*", status: 502 });
    const error = await caught(stripe.charges.list());
    expect(error).toMatchObject({ statusCode: 502 });
    await stripe.charges.list();
  });

  it("slows responses down", async () => {
    await control(emulator, "POST", "/faults", { path: "/v1/account", delay_ms: 300 });
    const started = performance.now();
    await stripe.accounts.retrieveCurrent();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("fails OAuth endpoints with the OAuth error shape", async () => {
    await control(emulator, "POST", "/faults", { path: "/oauth/token", status: 500 });
    const error = await caught(
      stripe.oauth.token({ grant_type: "authorization_code", code: "ac_x" }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeOAuthError);
    expect(error).toMatchObject({ statusCode: 500, rawType: "server_error" });
    const page = await fetch(emulator.authorizeUrl(), { redirect: "manual" });
    expect(page.status).toBe(200);
  });
});

// What a seller's dashboard reads (charges with their balance transaction expanded, payouts by
// arrival date, the payout schedule), as the app sends it: platform key + Stripe-Account.

const DAY = 86_400;

describe("charges with their balance transaction", () => {
  it("expands data.balance_transaction on a list: Stripe's fee and the net", async () => {
    const { account } = await connectedAccount(emulator, {
      charges: [{ amount: 2500, currency: "usd", description: "Order #1" }],
    });
    const options = { stripeAccount: account.id };
    const list = await stripe.charges.list({ expand: ["data.balance_transaction"] }, options);
    const txn = list.data[0]?.balance_transaction as Stripe.BalanceTransaction;
    // 2.9 % + 30 cents of $25.00.
    expect(txn).toMatchObject({ object: "balance_transaction", amount: 2500, fee: 103, net: 2397 });
    expect(txn.fee_details).toEqual([
      expect.objectContaining({ type: "stripe_fee", amount: 103, currency: "usd" }),
    ]);

    // Without expand, the id, as Stripe answers; the stored charge keeps it.
    const plain = await stripe.charges.list({}, options);
    expect(plain.data[0]?.balance_transaction).toBe(txn.id);

    const one = await stripe.charges.retrieve(
      plain.data[0]?.id ?? "",
      { expand: ["balance_transaction"] },
      options,
    );
    expect(one.balance_transaction).toMatchObject({ id: txn.id, net: 2397 });
  });

  it("refuses an expansion it does not serve, naming it", async () => {
    const { account } = await connectedAccount(emulator);
    const error = await caught(
      stripe.charges.list({ expand: ["data.customer"] }, { stripeAccount: account.id }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      param: "expand",
      message: expect.stringContaining(
        "This property cannot be expanded (data.customer)",
      ) as unknown,
    });
  });
});

describe("payouts by arrival date", () => {
  it("seeds payouts with their dates and filters by arrival_date and created", async () => {
    const now = Math.floor(Date.now() / 1000);
    const { account } = await connectedAccount(emulator, {
      payouts: [
        { amount: 1000, currency: "usd", created: now - 40 * DAY, arrival_date: now - 38 * DAY },
        { amount: 2000, currency: "usd", created: now - 12 * DAY, arrival_date: now - 10 * DAY },
        {
          amount: 3000,
          currency: "usd",
          status: "in_transit",
          created: now - DAY,
          arrival_date: now + DAY,
        },
      ],
    });
    const options = { stripeAccount: account.id };
    const all = await stripe.payouts.list({}, options);
    expect(all.data.map((p) => [p.amount, p.arrival_date])).toEqual([
      [3000, now + DAY],
      [2000, now - 10 * DAY],
      [1000, now - 38 * DAY],
    ]);
    const recent = await stripe.payouts.list({ arrival_date: { gte: now - 30 * DAY } }, options);
    expect(recent.data.map((p) => p.amount)).toEqual([3000, 2000]);
    const arrived = await stripe.payouts.list(
      { arrival_date: { gte: now - 30 * DAY, lte: now } },
      options,
    );
    expect(arrived.data.map((p) => p.amount)).toEqual([2000]);
    const made = await stripe.payouts.list({ created: now - 12 * DAY }, options);
    expect(made.data.map((p) => p.amount)).toEqual([2000]);

    const error = await caught(
      stripe.rawRequest("GET", "/v1/payouts?arrival_date[after]=1", undefined, options),
    );
    expect(error).toMatchObject({ statusCode: 400, code: "parameter_unknown" });
  });
});

describe("the payout schedule", () => {
  it("is Stripe's default unless seeded, with an anchor only where its interval has one", async () => {
    const { account } = await connectedAccount(emulator);
    expect(account.settings?.payouts?.schedule).toEqual({ delay_days: 2, interval: "daily" });

    const { account: weekly } = await connectedAccount(emulator, {
      payout_schedule: { interval: "weekly", weekly_anchor: "friday", delay_days: 7 },
    });
    const read = await stripe.accounts.retrieve(weekly.id, {}, { stripeAccount: weekly.id });
    expect(read.settings?.payouts?.schedule).toEqual({
      delay_days: 7,
      interval: "weekly",
      weekly_anchor: "friday",
    });

    const refused = await control(emulator, "POST", "/accounts", {
      email: "anchor@example.com",
      business_name: "Anchor",
      payout_schedule: { interval: "daily", monthly_anchor: 3 },
    });
    expect(refused.status).toBe(400);
  });

  it("changes with an update, sent as account.updated with the previous schedule", async () => {
    const { account } = await connectedAccount(emulator);
    const updated = await emulator.client.updateAccount(account.id, {
      payout_schedule: { interval: "monthly", monthly_anchor: 31, delay_days: 3 },
    });
    expect(updated.settings?.payouts?.schedule).toEqual({
      delay_days: 3,
      interval: "monthly",
      monthly_anchor: 31,
    });
    const events = await stripe.events.list(
      { type: "account.updated" },
      { stripeAccount: account.id },
    );
    expect(events.data[0]?.data.previous_attributes).toMatchObject({
      settings: { payouts: { schedule: { interval: "daily", delay_days: 2 } } },
    });
  });
});
