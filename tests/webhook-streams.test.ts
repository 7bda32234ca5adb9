/**
 * Messy event streams from Stripe (the emulator, over HTTP) to the app's own webhook endpoint on a
 * real database: several account.updated within one second, delivered at once and out of order,
 * and event types the app has no handler for (capability, external account, person).
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/stripe/webhooks/route";
import { db } from "@/lib/db";
import { accountSnapshot } from "@/lib/stripe/account-snapshot";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import type { Delivery } from "stripe-connect-emulator/client";
import { connectedSeller, startRouteServer, startTestEmulator, stripeFor } from "./helpers";

let emulator: Awaited<ReturnType<typeof startTestEmulator>>;
let endpoint: Awaited<ReturnType<typeof startRouteServer>>;
/** The deliveries the endpoint is answering right now, and the most there were at once. */
let open = 0;
let mostOpen = 0;
/** Event ids in the order they reached the endpoint. */
let arrived: string[] = [];

beforeAll(async () => {
  endpoint = await startRouteServer(async (request) => {
    open++;
    mostOpen = Math.max(mostOpen, open);
    try {
      const body = await request.clone().text();
      arrived.push((JSON.parse(body) as Stripe.Event).id);
      return await POST(request);
    } finally {
      open--;
    }
  });
  emulator = await startTestEmulator({
    clientId: EMULATOR.clientId,
    secretKey: EMULATOR.secretKey,
    webhookEndpoints: [{ url: endpoint.url, secret: EMULATOR.connectWebhookSecret }],
  });
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
});
afterAll(async () => {
  await emulator.stop();
  await endpoint.close();
});
beforeEach(async () => {
  // Deliveries, switches and accounts of the test before are forgotten.
  await emulator.client.request("POST", "/webhooks/flush");
  await emulator.client.request("POST", "/reset");
  arrived = [];
  mostOpen = 0;
});

/** An account connected at Stripe and in the app, with the app's snapshot taken before `fields`. */
async function connectedAtBoth(fields: Record<string, unknown> = {}) {
  const account = await emulator.client.seedAccount({ connected: true, ...fields });
  const { connection } = await connectedSeller(account.id, account.business_profile?.name ?? "");
  return { account, connection };
}

async function flush(): Promise<Delivery[]> {
  return (await emulator.client.request<{ data: Delivery[] }>("POST", "/webhooks/flush")).body.data;
}

/** The app's snapshot of the account, in the snapshot's own terms. */
async function snapshotOf(connectionId: string) {
  const c = await db().stripeConnection.findUniqueOrThrow({ where: { id: connectionId } });
  return {
    businessName: c.businessName,
    email: c.email,
    country: c.country,
    defaultCurrency: c.defaultCurrency,
    chargesEnabled: c.chargesEnabled,
    payoutsEnabled: c.payoutsEnabled,
    detailsSubmitted: c.detailsSubmitted,
    requirementsDue: c.requirementsDue,
    readiness: c.readiness,
    nextDeadline: c.nextDeadline,
    disabledReason: c.disabledReason,
    futureRequirementsDue: c.futureRequirementsDue,
    cardPaymentsStatus: c.cardPaymentsStatus,
    transfersStatus: c.transfersStatus,
    accountState: c.accountState,
  };
}

/** Polls until `check` passes (a refresh from Stripe runs after its delivery is answered). */
async function eventually(check: () => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await check();
      return;
    } catch (error) {
      if (i >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("a burst of account.updated within one second", () => {
  it("delivered at once and newest first, ends with Stripe's final state", async () => {
    const { account, connection } = await connectedAtBoth({ business_name: "Step 0" });
    await emulator.client.request("POST", "/webhooks/switches", {
      out_of_order: true,
      concurrency: 6,
      jitter_ms: 50,
    });
    const updates = [1, 2, 3, 4, 5, 6].map((n) => ({
      business_name: `Step ${n}`,
      charges_enabled: n % 2 === 1,
      payouts_enabled: n % 3 !== 0,
      details_submitted: n > 1,
    }));
    const burst = await emulator.client.request("POST", `/accounts/${account.id}/burst`, {
      updates,
    });
    expect(burst.status).toBe(200);

    const deliveries = await flush();
    const updated = deliveries.filter(
      (d) => d.account === account.id && d.event_type === "account.updated",
    );
    expect(updated).toHaveLength(6);
    expect(deliveries.filter((d) => d.state !== "succeeded")).toEqual([]);
    const { data: events } = await stripeFor(emulator).events.list(
      { type: "account.updated", limit: 6 },
      { stripeAccount: account.id },
    );
    expect(new Set(events.map((e) => e.created)).size).toBe(1); // all within one second
    // Overlapping, and not in the order they happened (events.list is newest first).
    expect(mostOpen).toBeGreaterThan(1);
    const oldestFirst = events.map((e) => e.id).reverse();
    expect(arrived.filter((id) => oldestFirst.includes(id))).not.toEqual(oldestFirst);

    const atStripe = accountSnapshot(await stripeFor(emulator).accounts.retrieve(account.id));
    expect(atStripe).toMatchObject({ businessName: "Step 6", chargesEnabled: false });
    await eventually(async () => {
      expect(await snapshotOf(connection.id)).toEqual(atStripe);
    });
  });
});

describe("event types without a handler", () => {
  it("capability, external account and person events are stored, ignored and answered 2xx", async () => {
    const { account, connection } = await connectedAtBoth({ business_name: "Quiet Shop" });
    const base = `/accounts/${account.id}`;
    await emulator.client.request("POST", base, { payouts_enabled: false }); // capability.updated too
    const bank = await emulator.client.request<{ id: string }>(
      "POST",
      `${base}/external_accounts`,
      {},
    );
    await emulator.client.request("POST", `${base}/external_accounts`, {
      object: "card",
      default_for_currency: true, // the bank account is no longer the default: updated
    });
    await emulator.client.request("DELETE", `${base}/external_accounts/${bank.body.id}`);
    const person = await emulator.client.request<{ id: string }>("POST", `${base}/persons`, {
      first_name: "Jane",
    });
    await emulator.client.request("POST", `${base}/persons/${person.body.id}`, {
      last_name: "Austen",
    });
    await emulator.client.request("DELETE", `${base}/persons/${person.body.id}`);

    const deliveries = (await flush()).filter((d) => d.account === account.id);
    // Each answered 2xx at the first attempt: Stripe has nothing to retry.
    expect(deliveries.map((d) => d.attempts.map((a) => a.status))).toEqual(
      deliveries.map(() => [200]),
    );
    const rows = await db().webhookEvent.findMany({
      where: { account: account.id },
      orderBy: { created: "asc" },
    });
    const byType = Object.fromEntries(rows.map((r) => [r.type, r.status]));
    expect(byType).toEqual({
      "account.updated": "PROCESSED",
      "capability.updated": "IGNORED",
      "account.external_account.created": "IGNORED",
      "account.external_account.updated": "IGNORED",
      "account.external_account.deleted": "IGNORED",
      "person.created": "IGNORED",
      "person.updated": "IGNORED",
      "person.deleted": "IGNORED",
    });
    expect(rows).toHaveLength(deliveries.length);
    expect(await snapshotOf(connection.id)).toMatchObject({
      businessName: "Quiet Shop",
      payoutsEnabled: false,
    });
  });
});
