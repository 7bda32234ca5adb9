/**
 * The System page's "Stripe API errors": every call Stripe refuses or fails (the emulator, over
 * HTTP, through the app's own client) is kept with its endpoint (ids taken out), status and
 * Stripe's Request-Id, and counted, 429s apart; successful calls are not kept.
 */
import type { RunningEmulator } from "stripe-connect-emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { pruneStripeApiErrors, summarizeStripeApiErrors } from "@/lib/data/stripe-api-errors";
import { flushStripeApiErrors, keepStripeApiErrors } from "@/lib/stripe/api-errors";
import { stripe } from "@/lib/stripe/client";
import { startTestEmulator } from "./helpers";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(async () => {
  await db().stripeApiError.deleteMany();
});

const HOUR_MS = 60 * 60 * 1000;

/** The failures noted during the calls, once written (by the timer of a running server). */
async function summaryOnceKept(count: number) {
  expect(await flushStripeApiErrors()).toBe(count);
  return summarizeStripeApiErrors();
}

describe("Stripe API errors", () => {
  it("keeps a refused call with its endpoint, status and Request-Id, not a successful one", async () => {
    const account = await emulator.client.seedAccount({ connected: true });
    await stripe().accounts.retrieve(account.id);
    const refused = await stripe()
      .balance.retrieve({}, { stripeAccount: "acct_1NoSuchAccount" })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);

    const summary = await summaryOnceKept(1);
    expect(summary.total).toBe(1);
    expect(summary.rateLimited).toBe(0);
    const [kept] = summary.latest;
    expect(kept).toMatchObject({
      method: "GET",
      endpoint: "/v1/balance",
    });
    expect(kept?.status).toBeGreaterThanOrEqual(400);
    expect(kept?.requestId).toMatch(/^req_/);
  });

  it("is written by the running process's timer, with nobody writing it (as a page, which only reads)", async () => {
    const stop = keepStripeApiErrors();
    try {
      await stripe()
        .balance.retrieve({}, { stripeAccount: "acct_1NoSuchAccount" })
        .catch(() => undefined);
      await expect
        .poll(() => db().stripeApiError.count(), { timeout: 45_000, interval: 250 })
        .toBe(1);
    } finally {
      stop();
    }
  }, 60_000);

  it("counts 429s apart, and ids in the path are taken out", async () => {
    await emulator.client.request("POST", "/faults", { path: "/v1/*", status: 429, times: 2 });
    const id = "acct_1RateLimitedOne";
    for (let i = 0; i < 2; i++) {
      await stripe()
        .accounts.retrieve(id, {}, { maxNetworkRetries: 0 })
        .catch(() => undefined);
    }
    const summary = await summaryOnceKept(2);
    expect(summary).toMatchObject({ total: 2, rateLimited: 2 });
    expect(summary.latest.map((e) => e.endpoint)).toEqual(["/v1/accounts/:id", "/v1/accounts/:id"]);
    expect(JSON.stringify(summary.latest)).not.toContain(id);
  });

  it("prunes only what is older than the retention", async () => {
    await db().stripeApiError.createMany({
      data: [
        {
          method: "GET",
          endpoint: "/v1/balance",
          status: 500,
          at: new Date(Date.now() - 10 * 24 * HOUR_MS),
        },
        { method: "GET", endpoint: "/v1/balance", status: 500 },
      ],
    });
    expect(await pruneStripeApiErrors(new Date(Date.now() - 7 * 24 * HOUR_MS))).toBe(1);
    expect(await db().stripeApiError.count()).toBe(1);
  });
});
