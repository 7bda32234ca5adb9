/**
 * The app against Stripe's strict sides, through the emulator over HTTP: its pinned API version
 * is one Stripe knows, and its account checks (`npm run stripe:reconcile`, an admin's "Refresh
 * from Stripe") stay within Stripe's rate limit, wait as long as a 429 asks, and say so when
 * Stripe still refuses. The database is real.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnection, type StripeConnection } from "@/lib/data/connections";
import { db } from "@/lib/db";
import { STRIPE_API_VERSION, stripe } from "@/lib/stripe/client";
import { StripeBusyError } from "@/lib/stripe/pacing";
import {
  reconcileConnection,
  reconcileConnections,
  refreshFromStripe,
  type ReconcileResult,
} from "@/lib/stripe/reconcile";
import { adminUser, startTestEmulator, verifiedSeller } from "./helpers";
import type { RunningEmulator } from "stripe-connect-emulator";

let emulator: RunningEmulator;

beforeAll(async () => {
  // A limit well below Stripe's 25 a second, and the app's pace below it as by default (20 for
  // 25), so that a burst exceeds it however slow the machine.
  emulator = await startTestEmulator({ rateLimit: 5 });
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
  vi.stubEnv("STRIPE_CHECKS_PER_SECOND", "4");
});
afterAll(async () => {
  await emulator.stop();
});
afterEach(async () => {
  await emulator.client.request("DELETE", "/faults");
});

/** A seller connected (at Stripe and here) to a fresh emulator account. */
async function connectedSeller(): Promise<StripeConnection> {
  const account = await emulator.client.seedAccount({ connected: true });
  return createConnection({
    seller: await verifiedSeller(),
    stripeAccountId: account.id,
    scope: "read_write",
    livemode: false,
    snapshot: null,
  });
}

/** Makes the next `times` calls to Stripe's API answer 429 rate_limit. */
async function rateLimitNext(times: number): Promise<void> {
  await emulator.client.request("POST", "/faults", { path: "/v1/*", status: 429, times });
}

describe("the pinned API version", () => {
  it("is one Stripe (the emulator) accepts, and answers are rendered with it", async () => {
    const balance = await stripe().balance.retrieve();
    expect(balance.lastResponse.apiVersion).toBe(STRIPE_API_VERSION);
  });
});

describe("account checks within Stripe's rate limit", () => {
  it("npm run stripe:reconcile checks 15 connections at 5 requests a second without a failure", async () => {
    const connections: StripeConnection[] = [];
    for (let i = 0; i < 15; i++) connections.push(await connectedSeller());

    const results = new Map<string, ReconcileResult | { error: unknown }>();
    await reconcileConnections(
      connections.map((c) => c.id),
      (id, result) => results.set(id, result),
    );

    const failures = [...results.values()].filter((r) => "error" in r);
    expect(failures).toEqual([]);
    expect(results.size).toBe(15);
  }, 120_000);

  it("waits as long as a 429 asks (Retry-After) and checks the connection", async () => {
    const connection = await connectedSeller();
    await rateLimitNext(2);

    const result = await reconcileConnection(connection.id);

    expect(result.outcome).toBe("updated"); // the snapshot was empty: now it is Stripe's
    const { faults } = (await emulator.client.request<{ faults: unknown[] }>("GET", "/faults"))
      .body;
    expect(faults).toEqual([]); // both 429s were met, then the call went through
  }, 60_000);

  it("an admin's refresh that Stripe keeps refusing says how long to wait, and is audited", async () => {
    const connection = await connectedSeller();
    const ops = await adminUser();
    await rateLimitNext(10);

    const error = await refreshFromStripe(ops, connection.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StripeBusyError);
    expect(error).toMatchObject({ code: "stripe_busy", retryAfterSeconds: 1 });
    const audit = await db().auditEvent.findMany({
      where: { connectionId: connection.id, action: "REFRESH" },
    });
    expect(audit.map((a) => [a.outcome, a.actorId, a.detail])).toEqual([
      ["FAILURE", ops.id, "Stripe was busy (rate limit)"],
    ]);
    const stored = await db().stripeConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(stored.status).toBe("CONNECTED");
  }, 60_000);
});
