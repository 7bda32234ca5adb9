import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Delivery } from "../src/webhooks";
import {
  type Recorder,
  type RunningEmulator,
  caught,
  connectedAccount,
  control,
  seedAccount,
  startRecorder,
  startTestEmulator,
  stripeFor,
} from "./helpers";

const SECRET = "whsec_emulatortest123";

let receiver: Recorder;
let emulator: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startRecorder();
  emulator = await startTestEmulator({
    webhookEndpoints: [{ url: `${receiver.url}/webhooks`, secret: SECRET }],
    webhookTimeoutMs: 300,
  });
  stripe = stripeFor(emulator);
});
afterAll(async () => {
  await emulator.stop();
  await receiver.close();
});
afterEach(async () => {
  await control(emulator, "POST", "/webhooks/flush");
  await control(emulator, "POST", "/webhooks/switches", { duplicates: false, out_of_order: false });
  receiver.requests = [];
  receiver.respond = () => ({ status: 200 });
});

async function flush(): Promise<Delivery[]> {
  return (await control<{ data: Delivery[] }>(emulator, "POST", "/webhooks/flush")).body.data;
}

/** Every received event, verified the way the platform's webhook handler verifies it. */
function receivedEvents(): Stripe.Event[] {
  return receiver.requests.map((request) =>
    stripe.webhooks.constructEvent(
      request.body,
      String(request.headers["stripe-signature"]),
      SECRET,
    ),
  );
}

describe("webhook deliveries", () => {
  it("signs events so that stripe.webhooks.constructEvent accepts them", async () => {
    const { account } = await connectedAccount(emulator);
    await flush();
    const [event] = receivedEvents();
    expect(event).toMatchObject({
      type: "account.application.authorized",
      account: account.id,
      livemode: false,
      data: {
        object: {
          id: emulator.config.clientId,
          object: "application",
          name: emulator.config.platformName,
        },
      },
    });
    const request = receiver.requests[0];
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/webhooks");
    expect(request?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(String(request?.headers["stripe-signature"])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it("is rejected by constructEvent when the body is tampered with", async () => {
    await connectedAccount(emulator);
    await flush();
    const request = receiver.requests[0];
    const tampered = (request?.body ?? "").replace('"livemode": false', '"livemode": true');
    expect(tampered).not.toBe(request?.body);
    const error = await caught(
      Promise.resolve().then(() =>
        stripe.webhooks.constructEvent(
          tampered,
          String(request?.headers["stripe-signature"]),
          SECRET,
        ),
      ),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
  });

  it("sends account.updated, charge.succeeded, payout.paid and account.application.deauthorized", async () => {
    const { account } = await connectedAccount(emulator, {
      business_name: "Before",
      balance: { available: [{ amount: 1000, currency: "usd" }] },
    });
    await control(emulator, "POST", `/accounts/${account.id}`, {
      business_name: "After",
      charges_enabled: false,
    });
    const charge = await stripe.charges.create(
      { amount: 2500, currency: "usd", source: "tok_visa" },
      { stripeAccount: account.id, idempotencyKey: "hook-charge" },
    );
    await control(emulator, "POST", `/accounts/${account.id}/payouts`, {
      amount: 1000,
      currency: "usd",
    });
    await stripe.oauth.deauthorize({
      client_id: emulator.config.clientId,
      stripe_user_id: account.id,
    });
    await flush();

    const events = receivedEvents();
    expect(events.map((e) => e.type)).toEqual([
      "account.application.authorized",
      "account.updated",
      "charge.succeeded",
      "payout.paid",
      "account.application.deauthorized",
    ]);
    for (const event of events) expect(event.account).toBe(account.id);
    const [, updated, charged, paid, deauthorized] = events;
    expect(updated?.data.object).toMatchObject({
      id: account.id,
      charges_enabled: false,
      business_profile: { name: "After" },
    });
    expect(updated?.data.previous_attributes).toMatchObject({
      charges_enabled: true,
      business_profile: { name: "Before" },
    });
    expect(charged?.data.object).toMatchObject({ id: charge.id, amount: 2500 });
    expect(charged?.request).toEqual({
      id: charge.lastResponse.requestId,
      idempotency_key: "hook-charge",
    });
    expect(paid?.data.object).toMatchObject({ object: "payout", amount: 1000, status: "paid" });
    expect(deauthorized?.data.object).toEqual({
      id: emulator.config.clientId,
      object: "application",
      name: emulator.config.platformName,
    });
  });

  it("records but does not send a revocation made with deliver_webhook: false", async () => {
    const { account } = await connectedAccount(emulator);
    await flush();
    receiver.requests = [];
    await control(emulator, "POST", `/accounts/${account.id}/revoke`, { deliver_webhook: false });
    expect((await flush()).filter((d) => d.account === account.id)).toEqual([
      expect.objectContaining({ event_type: "account.application.authorized" }),
    ]);
    expect(receivedEvents()).toEqual([]);
    const access = await caught(stripe.accounts.retrieve(account.id));
    expect(access).toMatchObject({ statusCode: 403, code: "account_invalid" });
  });

  it("delivers nothing for an account that is not connected", async () => {
    const account = await seedAccount(emulator);
    await control(emulator, "POST", `/accounts/${account.id}/charges`, {
      amount: 700,
      currency: "usd",
    });
    await flush();
    expect(receiver.requests).toHaveLength(0);
  });

  it("retries a failed delivery with backoff, signing each attempt afresh, and counts down pending_webhooks", async () => {
    const { account } = await connectedAccount(emulator);
    await flush();
    receiver.requests = [];
    let calls = 0;
    receiver.respond = () => {
      calls++;
      if (calls >= 3) return { status: 200 };
      // Move the fake clock before answering, so the retry's signature has a later timestamp.
      void control(emulator, "POST", "/clock/advance", { seconds: 30 });
      return { status: 500, delayMs: 100 };
    };
    await control(emulator, "POST", `/accounts/${account.id}/charges`, {
      amount: 800,
      currency: "usd",
    });
    const deliveries = await flush();

    const events = receivedEvents();
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    const timestamps = receiver.requests.map((r) =>
      Number(/t=(\d+)/.exec(String(r.headers["stripe-signature"]))?.[1]),
    );
    expect(timestamps[1]).toBeGreaterThan(timestamps[0] ?? Infinity);
    expect(timestamps[2]).toBeGreaterThan(timestamps[1] ?? Infinity);
    const delivery = deliveries.find((d) => d.event_id === events[0]?.id);
    expect(delivery?.state).toBe("succeeded");
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(delivery?.attempts.map((a) => a.signed_at)).toEqual(timestamps);

    const stored = await stripe.events.retrieve(
      events[0]?.id ?? "",
      {},
      { stripeAccount: account.id },
    );
    expect(stored.pending_webhooks).toBe(0);
  });

  it("treats a slow answer as a timeout and retries", async () => {
    await connectedAccount(emulator);
    await flush();
    receiver.requests = [];
    receiver.respond = () => ({ status: 200, delayMs: receiver.requests.length === 1 ? 1000 : 0 });
    const { account } = await connectedAccount(emulator);
    const deliveries = await flush();
    const delivery = deliveries.find((d) => d.account === account.id);
    expect(delivery?.attempts.map((a) => a.error)).toEqual(["timed out after 300 ms", null]);
    expect(delivery?.state).toBe("succeeded");
  });

  it("gives up after the last attempt", async () => {
    receiver.respond = () => ({ status: 502 });
    const { account } = await connectedAccount(emulator);
    const deliveries = await flush();
    const delivery = deliveries.find((d) => d.account === account.id);
    expect(delivery?.state).toBe("failed");
    expect(delivery?.attempts).toHaveLength(emulator.config.webhookMaxAttempts);
    const listed = await control<{ data: Delivery[] }>(emulator, "GET", "/deliveries");
    expect(listed.body.data.find((d) => d.id === delivery?.id)?.state).toBe("failed");
  });

  it("signs with the fake clock, so an old signature is refused by constructEvent", async () => {
    await control(emulator, "POST", "/clock/advance", { seconds: -600 });
    try {
      await connectedAccount(emulator);
      await flush();
      const request = receiver.requests[0];
      const error = await caught(
        Promise.resolve().then(() =>
          stripe.webhooks.constructEvent(
            request?.body ?? "",
            String(request?.headers["stripe-signature"]),
            SECRET,
          ),
        ),
      );
      expect(error).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
      expect(String(error)).toContain("Timestamp outside the tolerance zone");
    } finally {
      await control(emulator, "POST", "/clock/advance", { seconds: 600 });
    }
  });
});

describe("switches", () => {
  it("delivers every event twice with the duplicates switch", async () => {
    await control(emulator, "POST", "/webhooks/switches", { duplicates: true });
    const { account } = await connectedAccount(emulator);
    const deliveries = (await flush()).filter((d) => d.account === account.id);
    const ids = receivedEvents().map((e) => e.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(deliveries.map((d) => d.duplicate)).toEqual([false, true]);
  });

  it("holds a batch back and delivers it newest first with the out_of_order switch", async () => {
    const { account } = await connectedAccount(emulator);
    await flush();
    receiver.requests = [];
    await control(emulator, "POST", "/webhooks/switches", { out_of_order: true });
    for (const amount of [100, 200, 300]) {
      await control(emulator, "POST", `/accounts/${account.id}/charges`, {
        amount,
        currency: "usd",
      });
    }
    expect(receiver.requests).toHaveLength(0);
    await flush();
    const amounts = receivedEvents().map((e) => (e.data.object as Stripe.Charge).amount);
    expect(amounts).toEqual([300, 200, 100]);
  });
});
