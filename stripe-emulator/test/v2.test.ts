/**
 * Accounts v2, Account Links and thin events through stripe-node, as Seller Connect's "Create a
 * Stripe account" door uses them: create, retrieve, update and close an account, the same account
 * on /v1, v2 errors and idempotency, Account Links to the hosted onboarding (single use, expiring,
 * refresh and return), and thin notifications verified by `stripe.parseEventNotification`, their
 * events retrieved by `stripe.v2.core.events.retrieve`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Recorder,
  type RunningEmulator,
  caught,
  control,
  startRecorder,
  startTestEmulator,
  stripeFor,
  LIVE_KEY,
} from "./helpers";

const WEBHOOK_SECRET = "whsec_v2webhooktest";
const THIN_SECRET = "whsec_v2thintest";

let receiver: Recorder;
let emulator: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startRecorder();
  const at = (path: string, secret: string) => [{ url: receiver.url + path, secret }];
  emulator = await startTestEmulator({
    webhookEndpoints: at("/webhooks", WEBHOOK_SECRET),
    eventDestinations: at("/thin", THIN_SECRET),
  });
  stripe = stripeFor(emulator);
});
afterAll(async () => {
  await emulator.stop();
  await receiver.close();
});
afterEach(async () => {
  await emulator.client.flushWebhooks();
  await emulator.client.flushThinEvents();
  await emulator.client.setThinSwitches({ duplicates: false, out_of_order: false });
  receiver.requests = [];
  receiver.respond = () => ({ status: 200 });
});

let emails = 0;
/** What Seller Connect sends to create an account for a seller. */
function newAccountParams(): Stripe.V2.Core.AccountCreateParams {
  emails += 1;
  return {
    contact_email: `v2-seller-${emails}-${Date.now()}@example.com`,
    display_name: "Rosen Pottery",
    dashboard: "full",
    identity: {
      country: "US",
      entity_type: "company",
      business_details: { registered_name: "Rosen Pottery LLC" },
    },
    defaults: { responsibilities: { fees_collector: "stripe", losses_collector: "stripe" } },
    configuration: { merchant: { capabilities: { card_payments: { requested: true } } } },
    include: ["configuration.merchant", "requirements", "identity", "defaults"],
  };
}

/** Thin notifications received at the event destination, verified as the platform does. */
async function notifications() {
  await emulator.client.flushThinEvents();
  return receiver.requests
    .filter((r) => r.url === "/thin")
    .map((r) =>
      stripe.parseEventNotification(r.body, String(r.headers["stripe-signature"]), THIN_SECRET),
    );
}

describe("v2 accounts", () => {
  it("creates an account that is not onboarded yet and is connected to the platform", async () => {
    const params = newAccountParams();
    const account = await stripe.v2.core.accounts.create(params);
    expect(account.id).toMatch(/^acct_/);
    expect(account.object).toBe("v2.core.account");
    expect(account.dashboard).toBe("full");
    expect(account.contact_email).toBe(params.contact_email);
    expect(account.display_name).toBe("Rosen Pottery");
    expect(account.identity?.country).toBe("US");
    expect(account.identity?.business_details?.registered_name).toBe("Rosen Pottery LLC");
    expect(account.defaults?.responsibilities).toEqual({
      fees_collector: "stripe",
      losses_collector: "stripe",
      requirements_collector: "stripe",
    });
    expect(account.configuration?.merchant?.capabilities?.card_payments?.status).toBe("restricted");
    expect(account.requirements?.summary?.minimum_deadline?.status).toBe("currently_due");
    expect(account.requirements?.entries?.length).toBeGreaterThan(0);
    expect(Date.parse(account.created)).not.toBeNaN();

    // The same account on /v1, with the platform key: connected, nothing submitted yet.
    const v1 = await stripe.accounts.retrieve(account.id);
    expect(v1.email).toBe(params.contact_email);
    expect(v1.details_submitted).toBe(false);
    expect(v1.charges_enabled).toBe(false);
    expect(v1.payouts_enabled).toBe(false);
    expect(v1.requirements?.currently_due).toContain("representative.verification.document");
    expect(v1.controller).toEqual({
      type: "application",
      is_controller: true,
      fees: { payer: "account" },
      losses: { payments: "stripe" },
      requirement_collection: "stripe",
      stripe_dashboard: { type: "full" },
    });
    const balance = await stripe.balance.retrieve({}, { stripeAccount: account.id });
    expect(balance.object).toBe("balance");
  });

  it("returns only what include names", async () => {
    const created = await stripe.v2.core.accounts.create({
      ...newAccountParams(),
      include: undefined,
    });
    expect(created.requirements).toBeUndefined();
    expect(created.configuration).toBeUndefined();
    const read = await stripe.v2.core.accounts.retrieve(created.id, {
      include: ["requirements", "configuration.merchant"],
    });
    expect(read.requirements?.entries?.length).toBeGreaterThan(0);
    expect(read.configuration?.merchant?.applied).toBe(true);
    expect(read.identity).toBeUndefined();
  });

  it("gives the same account for the same Idempotency-Key, and refuses the key for other parameters", async () => {
    const params = newAccountParams();
    const key = `create-${Date.now()}`;
    const first = await stripe.v2.core.accounts.create(params, { idempotencyKey: key });
    const again = await stripe.v2.core.accounts.create(params, { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    const before = (await emulator.client.accounts()).length;
    const error = await caught(
      stripe.v2.core.accounts.create({ ...params, display_name: "Other" }, { idempotencyKey: key }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeError);
    expect((error as Stripe.errors.StripeError).type).toBe("StripeIdempotencyError");
    expect((await emulator.client.accounts()).length).toBe(before);
  });

  it("refuses bad input with a v2 error naming the parameter, and creates nothing", async () => {
    const before = (await emulator.client.accounts()).length;
    const missing = (await caught(
      stripe.v2.core.accounts.create({ display_name: "No email" }),
    )) as Stripe.errors.StripeError;
    expect(missing.statusCode).toBe(400);
    expect(missing.code).toBe("parameter_missing");
    expect(missing.message).toContain("contact_email");
    const unknown = (await caught(
      stripe.v2.core.accounts.create({
        ...newAccountParams(),
        // @ts-expect-error: a parameter Stripe does not know
        colour: "blue",
      }),
    )) as Stripe.errors.StripeError;
    expect(unknown.code).toBe("parameter_unknown");
    const badCountry = (await caught(
      stripe.v2.core.accounts.create({ ...newAccountParams(), identity: { country: "USA" } }),
    )) as Stripe.errors.StripeError;
    expect(badCountry.code).toBe("parameter_invalid");
    expect(badCountry.message).toContain("identity.country");
    expect((await emulator.client.accounts()).length).toBe(before);

    const raw = await fetch(`${emulator.url}/v2/core/accounts/acct_doesnotexist000`, {
      headers: { Authorization: `Bearer ${emulator.config.secretKey}` },
    });
    expect(raw.status).toBe(404);
    expect(await raw.json()).toEqual({
      error: {
        type: "invalid_request_error",
        code: "resource_missing",
        message: "No such account: 'acct_doesnotexist000'",
      },
    });
  });

  it("refuses a request without the platform's key, and Stripe-Account on v2", async () => {
    const wrong = new Stripe("sk_test_notthekey000000", {
      host: "127.0.0.1",
      port: emulator.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    const error = (await caught(
      wrong.v2.core.accounts.create(newAccountParams()),
    )) as Stripe.errors.StripeError;
    expect(error.statusCode).toBe(401);
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    const raw = await fetch(`${emulator.url}/v2/core/accounts/${account.id}`, {
      headers: {
        Authorization: `Bearer ${emulator.config.secretKey}`,
        "Stripe-Account": account.id,
      },
    });
    expect(raw.status).toBe(400);
  });

  it("updates an account: v1 account.updated and the thin v2.core.account.updated", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    await notifications();
    receiver.requests = [];
    const updated = await stripe.v2.core.accounts.update(account.id, {
      display_name: "Rosen Ceramics",
      include: ["identity"],
    });
    expect(updated.display_name).toBe("Rosen Ceramics");
    expect((await stripe.accounts.retrieve(account.id)).business_profile?.name).toBe(
      "Rosen Ceramics",
    );
    const thin = await notifications();
    expect(thin.map((n) => n.type)).toEqual(["v2.core.account.updated"]);
    await emulator.client.flushWebhooks();
    const v1 = receiver.requests
      .filter((r) => r.url === "/webhooks")
      .map((r) =>
        stripe.webhooks.constructEvent(
          r.body,
          String(r.headers["stripe-signature"]),
          WEBHOOK_SECRET,
        ),
      );
    expect(v1.map((e) => e.type)).toContain("account.updated");
  });

  it("closes an account: payments stop and v2.core.account.closed is sent", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    const wrong = (await caught(
      stripe.v2.core.accounts.close(account.id, { applied_configurations: ["customer"] }),
    )) as Stripe.errors.StripeError;
    expect(wrong.code).toBe("parameter_invalid");
    const closed = await stripe.v2.core.accounts.close(account.id, {
      applied_configurations: ["merchant"],
    });
    expect(closed.closed).toBe(true);
    // Closed: only its non-personal basics, whatever include asks.
    const read = await stripe.v2.core.accounts.retrieve(account.id, { include: ["identity"] });
    expect(read.identity).toBeUndefined();
    expect(read.closed).toBe(true);
    const v1 = await stripe.accounts.retrieve(account.id);
    expect(v1.charges_enabled).toBe(false);
    expect(v1.requirements?.disabled_reason).toBe("rejected.platform_other");
    const types = (await notifications()).map((n) => n.type);
    expect(types).toContain("v2.core.account.closed");
    const error = (await caught(
      stripe.v2.core.accounts.update(account.id, { display_name: "Reopened" }),
    )) as Stripe.errors.StripeError;
    expect(error.code).toBe("account_closed");
  });
});

/** Opens an Account Link as a browser does and sends its form with `action` (skip, leave, submit). */
async function sendOnboardingForm(url: string, action: string): Promise<Response> {
  const page = await fetch(url, { redirect: "manual" });
  const session = /name="session" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ session, action }).toString(),
  });
}

describe("account links and the hosted onboarding", () => {
  async function link(account: string, returnUrl = `${receiver.url}/return`) {
    return stripe.v2.core.accountLinks.create({
      account,
      use_case: {
        type: "account_onboarding",
        account_onboarding: { refresh_url: `${receiver.url}/refresh`, return_url: returnUrl },
      },
    });
  }

  it("creates a single-use, expiring link to the hosted onboarding page", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    const created = await link(account.id);
    expect(created.object).toBe("v2.core.account_link");
    expect(created.account).toBe(account.id);
    expect(created.url.startsWith(`${emulator.url}/setup/s/${account.id}/`)).toBe(true);
    expect(Date.parse(created.expires_at) - Date.parse(created.created)).toBe(300_000);
    expect(created.use_case.account_onboarding?.refresh_url).toBe(`${receiver.url}/refresh`);

    const first = await fetch(created.url, { redirect: "manual" });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("Skip (use test data)");
    const second = await fetch(created.url, { redirect: "manual" });
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe(`${receiver.url}/refresh`);

    const stale = await link(account.id);
    await emulator.client.advanceClock(301);
    const expired = await fetch(stale.url, { redirect: "manual" });
    expect(expired.headers.get("location")).toBe(`${receiver.url}/refresh`);
  });

  it("refuses configurations, which API version 2026-09-30.endive removed", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    const error = (await caught(
      stripe.v2.core.accountLinks.create({
        account: account.id,
        use_case: {
          type: "account_onboarding",
          account_onboarding: {
            // @ts-expect-error: stripe-node 23.1.0 (2026-10-28.endive) no longer has it
            configurations: ["merchant"],
            refresh_url: `${receiver.url}/refresh`,
          },
        },
      }),
    )) as Stripe.errors.StripeError;
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("parameter_unknown");
    expect(error.message).toContain("2026-09-30.endive");
  });

  it("refuses a link for an account that is not the platform's", async () => {
    const error = (await caught(link("acct_notaconnected00"))) as Stripe.errors.StripeError;
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("resource_missing");
  });

  it("Skip submits the details: In review, thin events, then the review makes it ready", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    await notifications();
    receiver.requests = [];
    const created = await link(account.id);
    const submitted = await sendOnboardingForm(created.url, "skip");
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get("location")).toBe(`${receiver.url}/return`);

    const inReview = await stripe.accounts.retrieve(account.id);
    expect(inReview.details_submitted).toBe(true);
    expect(inReview.requirements?.currently_due).toEqual([]);
    expect(inReview.requirements?.pending_verification).toEqual([
      "representative.verification.document",
    ]);
    expect(inReview.capabilities).toEqual({ card_payments: "pending", transfers: "pending" });
    const v2 = await stripe.v2.core.accounts.retrieve(account.id, {
      include: ["requirements", "configuration.merchant"],
    });
    expect(v2.requirements?.entries?.map((e) => e.awaiting_action_from)).toEqual(["stripe"]);
    expect(v2.configuration?.merchant?.capabilities?.card_payments?.status).toBe("pending");

    const thin = await notifications();
    expect(thin.map((n) => n.type)).toEqual(
      expect.arrayContaining([
        "v2.core.account[requirements].updated",
        "v2.core.account[configuration.merchant].capability_status_updated",
        "v2.core.account.updated",
      ]),
    );
    const first = thin.find((n) => n.type === "v2.core.account[requirements].updated");
    if (first?.type !== "v2.core.account[requirements].updated")
      throw new Error("no requirements event");
    expect(first.context?.toString()).toBe(account.id);
    expect(first.related_object).toEqual({
      id: account.id,
      type: "v2.core.account",
      url: `/v2/core/accounts/${account.id}`,
    });

    receiver.requests = [];
    await emulator.client.verifyPending(account.id);
    const ready = await stripe.accounts.retrieve(account.id);
    expect(ready.charges_enabled).toBe(true);
    expect(ready.payouts_enabled).toBe(true);
    const capabilityEvents = (await notifications()).filter(
      (n) => n.type === "v2.core.account[configuration.merchant].capability_status_updated",
    );
    const updated = await Promise.all(
      capabilityEvents.map(async (n) => {
        const event = await stripe.v2.core.events.retrieve(n.id);
        return (
          event as Stripe.Events.V2CoreAccountIncludingConfigurationMerchantCapabilityStatusUpdatedEvent
        ).data.updated_capability;
      }),
    );
    expect(updated.sort()).toEqual(["card_payments", "stripe_balance.payouts"]);
  });

  it("sends a form of a finished, left or unknown session to refresh_url, changing nothing", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    const created = await link(account.id);
    const page = await fetch(created.url, { redirect: "manual" });
    const session = /name="session" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const post = (fields: Record<string, string>) =>
      fetch(created.url, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      });
    const unknown = await post({ session: "obs_forged", action: "skip" });
    expect(unknown.status).toBe(303);
    expect(unknown.headers.get("location")).toBe(`${receiver.url}/refresh`);
    expect((await stripe.accounts.retrieve(account.id)).details_submitted).toBe(false);

    const invalid = await post({ session, action: "submit", url: "nope" });
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain("Enter a website starting with https://.");
    expect((await stripe.accounts.retrieve(account.id)).details_submitted).toBe(false);

    expect((await post({ session, action: "skip" })).status).toBe(303);
    const again = await post({ session, action: "skip" });
    expect(again.headers.get("location")).toBe(`${receiver.url}/refresh`);
    const notALink = await fetch(`${emulator.url}/setup/s/${account.id}/doesnotexist`);
    expect(notALink.status).toBe(404);
  });

  it("leaves the account as it was when the seller returns without finishing", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    const created = await link(account.id);
    const left = await sendOnboardingForm(created.url, "leave");
    expect(left.headers.get("location")).toBe(`${receiver.url}/return`);
    expect((await stripe.accounts.retrieve(account.id)).details_submitted).toBe(false);
  });
});

describe("thin events", () => {
  it("serves the related object through fetchRelatedObject and the event through fetchEvent", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    await emulator.client.completeOnboarding(account.id);
    const notification = (await notifications()).find(
      (n) => n.type === "v2.core.account[requirements].updated",
    );
    if (notification?.type !== "v2.core.account[requirements].updated") {
      throw new Error("no requirements event");
    }
    const related = await notification.fetchRelatedObject();
    expect(related.id).toBe(account.id);
    const event = await notification.fetchEvent();
    expect(event.id).toBe(notification.id);
  });

  it("refuses a tampered notification", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    await emulator.client.completeOnboarding(account.id);
    await emulator.client.flushThinEvents();
    const request = receiver.requests.find((r) => r.url === "/thin");
    expect(request).toBeDefined();
    const tampered = (request?.body ?? "").replace(account.id, "acct_someoneelse0000");
    expect(() =>
      stripe.parseEventNotification(
        tampered,
        String(request?.headers["stripe-signature"]),
        THIN_SECRET,
      ),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it("resends a notification and retries a failed delivery", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    let failures = 1;
    receiver.respond = (r) =>
      r.url === "/thin" && failures-- > 0 ? { status: 500 } : { status: 200 };
    await emulator.client.completeOnboarding(account.id);
    const deliveries = await emulator.client.flushThinEvents();
    expect(deliveries.some((d) => d.attempts.length === 2 && d.state === "succeeded")).toBe(true);
    const [event] = await emulator.client.thinEvents();
    expect(event).toBeDefined();
    receiver.requests = [];
    await emulator.client.resendThinEvent(event?.id ?? "");
    const again = await notifications();
    expect(again.map((n) => n.id)).toEqual([event?.id]);
  });

  it("follows the requirements lifecycle: due with a deadline, past due, a failed verification", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    await emulator.client.completeOnboarding(account.id, { verify: true });
    await notifications();
    receiver.requests = [];
    const deadline = Math.floor(Date.parse("2027-01-12T00:00:00Z") / 1000);
    await emulator.client.requirementsDue(account.id, {
      requirements: ["individual.id_number"],
      deadline,
    });
    const due = await stripe.v2.core.accounts.retrieve(account.id, { include: ["requirements"] });
    expect(due.requirements?.entries).toEqual([
      expect.objectContaining({
        description: "identity.individual.id_number",
        awaiting_action_from: "user",
        minimum_deadline: { status: "currently_due" },
      }),
    ]);
    expect(due.requirements?.summary?.minimum_deadline).toEqual({
      status: "currently_due",
      time: "2027-01-12T00:00:00.000Z",
    });
    expect((await notifications()).map((n) => n.type)).toEqual([
      "v2.core.account[requirements].updated",
    ]);

    receiver.requests = [];
    await emulator.client.requirementsPastDue(account.id);
    const pastDue = await stripe.v2.core.accounts.retrieve(account.id, {
      include: ["requirements", "configuration.merchant"],
    });
    expect(pastDue.requirements?.summary?.minimum_deadline?.status).toBe("past_due");
    expect(pastDue.configuration?.merchant?.capabilities?.stripe_balance?.payouts).toEqual({
      status: "restricted",
      status_details: [{ code: "requirements_past_due", resolution: "provide_info" }],
    });
    expect(pastDue.configuration?.merchant?.capabilities?.card_payments?.status).toBe("active");
    expect((await notifications()).map((n) => n.type)).toEqual([
      "v2.core.account[requirements].updated",
      "v2.core.account[configuration.merchant].capability_status_updated",
    ]);

    await emulator.client.provideRequirements(account.id, {
      requirements: ["individual.id_number"],
    });
    await emulator.client.verifyRequirements(account.id, {
      requirements: ["individual.id_number"],
      outcome: {
        code: "verification_failed_id_number_match",
        reason: "The number does not match.",
      },
    });
    const failed = await stripe.v2.core.accounts.retrieve(account.id, {
      include: ["requirements"],
    });
    expect(failed.requirements?.entries?.[0]?.errors).toEqual([
      { code: "verification_failed_id_number_match", description: "The number does not match." },
    ]);
  });

  it("sends every notification twice with the duplicates switch", async () => {
    const account = await stripe.v2.core.accounts.create(newAccountParams());
    await emulator.client.setThinSwitches({ duplicates: true });
    await stripe.v2.core.accounts.update(account.id, { display_name: "Twice" });
    const ids = (await notifications()).map((n) => n.id);
    expect(ids.length).toBe(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it("fails a v2 request with an injected fault in the v2 error shape", async () => {
    await emulator.client.injectFault({ path: "/v2/core/accounts", status: 503 });
    const error = (await caught(
      stripe.v2.core.accounts.create(newAccountParams()),
    )) as Stripe.errors.StripeError;
    expect(error.statusCode).toBe(503);
    expect(error.type).toBe("StripeAPIError");
  });

  it("serves an event only in its own account's Stripe-Context", async () => {
    const [one, other] = await Promise.all([
      stripe.v2.core.accounts.create(newAccountParams()),
      stripe.v2.core.accounts.create(newAccountParams()),
    ]);
    await emulator.client.completeOnboarding(one.id);
    const [event] = (await emulator.client.thinEvents()).filter((e) => e.context === one.id);
    expect(event).toBeDefined();
    const id = event?.id ?? "";
    expect((await stripe.v2.core.events.retrieve(id, {}, { stripeContext: one.id })).id).toBe(id);
    const error = (await caught(
      stripe.v2.core.events.retrieve(id, {}, { stripeContext: other.id }),
    )) as Stripe.errors.StripeError;
    expect(error.statusCode).toBe(404);
  });

  it("answers an unknown event with 404", async () => {
    const error = (await caught(
      stripe.v2.core.events.retrieve("evt_unknown"),
    )) as Stripe.errors.StripeError;
    expect(error.statusCode).toBe(404);
    const { status } = await control(emulator, "POST", "/thin/events/evt_unknown0/resend", {});
    expect(status).toBe(404);
  });
});

describe("on its own emulator", () => {
  it("passes the review by itself after onboardingVerifyAfterMs (the dev demo)", async () => {
    const demo = await startTestEmulator({ onboardingVerifyAfterMs: 0 });
    try {
      const client = stripeFor(demo);
      const account = await client.v2.core.accounts.create(newAccountParams());
      await demo.client.completeOnboarding(account.id);
      // Poll for the state: the review runs on a timer.
      await expect
        .poll(async () => (await client.accounts.retrieve(account.id)).charges_enabled)
        .toBe(true);
    } finally {
      await demo.stop();
    }
  });

  it("keeps v2 accounts, links and events in its state file across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stripe-emulator-v2-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await startTestEmulator({ stateFile });
      const account = await stripeFor(first).v2.core.accounts.create(newAccountParams());
      await first.client.completeOnboarding(account.id);
      const [event] = await first.client.thinEvents();
      await first.stop();
      const second = await startTestEmulator({ stateFile });
      try {
        const again = stripeFor(second);
        const read = await again.v2.core.accounts.retrieve(account.id, { include: ["identity"] });
        expect(read.identity?.individual?.given_name).toBe("Jenny");
        expect((await again.v2.core.events.retrieve(event?.id ?? "")).type).toBe(event?.type);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps live mode apart: a live key's v2 accounts, links and thin events are live", async () => {
    const live = await startTestEmulator({
      liveSecretKey: LIVE_KEY,
      eventDestinations: [{ url: `${receiver.url}/live-thin`, secret: THIN_SECRET }],
    });
    try {
      const client = stripeFor(live, LIVE_KEY);
      const account = await client.v2.core.accounts.create(newAccountParams());
      expect(account.livemode).toBe(true);
      const testError = (await caught(
        stripeFor(live).v2.core.accounts.retrieve(account.id),
      )) as Stripe.errors.StripeError;
      expect(testError.statusCode).toBe(404);
      const created = await client.v2.core.accountLinks.create({
        account: account.id,
        use_case: {
          type: "account_onboarding",
          account_onboarding: { refresh_url: `${receiver.url}/refresh` },
        },
      });
      expect(created.livemode).toBe(true);
      expect((await fetch(created.url, { redirect: "manual" })).status).toBe(200);
      await live.client.request(
        "POST",
        "/live/accounts/" + account.id + "/onboarding/complete",
        {},
      );
      await live.client.flushThinEvents();
      const sent = receiver.requests.filter((r) => r.url === "/live-thin");
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((r) => (JSON.parse(r.body) as { livemode: boolean }).livemode)).toBe(true);
    } finally {
      await live.stop();
    }
  });

  it("answers a v2 request over the rate limit with 429 rate_limit", async () => {
    const limited = await startTestEmulator({ rateLimit: 1 });
    try {
      const client = stripeFor(limited);
      // A bucket of one request a second: of three at once, at least one is refused.
      const results = await Promise.allSettled(
        [1, 2, 3].map(() => client.v2.core.accounts.create(newAccountParams())),
      );
      const refused = results.flatMap((r): unknown[] =>
        r.status === "rejected" ? [r.reason] : [],
      );
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]).toMatchObject({ statusCode: 429, code: "rate_limit" });
    } finally {
      await limited.stop();
    }
  });
});
