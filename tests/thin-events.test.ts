/**
 * The thin event endpoint (POST /api/stripe/webhooks/thin) on a real database: the route handler
 * itself, given notifications signed as Stripe signs them (with the thin destination's secret).
 * Stripe is the emulator, over HTTP, where applying a notification fetches its v2 account.
 */
import type Stripe from "stripe";
import type { RunningEmulator } from "stripe-connect-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as POST_V1 } from "@/app/api/stripe/webhooks/route";
import { POST } from "@/app/api/stripe/webhooks/thin/route";
import { retryWebhookEventsAsAdmin } from "@/lib/admin/webhook-retry";
import { createConnection, REVOCATION_REASONS } from "@/lib/data/connections";
import { markWebhookEventDeadLettered } from "@/lib/data/webhook-events";
import { db } from "@/lib/db";
import { sweepWebhookRetries } from "@/lib/jobs/webhook-retry";
import { metrics } from "@/lib/metrics";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import { V2_ACCOUNT_INCLUDES } from "@/lib/stripe/v2-account-snapshot";
import {
  adminUser,
  connectedSeller,
  type Delivered,
  deliverSigned,
  pollFor,
  startEmulatorWithThinEvents,
  stripeFor,
  uniqueEmail,
  verifiedSeller,
  whileRefusing,
} from "./helpers";
import {
  accountUpdatedEvent,
  nowSeconds,
  signed,
  stripeId,
  thinNotification,
  type ThinNotification,
} from "./stripe-events";

const SECRET = EMULATOR.thinWebhookSecret;
const REQUIREMENTS = "v2.core.account[requirements].updated";
const CLOSED = "v2.core.account.closed";
let emulator: RunningEmulator;
let stopEmulator: () => Promise<void>;

// The emulator delivers its thin notifications to this endpoint over HTTP, as Stripe does.
beforeAll(async () => {
  ({ emulator, stop: stopEmulator } = await startEmulatorWithThinEvents(POST));
});
afterAll(() => stopEmulator());

/** POSTs a notification to the endpoint as Stripe would, signed with `secret` unless told. */
function deliver(
  notification: ThinNotification | string,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Promise<Delivered> {
  const secret = options.secret ?? SECRET;
  return deliverSigned(POST, "/api/stripe/webhooks/thin", notification, { ...options, secret });
}

const storedEvent = (id: string) => db().webhookEvent.findUnique({ where: { id } });
const connection = (id: string) => db().stripeConnection.findUniqueOrThrow({ where: { id } });

describe("verification", () => {
  it("refuses an unsigned, tampered, expired or other secret's notification with a specific 400, storing nothing", async () => {
    const notification = thinNotification(REQUIREMENTS, stripeId("acct_"));
    expect(await deliver(notification, { signature: null })).toEqual({
      status: 400,
      body: { error: "Refused: no Stripe-Signature header" },
    });
    const { signature } = signed(notification, SECRET);
    const tampered = JSON.stringify({
      ...notification,
      related_object: { id: stripeId("acct_"), type: "v2.core.account", url: "/x" },
    });
    const changed = await deliver(tampered, { signature });
    expect(changed.status).toBe(400);
    expect(changed.body.error).toMatch(/^Refused: no signature matches the body for our secret/);
    expect(await deliver(notification, { timestamp: nowSeconds() - 301 })).toEqual({
      status: 400,
      body: { error: "Refused: the signature is older than the 300 s tolerance (a replay?)" },
    });
    // The Connect endpoint's secret is not this destination's.
    const other = await deliver(notification, { secret: EMULATOR.connectWebhookSecret });
    expect(other.body.error).toMatch(/no signature matches/);
    expect(await storedEvent(notification.id)).toBeNull();
  });
});

describe("v2.core.account.closed", () => {
  it("ends the connection with the account-closed reason, once, however often it is delivered", async () => {
    const { connection: made, account } = await connectedSeller();
    const notification = thinNotification(CLOSED, account);
    expect(await deliver(notification)).toEqual({ status: 200, body: { outcome: "processed" } });
    const ended = await connection(made.id);
    expect(ended).toMatchObject({
      status: "REVOKED",
      disconnectReason: REVOCATION_REASONS.account_closed,
      disconnectedById: null,
      disconnectedAt: new Date(notification.created),
    });
    expect(await deliver(notification)).toEqual({ status: 200, body: { outcome: "duplicate" } });
    const audits = await db().auditEvent.findMany({
      where: { connectionId: made.id, action: "REVOKE" },
    });
    expect(audits.map((a) => a.detail)).toEqual([REVOCATION_REASONS.account_closed]);
    expect(await storedEvent(notification.id)).toMatchObject({
      status: "PROCESSED",
      type: CLOSED,
      account,
      attempts: 1,
    });
  });

  it("does not end a connection made after it (a late notification about an earlier account life)", async () => {
    const { connection: made, account } = await connectedSeller();
    const late = thinNotification(CLOSED, account, {
      created: new Date(made.connectedAt.getTime() - 60_000),
    });
    expect(await deliver(late)).toEqual({ status: 200, body: { outcome: "processed" } });
    expect((await connection(made.id)).status).toBe("CONNECTED");
  });
});

describe("what is stored and not applied", () => {
  it("ignores another mode's notification and a type without a handler, storing both", async () => {
    const { connection: made, account } = await connectedSeller();
    const live = thinNotification(CLOSED, account, { livemode: true });
    expect(await deliver(live)).toEqual({ status: 200, body: { outcome: "ignored" } });
    const ping = thinNotification("v2.core.event_destination.ping", account);
    expect(await deliver(ping)).toEqual({ status: 200, body: { outcome: "ignored" } });
    expect(await deliver(ping)).toEqual({ status: 200, body: { outcome: "duplicate" } });
    expect((await storedEvent(live.id))?.status).toBe("IGNORED");
    expect((await storedEvent(ping.id))?.status).toBe("IGNORED");
    expect((await connection(made.id)).status).toBe("CONNECTED");
  });

  it("applies a notification about an account without a connection as nothing to do, without asking Stripe", async () => {
    const notification = thinNotification(REQUIREMENTS, stripeId("acct_"));
    expect(await deliver(notification)).toEqual({ status: 200, body: { outcome: "processed" } });
  });

  it("answers 503 when the notification cannot be stored, so Stripe delivers it again", async () => {
    const { connection: made, account } = await connectedSeller();
    const notification = thinNotification(CLOSED, account);
    const refused = await whileRefusing("WebhookEvent", "true", () => deliver(notification));
    expect(refused).toEqual({ status: 503, body: { error: "Not stored, retry later" } });
    expect(await storedEvent(notification.id)).toBeNull();
    expect((await connection(made.id)).status).toBe("CONNECTED");
    expect(await deliver(notification)).toEqual({ status: 200, body: { outcome: "processed" } });
  });
});

/** A v2 account created as the "Create a Stripe account" door creates one, and its connection. */
async function createdAccount() {
  const account = await stripeFor(emulator).v2.core.accounts.create({
    contact_email: uniqueEmail("shop"),
    display_name: "Thin Shop",
    dashboard: "full",
    identity: { country: "us", business_details: { registered_name: "Thin Shop LLC" } },
    defaults: { responsibilities: { fees_collector: "stripe", losses_collector: "stripe" } },
    configuration: { merchant: { capabilities: { card_payments: { requested: true } } } },
  });
  const made = await createConnection({
    seller: await verifiedSeller(),
    stripeAccountId: account.id,
    scope: "read_write",
    livemode: false,
    snapshot: null,
  });
  return { account: account.id, connectionId: made.id };
}

/** The v2 account as Stripe (the emulator) holds it now. */
function v2Account(id: string): Promise<Stripe.V2.Core.Account> {
  return stripeFor(emulator).v2.core.accounts.retrieve(id, { include: V2_ACCOUNT_INCLUDES });
}

const readinessOf = async (id: string) => (await connection(id)).readiness;

describe("applied by fetching the v2 account", () => {
  it("follows onboarding as the emulator's notifications arrive: In review, then Ready", async () => {
    const { account, connectionId } = await createdAccount();
    await emulator.client.completeOnboarding(account);
    await emulator.client.flushThinEvents();
    expect(await connection(connectionId)).toMatchObject({
      readiness: "IN_REVIEW",
      detailsSubmitted: true,
      requirementsDue: 0,
      businessName: "Thin Shop",
      country: "US",
    });
    await emulator.client.verifyPending(account);
    await emulator.client.flushThinEvents();
    expect(await connection(connectionId)).toMatchObject({
      readiness: "READY",
      chargesEnabled: true,
      payoutsEnabled: true,
      cardPaymentsStatus: "active",
    });
    const stored = await db().webhookEvent.findMany({ where: { account } });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((event) => event.status === "PROCESSED")).toBe(true);
  });

  it("applies a duplicate once and an out-of-order notification as the current state", async () => {
    const { account, connectionId } = await createdAccount();
    await emulator.client.completeOnboarding(account);
    await emulator.client.flushThinEvents();
    const [first] = await emulator.client
      .thinEvents()
      .then((all) => all.filter((e) => e.related_object.id === account));
    if (!first) throw new Error("no thin event about the account");
    await emulator.client.verifyPending(account);
    await emulator.client.flushThinEvents();
    expect(await readinessOf(connectionId)).toBe("READY");

    // The first notification again (a duplicate), and a late one from before the review: the
    // duplicate applies nothing; the late one fetches the account, which is Ready now.
    await emulator.client.resendThinEvent(first.id);
    await emulator.client.flushThinEvents();
    expect((await db().webhookEvent.findUniqueOrThrow({ where: { id: first.id } })).attempts).toBe(
      1,
    );
    const late = thinNotification(REQUIREMENTS, account, {
      created: new Date(Date.parse(first.created) - 60_000),
    });
    expect(await deliver(late)).toEqual({ status: 200, body: { outcome: "processed" } });
    expect(await readinessOf(connectionId)).toBe("READY");

    // A v1 account.updated older than that fetch (Stripe sends both kinds) does not go back.
    const stale = accountUpdatedEvent(
      account,
      { businessName: "Thin Shop", requirementsDue: ["external_account"] },
      { created: nowSeconds() - 30 },
    );
    const { body, signature } = signed(stale, EMULATOR.connectWebhookSecret);
    const v1 = await POST_V1(
      new Request("http://localhost/api/stripe/webhooks", {
        method: "POST",
        headers: { "Stripe-Signature": signature },
        body,
      }),
    );
    expect(v1.status).toBe(200);
    expect(await readinessOf(connectionId)).toBe("READY");
  });

  it("keeps a notification whose fetch fails as FAILED (500), and the retry job applies it", async () => {
    const { account, connectionId } = await createdAccount();
    await emulator.client.flushThinEvents();
    // Stripe fails the fetches of the next notification (a retry of stripe-node's included).
    await emulator.client.injectFault({
      path: `/v2/core/accounts/${account}`,
      status: 500,
      times: 2,
    });
    const notification = thinNotification(REQUIREMENTS, account);
    expect(await deliver(notification)).toEqual({ status: 500, body: { outcome: "failed" } });
    const failed = await storedEvent(notification.id);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(failed?.lastError).toMatch(/Injected fault/);
    expect(await connection(connectionId)).toMatchObject({ businessName: null, syncedAt: null });

    // Stripe answers again; the retry job (its sweep queues it, the job runner works it) fetches.
    await emulator.client.clearFaults();
    await sweepWebhookRetries();
    const applied = await pollFor("the retry job to apply the notification", async () => {
      const row = await storedEvent(notification.id);
      return row?.status === "PROCESSED" ? row : undefined;
    });
    // At least the delivery and the retry that applied it: the integration tests share one
    // database, and another file's sweep (tests/jobs.test.ts) may queue this FAILED event too,
    // to be tried by that file's process against its own emulator, where this account is unknown.
    expect(applied.attempts).toBeGreaterThanOrEqual(2);
    expect(await connection(connectionId)).toMatchObject({
      businessName: "Thin Shop",
      readiness: "RESTRICTED",
      detailsSubmitted: false,
    });
  });

  it("revives a dead-lettered notification through the System page's Retry", async () => {
    const { account, connectionId } = await createdAccount();
    await emulator.client.injectFault({
      path: `/v2/core/accounts/${account}`,
      status: 503,
      times: 2,
    });
    const notification = thinNotification(REQUIREMENTS, account);
    expect((await deliver(notification)).status).toBe(500);
    expect(await markWebhookEventDeadLettered(notification.id)).toBe(true);

    const results = await retryWebhookEventsAsAdmin(await adminUser(), [notification.id]);
    expect(results).toEqual([{ eventId: notification.id, status: "PROCESSED" }]);
    const fetched = await v2Account(account);
    expect(fetched.requirements?.entries?.length).toBeGreaterThan(0);
    expect(await connection(connectionId)).toMatchObject({
      readiness: "RESTRICTED",
      detailsSubmitted: false,
      chargesEnabled: false,
    });
  });

  it("ends the connection when Stripe closes the account", async () => {
    const { account, connectionId } = await createdAccount();
    await stripeFor(emulator).v2.core.accounts.close(account, {});
    await emulator.client.flushThinEvents();
    expect(await connection(connectionId)).toMatchObject({
      status: "REVOKED",
      disconnectReason: REVOCATION_REASONS.account_closed,
    });
  });

  it("counts thin deliveries in the webhook metrics by type and outcome", async () => {
    const counter = metrics().webhookEvents;
    const before = await counter.get();
    const count = (values: typeof before.values, type: string, outcome: string) =>
      values.find((v) => v.labels.type === type && v.labels.outcome === outcome)?.value ?? 0;
    const refusedBefore = count(before.values, "v2.unknown", "refused");
    const ignoredBefore = count(before.values, "v2.core.event_destination.ping", "ignored");
    await deliver(thinNotification(REQUIREMENTS, stripeId("acct_")), { signature: null });
    await deliver(thinNotification("v2.core.event_destination.ping", stripeId("acct_")));
    const after = (await counter.get()).values;
    expect(count(after, "v2.unknown", "refused")).toBe(refusedBefore + 1);
    expect(count(after, "v2.core.event_destination.ping", "ignored")).toBe(ignoredBefore + 1);
  });
});
