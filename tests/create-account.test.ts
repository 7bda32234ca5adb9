/**
 * "Create a Stripe account" against a real database and the Stripe emulator over HTTP (the app's
 * own stripe-node client, as in production): the account is created once per seller even on
 * concurrent clicks, unfinished onboarding resumes the same account with a fresh link, and a
 * forged, reused, expired or other seller's onboarding state is refused and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as receiveWebhook } from "@/app/api/stripe/webhooks/route";
import { createBlock } from "@/lib/data/connect-blocks";
import { createConnection, getActiveConnection } from "@/lib/data/connections";
import { updateProfile, type PublicUser } from "@/lib/data/users";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { accountSnapshot } from "@/lib/stripe/account-snapshot";
import { disconnect, forceDisconnect } from "@/lib/stripe/connect";
import { createOAuthState } from "@/lib/stripe/oauth-state";
import {
  ONBOARDING_STATE_TTL_SECONDS,
  refreshOnboarding,
  returnFromOnboarding,
  startOnboarding,
  type OnboardingStep,
} from "@/lib/stripe/onboarding";
import type { RunningEmulator } from "stripe-connect-emulator";
import {
  adminUser,
  pollFor,
  startEmulatorWithWebhooks,
  stripeFor,
  verifiedSeller,
} from "./helpers";

let emulator: RunningEmulator;
let stopEmulator: () => Promise<void>;

/** Whether Stripe's events reach the app (off where a test compares what only a fetch changes). */
let deliverWebhooks = true;

beforeAll(async () => {
  ({ emulator, stop: stopEmulator } = await startEmulatorWithWebhooks((request) =>
    deliverWebhooks ? receiveWebhook(request) : Promise.resolve(Response.json({ dropped: true })),
  ));
});
afterAll(async () => {
  await stopEmulator();
});

/** The onboarding URL a step sends the seller to (fails the test on an outcome). */
function urlOf(step: OnboardingStep): URL {
  if (!("url" in step)) throw new Error(`no onboarding link: ${JSON.stringify(step)}`);
  return new URL(step.url);
}

/**
 * Where Stripe sends the browser that opens `link` once it was used (a link is single use: the
 * first opening spends it): our refresh_url, with the state it carries.
 */
async function refreshUrlOfUsed(link: URL): Promise<URL> {
  expect((await fetch(link, { redirect: "manual" })).status).toBe(200);
  const response = await fetch(link, { redirect: "manual" });
  expect(response.status).toBeGreaterThanOrEqual(300);
  expect(response.status).toBeLessThan(400);
  return new URL(response.headers.get("location") ?? "");
}

/** An onboarding state for the seller's account, as the link's return_url carries one. */
function onboardingState(seller: PublicUser, stripeAccountId: string, now = new Date()) {
  return createOAuthState(seller.id, false, now, {
    purpose: "ONBOARD",
    stripeAccountId,
    ttlSeconds: ONBOARDING_STATE_TTL_SECONDS,
  });
}

async function accountsAtStripeFor(email: string) {
  return (await emulator.client.accounts())
    .map((summary) => summary.account)
    .filter((account) => account.email === email);
}

describe("Create a Stripe account", () => {
  it("creates the account once, connects it as CREATED and sends the seller to Stripe's onboarding", async () => {
    const seller = await verifiedSeller("Ada");
    const step = await startOnboarding(seller);

    const link = urlOf(step);
    expect(link.origin).toBe(emulator.url);
    const connection = await getActiveConnection(seller.id);
    expect(connection).toMatchObject({
      source: "CREATED",
      status: "CONNECTED",
      livemode: false,
      detailsSubmitted: false,
      chargesEnabled: false,
      payoutsEnabled: false,
    });
    // The snapshot came through the v1 path: readiness as for every connection (a new account
    // has Stripe's requirements due).
    expect(connection?.requirementsDue).toBeGreaterThan(0);
    expect(connection?.readiness).not.toBe("READY");
    // Created as a Standard account is: the full Dashboard, Stripe collecting fees and losses,
    // card payments requested, the seller's email, name and the marketplace's country.
    const v2 = await stripeFor(emulator).v2.core.accounts.retrieve(
      connection?.stripeAccountId ?? "",
      { include: ["configuration.merchant", "identity", "defaults"] },
    );
    expect(v2).toMatchObject({
      dashboard: "full",
      contact_email: seller.email,
      display_name: "Ada",
      identity: { country: "US" },
      defaults: { responsibilities: { fees_collector: "stripe", losses_collector: "stripe" } },
      configuration: {
        merchant: { capabilities: { card_payments: expect.anything() as unknown } },
      },
    });
    const atStripe = await accountsAtStripeFor(seller.email);
    expect(atStripe.map((a) => a.id)).toEqual([connection?.stripeAccountId]);
    const audit = await db().auditEvent.findMany({ where: { subjectUserId: seller.id } });
    expect(audit).toEqual([
      expect.objectContaining({
        action: "CONNECT",
        outcome: "SUCCESS",
        detail: expect.stringContaining("created for the seller") as unknown,
      }),
    ]);
  });

  it("resumes unfinished onboarding with a fresh link for the same account", async () => {
    const seller = await verifiedSeller();
    const first = urlOf(await startOnboarding(seller));
    const account = (await getActiveConnection(seller.id))?.stripeAccountId;

    // The seller left; back on Settings, "Continue setup at Stripe".
    const again = urlOf(await startOnboarding(seller));
    expect(again.toString()).not.toBe(first.toString());
    expect((await getActiveConnection(seller.id))?.stripeAccountId).toBe(account);

    // Stripe's refresh_url (the link expired or was used): a fresh link, the same account.
    const refreshUrl = await refreshUrlOfUsed(again);
    expect(`${refreshUrl.origin}${refreshUrl.pathname}`).toBe(
      `${env().APP_URL}/api/stripe/onboard/refresh`,
    );
    const state = refreshUrl.searchParams.get("state") ?? "";
    const refreshed = urlOf(await refreshOnboarding(seller, new URLSearchParams({ state })));
    expect(refreshed.toString()).not.toBe(again.toString());
    expect(await accountsAtStripeFor(seller.email)).toHaveLength(1);
    expect(await db().stripeConnection.count({ where: { userId: seller.id } })).toBe(1);
    // The refresh spent its state: a second use gets no link.
    expect(await refreshOnboarding(seller, new URLSearchParams({ state }))).toEqual({
      outcome: "invalid_state",
    });
  });

  it("makes one account of two concurrent clicks", async () => {
    const seller = await verifiedSeller();
    const steps = await Promise.all([startOnboarding(seller), startOnboarding(seller)]);

    for (const step of steps) urlOf(step);
    expect(await accountsAtStripeFor(seller.email)).toHaveLength(1);
    expect(await db().stripeConnection.count({ where: { userId: seller.id } })).toBe(1);
    expect(await db().createdAccount.count({ where: { userId: seller.id } })).toBe(1);
  });

  it("when Stripe is down, connects nothing; the retry sends the first request with its key", async () => {
    const seller = await verifiedSeller("First Name");
    await emulator.client.injectFault({ path: "/v2/core/accounts", status: 500, times: 3 });
    expect(await startOnboarding(seller)).toEqual({ outcome: "stripe_unavailable" });
    expect(await getActiveConnection(seller.id)).toBeNull();
    expect(await accountsAtStripeFor(seller.email)).toEqual([]);
    await emulator.client.clearFaults();

    // The profile changed meanwhile: the key still goes with the request it was made for.
    await updateProfile(seller.id, { name: "Second Name", businessName: null, websiteUrl: null });
    urlOf(await startOnboarding(seller));
    const connection = await getActiveConnection(seller.id);
    const v2 = await stripeFor(emulator).v2.core.accounts.retrieve(
      connection?.stripeAccountId ?? "",
    );
    expect(v2.display_name).toBe("First Name");
    expect(await accountsAtStripeFor(seller.email)).toHaveLength(1);
  });

  it("on return stores where the account stands and tells the seller", async () => {
    const seller = await verifiedSeller();
    urlOf(await startOnboarding(seller));
    const connection = await getActiveConnection(seller.id);
    const state = await onboardingState(seller, connection?.stripeAccountId ?? "");

    // Returning without finishing: Stripe still needs details.
    expect(await returnFromOnboarding(seller, new URLSearchParams({ state }))).toBe(
      "onboarding_unfinished",
    );
    expect((await getActiveConnection(seller.id))?.syncedAt?.getTime()).toBeGreaterThanOrEqual(
      connection?.syncedAt?.getTime() ?? 0,
    );

    // Finished at Stripe: details submitted, Stripe verifying them.
    const account = connection?.stripeAccountId ?? "";
    await emulator.client.completeOnboarding(account);
    const next = await onboardingState(seller, account);
    expect(await returnFromOnboarding(seller, new URLSearchParams({ state: next }))).toBe(
      "onboarded",
    );
    expect(await getActiveConnection(seller.id)).toMatchObject({
      detailsSubmitted: true,
      readiness: "IN_REVIEW",
    });
    // "Continue setup" is over: a click now changes nothing.
    expect(await startOnboarding(seller)).toEqual({ outcome: "already_connected" });

    // Stripe verifies: its account.updated brings Ready, as for an OAuth connection.
    await emulator.client.verifyPending(account);
    await emulator.client.flushWebhooks();
    expect(
      await pollFor("the connection to be ready", async () => {
        const now = await getActiveConnection(seller.id);
        return now?.readiness === "READY" ? now : undefined;
      }),
    ).toMatchObject({ chargesEnabled: true, payoutsEnabled: true });
  });

  it("disconnects a created account without closing it at Stripe, and creating again reconnects it", async () => {
    const seller = await verifiedSeller();
    urlOf(await startOnboarding(seller));
    const account = (await getActiveConnection(seller.id))?.stripeAccountId ?? "";

    expect(await disconnect(seller)).toBe("disconnected");
    expect(await getActiveConnection(seller.id)).toBeNull();
    // Still open at Stripe, still the platform's.
    const [atStripe] = await accountsAtStripeFor(seller.email);
    expect(atStripe?.id).toBe(account);

    urlOf(await startOnboarding(seller));
    expect(await getActiveConnection(seller.id)).toMatchObject({
      stripeAccountId: account,
      source: "CREATED",
    });
    expect(await accountsAtStripeFor(seller.email)).toHaveLength(1);

    // Onboarded, disconnected, created again: connected at once, nothing to set up.
    await emulator.client.completeOnboarding(account);
    expect(await disconnect(seller)).toBe("disconnected");
    expect(await startOnboarding(seller)).toEqual({ outcome: "connected" });
    expect(await getActiveConnection(seller.id)).toMatchObject({
      stripeAccountId: account,
      detailsSubmitted: true,
    });
  });

  it("refuses a blocked seller without creating anything", async () => {
    const seller = await verifiedSeller();
    urlOf(await startOnboarding(seller));
    const connection = await getActiveConnection(seller.id);
    const admin = await adminUser();
    expect(
      await forceDisconnect(admin, connection?.id ?? "", "Fraud review", {
        sellerMessage: "Contact support.",
      }),
    ).toBe("disconnected");

    expect(await startOnboarding(seller)).toEqual({ outcome: "blocked" });
    expect(await getActiveConnection(seller.id)).toBeNull();
    expect(await accountsAtStripeFor(seller.email)).toHaveLength(1);
  });
});

describe("Onboarding states", () => {
  beforeAll(() => {
    deliverWebhooks = false;
  });
  afterAll(() => {
    deliverWebhooks = true;
  });

  /**
   * A seller with a CREATED connection to a fresh emulated account the platform can reach (no v2
   * call needed: the return reads it through the v1 path).
   */
  async function createdConnection() {
    const seller = await verifiedSeller();
    const { account } = await emulator.client.connectAccount({ business_name: "Before" });
    await createConnection({
      seller,
      stripeAccountId: account.id,
      scope: "read_write",
      livemode: false,
      snapshot: accountSnapshot(account),
      source: "CREATED",
    });
    await emulator.client.updateAccount(account.id, { business_name: "After" });
    return { seller, account: account.id };
  }

  async function unchanged(seller: PublicUser) {
    const connection = await getActiveConnection(seller.id);
    return { businessName: connection?.businessName, syncedAt: connection?.syncedAt };
  }

  it("a valid state refreshes the account on return; a second use of it is refused", async () => {
    const { seller, account } = await createdConnection();
    const state = await onboardingState(seller, account);

    expect(await returnFromOnboarding(seller, new URLSearchParams({ state }))).toBe("onboarded");
    expect((await getActiveConnection(seller.id))?.businessName).toBe("After");

    // A refused return fetches nothing: the stored snapshot's time stays as it was.
    const before = await unchanged(seller);
    expect(await returnFromOnboarding(seller, new URLSearchParams({ state }))).toBe(
      "invalid_state",
    );
    expect(await unchanged(seller)).toEqual(before);
  });

  it("refuses a forged, missing, other seller's, OAuth or expired state, changing nothing", async () => {
    const { seller, account } = await createdConnection();
    const { seller: other, account: othersAccount } = await createdConnection();
    const before = await unchanged(seller);
    const now = new Date();
    const othersState = await createOAuthState(other.id, false, now, {
      purpose: "ONBOARD",
      stripeAccountId: othersAccount,
    });
    const oauthState = await createOAuthState(seller.id, false, now);
    const expiring = await createOAuthState(seller.id, false, now, {
      purpose: "ONBOARD",
      stripeAccountId: account,
      ttlSeconds: 60,
    });

    const cases: [Record<string, string>, string, Date?][] = [
      [{}, "invalid_state"],
      [{ state: "forged-state-of-enough-length-to-look-real-000" }, "invalid_state"],
      [{ state: othersState }, "invalid_state"],
      [{ state: oauthState }, "invalid_state"],
      [{ state: expiring }, "onboarding_expired", new Date(now.getTime() + 61_000)],
    ];
    for (const [params, outcome, at] of cases) {
      expect(await returnFromOnboarding(seller, new URLSearchParams(params), at)).toBe(outcome);
      expect(await refreshOnboarding(seller, new URLSearchParams(params), at)).toEqual({
        outcome,
      });
    }
    expect(await unchanged(seller)).toEqual(before);
    // The other seller's state is still theirs to use, and the OAuth state still the callback's.
    const states = await db().oAuthState.findMany({
      where: { userId: { in: [seller.id, other.id] }, consumedAt: { not: null } },
    });
    expect(states).toEqual([]);
    expect(await db().stripeConnection.count({ where: { userId: seller.id } })).toBe(1);
  });

  it("refuses a state whose account is no longer the seller's connection", async () => {
    const { seller, account } = await createdConnection();
    const state = await onboardingState(seller, account);
    expect(await disconnect(seller)).toBe("disconnected");
    expect(await refreshOnboarding(seller, new URLSearchParams({ state }))).toEqual({
      outcome: "invalid_state",
    });
  });

  it("is bound by a block set after the link was made", async () => {
    const { seller, account } = await createdConnection();
    const connection = await getActiveConnection(seller.id);
    const admin = await adminUser();
    await createBlock({
      userId: seller.id,
      stripeAccountId: account,
      connectionId: connection?.id ?? "",
      reason: "Review",
      sellerMessage: "Contact support.",
      createdById: admin.id,
    });
    const state = await onboardingState(seller, account);
    expect(await refreshOnboarding(seller, new URLSearchParams({ state }))).toEqual({
      outcome: "blocked",
    });
  });
});
