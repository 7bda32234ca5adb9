/**
 * Webhook deliveries through stripe-node's constructEvent, as a platform verifies them: the tidy
 * path, the switches, and messy streams as Stripe sends them (capability, external account and
 * person events; bursts of account.updated within one second; overlapping deliveries arriving out
 * of order; Stripe's retry schedule kept by the fake clock).
 */
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorOptions } from "../src/server";
import { RETRY_SCHEDULE, type Delivery, retryDelay } from "../src/webhooks";
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
  await control(emulator, "POST", "/webhooks/switches", {
    duplicates: false,
    out_of_order: false,
    concurrency: 1,
    jitter_ms: 0,
  });
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

  it("sends capability.updated, account.updated, charge.succeeded, payout.paid and account.application.deauthorized", async () => {
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
      "capability.updated",
      "account.updated",
      "charge.succeeded",
      "payout.paid",
      "account.application.deauthorized",
    ]);
    for (const event of events) expect(event.account).toBe(account.id);
    const [, capability, updated, charged, paid, deauthorized] = events;
    expect(capability?.data).toMatchObject({
      object: {
        id: "card_payments",
        object: "capability",
        account: account.id,
        status: "inactive",
      },
      previous_attributes: { status: "active" },
    });
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

  it("gives up after Stripe's test-mode attempts: the first and three retries", async () => {
    receiver.respond = () => ({ status: 502 });
    const { account } = await connectedAccount(emulator);
    const deliveries = await flush();
    const delivery = deliveries.find((d) => d.account === account.id);
    expect(delivery?.state).toBe("failed");
    expect(delivery?.attempts).toHaveLength(4);
    expect(delivery?.next_attempt_at).toBeNull();
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

/** A connected account whose own connection event is already delivered and forgotten. */
async function quietAccount(fields: Record<string, unknown> = {}): Promise<Stripe.Account> {
  const { account } = await connectedAccount(emulator, fields);
  await flush();
  receiver.requests = [];
  return account;
}

/** Runs `work` on an emulator of its own, delivering to a receiver of its own that answers `respond`. */
async function withOwnEmulator(
  respond: Recorder["respond"],
  options: EmulatorOptions,
  work: (emulator: RunningEmulator, receiver: Recorder) => Promise<void>,
): Promise<void> {
  const own = await startRecorder();
  own.respond = respond;
  const ownEmulator = await startTestEmulator({
    webhookEndpoints: [{ url: own.url, secret: SECRET }],
    ...options,
  });
  try {
    await work(ownEmulator, own);
  } finally {
    await ownEmulator.stop();
    await own.close();
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("event types beyond the tidy five", () => {
  it("sends capability.updated for each capability a change moves, before account.updated", async () => {
    const account = await quietAccount();
    await control(emulator, "POST", `/accounts/${account.id}`, {
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
    });
    await flush();
    const events = receivedEvents();
    expect(events.map((e) => [e.type, (e.data.object as { id: string }).id])).toEqual([
      ["capability.updated", "card_payments"],
      ["capability.updated", "transfers"],
      ["account.updated", account.id],
    ]);
    for (const event of events) expect(event.account).toBe(account.id);
    const [cardPayments] = events as Stripe.CapabilityUpdatedEvent[];
    expect(cardPayments?.data.object).toMatchObject({
      object: "capability",
      account: account.id,
      requested: true,
      status: "inactive",
      requirements: {
        disabled_reason: "requirements.fields_needed",
        currently_due: expect.arrayContaining(["external_account"]) as unknown,
      },
    });
    expect(cardPayments?.data.previous_attributes).toMatchObject({ status: "active" });

    await control(emulator, "POST", `/accounts/${account.id}`, { email: "new@example.com" });
    await flush();
    expect(receivedEvents().map((e) => e.type)).toEqual([
      "capability.updated",
      "capability.updated",
      "account.updated",
      "account.updated", // an email changes no capability
    ]);
  });

  it("sends account.external_account.created, .updated and .deleted for bank accounts and cards", async () => {
    const account = await quietAccount({ business_name: "Payout Shop" });
    const path = `/accounts/${account.id}/external_accounts`;
    const bank = await control<Stripe.BankAccount>(emulator, "POST", path, {});
    expect(bank).toMatchObject({
      status: 201,
      body: { object: "bank_account", account: account.id },
    });
    expect(bank.body).toMatchObject({
      currency: "usd",
      default_for_currency: true,
      account_holder_name: "Payout Shop",
      last4: "6789",
    });
    const card = await control<Stripe.Card>(emulator, "POST", path, {
      object: "card",
      default_for_currency: true,
    });
    expect(card.body).toMatchObject({ object: "card", brand: "Visa", funding: "debit" });
    await control(emulator, "POST", `${path}/${bank.body.id}`, { metadata: { role: "main" } });
    const deleted = await control(emulator, "DELETE", `${path}/${card.body.id}`);
    expect(deleted.body).toEqual({ id: card.body.id, object: "card", deleted: true });
    await flush();

    const events = receivedEvents() as (
      | Stripe.AccountExternalAccountCreatedEvent
      | Stripe.AccountExternalAccountUpdatedEvent
      | Stripe.AccountExternalAccountDeletedEvent
    )[];
    expect(events.map((e) => [e.type, e.data.object.id])).toEqual([
      ["account.external_account.created", bank.body.id],
      // The card takes over as the default for USD: the bank account says it is no longer.
      ["account.external_account.updated", bank.body.id],
      ["account.external_account.created", card.body.id],
      ["account.external_account.updated", bank.body.id],
      ["account.external_account.deleted", card.body.id],
    ]);
    for (const event of events) expect(event.account).toBe(account.id);
    expect(events[1]?.data.previous_attributes).toEqual({ default_for_currency: true });
    expect(events[3]?.data.previous_attributes).toEqual({ metadata: {} });
    const listed = await control<{ data: Stripe.ExternalAccount[] }>(emulator, "GET", path);
    expect(listed.body.data.map((e) => e.id)).toEqual([bank.body.id]);
  });

  it("sends person.created, person.updated (with previous_attributes) and person.deleted", async () => {
    const account = await quietAccount();
    const path = `/accounts/${account.id}/persons`;
    const person = await control<Stripe.Person>(emulator, "POST", path, {
      first_name: "Jane",
      last_name: "Austen",
      relationship: { representative: true, title: "CEO" },
    });
    expect(person.body).toMatchObject({
      object: "person",
      account: account.id,
      first_name: "Jane",
      relationship: { representative: true, owner: false, title: "CEO" },
      verification: { status: "unverified" },
    });
    await control(emulator, "POST", `${path}/${person.body.id}`, {
      relationship: { owner: true },
    });
    await control(emulator, "DELETE", `${path}/${person.body.id}`);
    await flush();

    const events = receivedEvents() as (Stripe.PersonCreatedEvent | Stripe.PersonUpdatedEvent)[];
    expect(events.map((e) => e.type)).toEqual([
      "person.created",
      "person.updated",
      "person.deleted",
    ]);
    for (const event of events) {
      expect(event.account).toBe(account.id);
      expect(event.data.object.id).toBe(person.body.id);
    }
    expect(events[1]?.data.previous_attributes).toEqual({ relationship: { owner: false } });
    const unknown = await control(emulator, "POST", `${path}/person_nope`, {});
    expect(unknown.status).toBe(404);
  });
});

describe("several account.updated within one second", () => {
  it("a burst applies each update in turn, each event created in the same second", async () => {
    const account = await quietAccount({ business_name: "Step 0" });
    const updates = [1, 2, 3, 4, 5].map((n) => ({
      business_name: `Step ${n}`,
      charges_enabled: n % 2 === 0,
    }));
    const reply = await control<Stripe.Account>(emulator, "POST", `/accounts/${account.id}/burst`, {
      updates,
    });
    expect(reply.body).toMatchObject({
      business_profile: { name: "Step 5" },
      charges_enabled: false,
    });
    await flush();

    const updated = receivedEvents().filter(
      (e): e is Stripe.AccountUpdatedEvent => e.type === "account.updated",
    );
    expect(updated.map((e) => e.data.object.business_profile?.name)).toEqual(
      updates.map((u) => u.business_name),
    );
    expect(new Set(updated.map((e) => e.created)).size).toBe(1);
    expect(receivedEvents().filter((e) => e.type === "capability.updated")).toHaveLength(5);
    const { data } = await stripe.events.list(
      { type: "account.updated", limit: 5 },
      { stripeAccount: account.id },
    );
    expect(data.map((e) => e.id)).toEqual(updated.map((e) => e.id).reverse());
  });
});

describe("concurrent delivery", () => {
  it("keeps webhookConcurrency deliveries to an endpoint in flight at once", async () => {
    // Each delivery is answered 3 s after it arrives.
    const respond = () => ({ status: 200, delayMs: 3_000 });
    await withOwnEmulator(respond, { webhookConcurrency: 4 }, async (wide, slowReceiver) => {
      const account = await seedAccount(wide, { connected: true });
      for (const amount of [100, 200, 300, 400, 500]) {
        await control(wide, "POST", `/accounts/${account.id}/charges`, {
          amount,
          currency: "usd",
        });
      }
      await until(() => slowReceiver.requests.length >= 4, "four deliveries");
      // Four arrived before any was answered; the fifth waits for a free slot.
      const { body } = await control<{ data: Delivery[] }>(wide, "GET", "/deliveries");
      expect(body.data.filter((d) => d.attempts.length === 0)).toHaveLength(5);
      expect(slowReceiver.requests).toHaveLength(4);
      const { body: done } = await control<{ data: Delivery[] }>(wide, "POST", "/webhooks/flush");
      expect(done.data.map((d) => d.state)).toEqual(Array(5).fill("succeeded"));
      expect(slowReceiver.requests).toHaveLength(5);
    });
  });

  it("with jitter, overlapping deliveries arrive out of order", async () => {
    const account = await quietAccount();
    await control(emulator, "POST", "/webhooks/switches", { concurrency: 10, jitter_ms: 300 });
    const amounts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => n * 100);
    for (const amount of amounts) {
      await control(emulator, "POST", `/accounts/${account.id}/charges`, {
        amount,
        currency: "usd",
      });
    }
    await flush();
    const arrived = receivedEvents().map((e) => (e.data.object as Stripe.Charge).amount);
    expect([...arrived].sort((a, b) => a - b)).toEqual(amounts);
    expect(arrived).not.toEqual(amounts);
  });

  it("refuses a concurrency outside 1-64", async () => {
    for (const concurrency of [0, 65, 1.5]) {
      const reply = await control(emulator, "POST", "/webhooks/switches", { concurrency });
      expect(reply.status).toBe(400);
    }
  });
});

describe("Stripe's retry schedule on the fake clock", () => {
  it("test mode: three retries, 30 min, 1 h and 2 h apart, each sent when the clock gets there", async () => {
    // A compressed wait far beyond the test: only the fake clock can bring a retry on.
    const options = { webhookRetryBaseMs: 3_600_000 };
    await withOwnEmulator(
      () => ({ status: 503 }),
      options,
      async (slow, failing) => {
        const { account } = await connectedAccount(slow);
        const delivery = async () => {
          const { body } = await control<{ data: Delivery[] }>(slow, "GET", "/deliveries");
          return body.data.find((d) => d.account === account.id);
        };
        for (const [retry, seconds] of RETRY_SCHEDULE.test.entries()) {
          await until(async () => (await delivery())?.attempts.length === retry + 1, "an attempt");
          const waiting = await delivery();
          const last = waiting?.attempts.at(-1);
          expect(waiting?.state).toBe("pending");
          expect(waiting?.next_attempt_at).toBe((last?.signed_at ?? 0) + seconds);
          // Just short of the due time: nothing is sent.
          await control(slow, "POST", "/clock/advance", { seconds: seconds - 5 });
          await new Promise((resolve) => setTimeout(resolve, 200));
          expect((await delivery())?.attempts).toHaveLength(retry + 1);
          await control(slow, "POST", "/clock/advance", { seconds: 5 });
        }
        await until(async () => (await delivery())?.state === "failed", "giving up");
        const done = await delivery();
        expect(done?.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503]);
        expect(done?.next_attempt_at).toBeNull();
        const signed = done?.attempts.map((a) => a.signed_at) ?? [];
        const gaps = signed.slice(1).map((t, i) => t - (signed[i] ?? 0));
        // The clock advanced by exactly the schedule; real seconds passing can only add to it.
        gaps.forEach((gap, i) => {
          expect(gap).toBeGreaterThanOrEqual(RETRY_SCHEDULE.test[i] ?? Infinity);
          expect(gap).toBeLessThan((RETRY_SCHEDULE.test[i] ?? 0) + 60);
        });
        expect(failing.requests).toHaveLength(4);
      },
    );
  });

  it("compresses the schedule into real time: webhookRetryBaseMs per 30 Stripe minutes", async () => {
    // startTestEmulator's 20 ms: retries after 20, 40 and 80 ms.
    const account = await quietAccount();
    receiver.respond = () => ({ status: 500 });
    await control(emulator, "POST", `/accounts/${account.id}/charges`, {
      amount: 100,
      currency: "usd",
    });
    const deliveries = await flush();
    const delivery = deliveries.find(
      (d) => d.account === account.id && d.event_type === "charge.succeeded",
    );
    expect(delivery?.state).toBe("failed");
    expect(delivery?.attempts).toHaveLength(4);
  });

  it("live mode: exponential backoff within three days, Stripe's 11 attempts", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((retry) => retryDelay(true, retry));
    expect(delays.at(-1)).toBeNull();
    const intervals = delays.filter((d): d is number => d !== null);
    expect(intervals).toHaveLength(10);
    const total = intervals.reduce((sum, d) => sum + d, 0);
    expect(total).toBeLessThanOrEqual(72 * 3600);
    expect(total + (intervals.at(-1) ?? 0)).toBeGreaterThan(72 * 3600);
    for (let i = 1; i < intervals.length; i++)
      expect(intervals[i]).toBeGreaterThan(intervals[i - 1] ?? Infinity);
    // Test mode: three retries within a few hours; a configured maximum overrides either.
    expect([1, 2, 3, 4].map((retry) => retryDelay(false, retry))).toEqual([
      1_800,
      3_600,
      7_200,
      null,
    ]);
    expect(retryDelay(false, 2, 2)).toBeNull();
    expect(retryDelay(false, 5, 7)).toBe(7_200);
  });
});
