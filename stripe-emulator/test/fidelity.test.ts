/**
 * Where Stripe is strict, through stripe-node: API versions, rate limits, error details, the
 * Idempotency-Key echo, what a platform sees of a Standard account, unknown routes, payouts.
 */
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningEmulator,
  caught,
  connectedAccount,
  control,
  seedAccount,
  startEmulator,
  startTestEmulator,
  stripeFor,
} from "./helpers";

const OLDER_VERSION = "2025-03-31.basil";

let emulator: RunningEmulator;
let stripe: Stripe;
beforeAll(async () => {
  emulator = await startTestEmulator({ apiVersions: [OLDER_VERSION], rateLimit: 25 });
  stripe = stripeFor(emulator);
});
afterAll(() => emulator.stop());
afterEach(async () => {
  await control(emulator, "DELETE", "/faults");
  await control(emulator, "POST", "/rate_limits", { test: 25, live: 100 });
});

/** A client pinned to `apiVersion`, which stripe-node sends as `Stripe-Version`. */
function pinnedTo(apiVersion: string, options: Stripe.StripeConfig = {}): Stripe {
  return new Stripe(emulator.config.secretKey, {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
    ...options,
    apiVersion: apiVersion as Stripe.LatestApiVersion,
  });
}

describe("Stripe-Version", () => {
  it.each(["2019-2-19", "2031-01-01.nonesuch"])(
    "refuses %s as Stripe does: 400 invalid_request_error",
    async (version) => {
      const error = await caught(pinnedTo(version).balance.retrieve());
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({
        statusCode: 400,
        message: `Invalid Stripe API version: ${version}`,
      });
    },
  );

  it("answers with the version asked for: stripe-node's pin, or another known one", async () => {
    const pinned = await stripe.balance.retrieve();
    expect(pinned.lastResponse.apiVersion).toBe(Stripe.API_VERSION);
    const older = await pinnedTo(OLDER_VERSION).balance.retrieve();
    expect(older.lastResponse.apiVersion).toBe(OLDER_VERSION);
  });

  it("answers a request without Stripe-Version, and an error, with the account's default", async () => {
    const plain = await fetch(`${emulator.url}/v1/balance`, {
      headers: { Authorization: `Bearer ${emulator.config.secretKey}` },
    });
    expect(plain.headers.get("stripe-version")).toBe(Stripe.API_VERSION);
    const refused = await fetch(`${emulator.url}/v1/balance`, {
      headers: { "Stripe-Version": "banana" },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("stripe-version")).toBe(Stripe.API_VERSION);
  });
});

describe("rate limits", () => {
  it("answers 429 rate_limit with Stripe-Should-Retry: false past the key's limit, per key", async () => {
    const { token } = await connectedAccount(emulator);
    await control(emulator, "POST", "/rate_limits", { test: 5 });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => stripe.balance.retrieve()),
    );
    const refused = results.filter((r) => r.status === "rejected").map((r) => r.reason as unknown);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(refused).toHaveLength(3);
    // It counts what it refused (a test's proof of no 429 storm), from 0 when the limits are set.
    const limits = await control<{ refused: number }>(emulator, "GET", "/rate_limits");
    expect(limits.body).toMatchObject({ per_second: { test: 5 }, refused: 3 });
    for (const error of refused) {
      expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(error).toMatchObject({
        statusCode: 429,
        code: "rate_limit",
        rawType: "invalid_request_error",
        doc_url: "https://stripe.com/docs/error-codes/rate-limit",
      });
      const { headers } = error as Stripe.errors.StripeRateLimitError;
      expect(headers).toMatchObject({ "stripe-should-retry": "false", "retry-after": "1" });
    }
    // Another key (the seller's own access token) has a bucket of its own.
    await expect(stripeFor(emulator, token.access_token).balance.retrieve()).resolves.toBeTruthy();
    // The bucket refills: a second later the platform's key is served again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(stripe.balance.retrieve()).resolves.toBeTruthy();
  });

  it("is on by default at Stripe's test-mode figure, 25 a second, and 0 turns it off", async () => {
    const defaults = await startEmulator({ port: 0 });
    expect(defaults.config).toMatchObject({ rateLimit: 25, liveRateLimit: 100 });
    await defaults.stop();
    const burst = await Promise.allSettled(
      Array.from({ length: 40 }, () => stripe.balance.retrieve()),
    );
    expect(burst.some((r) => r.status === "rejected")).toBe(true);

    await control(emulator, "POST", "/rate_limits", { test: 0 });
    const unlimited = await Promise.allSettled(
      Array.from({ length: 40 }, () => stripe.balance.retrieve()),
    );
    expect(unlimited.every((r) => r.status === "fulfilled")).toBe(true);
  });

  it("bursts of 429s on demand (a fault), which stripe-node does not retry", async () => {
    await control(emulator, "POST", "/faults", { path: "/v1/*", status: 429, times: 2 });
    const retrying = pinnedTo(Stripe.API_VERSION, { maxNetworkRetries: 2 });
    const first = await caught(retrying.balance.retrieve());
    expect(first).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(first).toMatchObject({ code: "rate_limit" });
    const { body } = await control<{ faults: { times: number }[] }>(emulator, "GET", "/faults");
    expect(body.faults.map((f) => f.times)).toEqual([1]); // one request, no retry
    await caught(retrying.balance.retrieve());
    await expect(retrying.balance.retrieve()).resolves.toBeTruthy();
  });
});

describe("error details and echoed headers", () => {
  it("puts a request_log_url on errors of authenticated requests only", async () => {
    const missing = await caught(stripe.charges.retrieve("ch_missing"));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const { raw, requestId } = missing as Stripe.errors.StripeInvalidRequestError;
    expect((raw as { request_log_url?: string }).request_log_url).toMatch(
      new RegExp(`^https://dashboard\\.stripe\\.com/test/logs/${requestId ?? "?"}\\?t=\\d+$`),
    );

    const anonymous = await caught(stripeFor(emulator, "sk_test_unknown").balance.retrieve());
    expect(anonymous).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((anonymous as Stripe.errors.StripeError).raw).not.toHaveProperty("request_log_url");
  });

  it("echoes the Idempotency-Key of a POST, first answer and replay", async () => {
    const { account } = await connectedAccount(emulator);
    const params = { amount: 700, currency: "usd", source: "tok_visa" };
    const options = { stripeAccount: account.id, idempotencyKey: "echo-me" };
    const first = await stripe.charges.create(params, options);
    const replay = await stripe.charges.create(params, options);
    expect(first.lastResponse.idempotencyKey).toBe("echo-me");
    expect(replay.lastResponse.idempotencyKey).toBe("echo-me");
    expect(replay.id).toBe(first.id);
  });
});

describe("what a Standard account's platform sees", () => {
  it("no external_accounts: the platform does not control the account", async () => {
    const { account } = await connectedAccount(emulator);
    const read = await stripe.accounts.retrieve(account.id);
    expect(read.controller).toEqual({ type: "account" });
    expect(read).not.toHaveProperty("external_accounts");
    // The platform's own account lists its own.
    expect(await stripe.accounts.retrieveCurrent()).toHaveProperty("external_accounts");
  });
});

describe("routes", () => {
  it("answers GET /v1/charges/search as an unknown route (search is not emulated)", async () => {
    const error = await caught(stripe.charges.search({ query: "amount>100" }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404 });
    expect((error as Error).message).toContain(
      "Unrecognized request URL (GET: /v1/charges/search)",
    );
  });
});

describe("payouts", () => {
  it("pays out the available balance and refuses more with balance_insufficient", async () => {
    const { account } = await connectedAccount(emulator, {
      balance: { available: [{ amount: 1000, currency: "usd" }] },
    });
    const options = { stripeAccount: account.id };
    const payout = await stripe.payouts.create({ amount: 600, currency: "usd" }, options);
    expect(payout).toMatchObject({ object: "payout", amount: 600, status: "pending" });
    const balance = await stripe.balance.retrieve({}, options);
    expect(balance.available[0]?.amount).toBe(400);

    const error = await caught(stripe.payouts.create({ amount: 500, currency: "usd" }, options));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: "balance_insufficient" });
    expect((error as Error).message).toContain(
      "You have insufficient funds in your Stripe account",
    );
    expect((await stripe.balance.retrieve({}, options)).available[0]?.amount).toBe(400);
  });

  it("refuses a control-API payout the available balance does not cover", async () => {
    const account = await seedAccount(emulator, { connected: true });
    const { status, body } = await control<{ error: { code: string } }>(
      emulator,
      "POST",
      `/accounts/${account.id}/payouts`,
      { amount: 100, currency: "usd" },
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe("balance_insufficient");
  });
});
