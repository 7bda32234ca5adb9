/**
 * The Connect flow against a real database and the Stripe emulator over HTTP (the app's own
 * stripe-node client, as in production). Each refusal of the callback must change nothing and
 * must not reach Stripe: the code it carried stays usable, which proves it was never exchanged.
 */
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createUser, type PublicUser } from "@/lib/data/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { completeConnect, disconnect, forceDisconnect, startConnect } from "@/lib/stripe/connect";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import type { RunningEmulator } from "stripe-connect-emulator";
import { POST as receiveWebhook } from "@/app/api/stripe/webhooks/route";
import { loadAccount } from "@/lib/stripe/seller-data";
import { confirmConnect } from "@/lib/stripe/unconfirmed-connect";
import {
  adminUser,
  startEmulatorWithWebhooks,
  stripeFor,
  uniqueEmail,
  verifiedSeller,
} from "./helpers";

// A fake live-mode key for the emulator, assembled so that secret scanners (which look for
// sk_live_ followed by key characters) do not take a test fixture for a leaked key.
const LIVE_KEY = ["sk", "live", "emulator0000000000000000000000"].join("_");
/** The live-mode app's callback (Stripe requires https redirect URIs in live mode). */
const LIVE_CALLBACK = "https://seller.example/api/stripe/connect/callback";
let emulator: RunningEmulator;
let stopEmulator: () => Promise<void>;
/** One line per request the emulator answered ("POST /oauth/token 500 11003ms"). */
const emulatorLog: string[] = [];
let deliverWebhooks = true;

beforeAll(async () => {
  // Stripe's webhooks reach the app's own endpoint over HTTP, signed, as in production.
  ({ emulator, stop: stopEmulator } = await startEmulatorWithWebhooks(
    (request) =>
      // Acknowledged unread while a test wants Stripe's events out of the way.
      deliverWebhooks ? receiveWebhook(request) : Promise.resolve(Response.json({ dropped: true })),
    {
      liveSecretKey: LIVE_KEY,
      redirectUris: ["http://localhost:3000/api/stripe/connect/callback", LIVE_CALLBACK],
      log: (line) => emulatorLog.push(line),
    },
  ));
});
afterAll(async () => {
  await stopEmulator();
});
beforeEach(async () => {
  deliverWebhooks = true;
  await emulator.client.clearFaults();
});

/** Starts an attempt for `user` (at `now`) and returns the state it put in Stripe's URL. */
async function startAttempt(user: PublicUser, now?: Date): Promise<string> {
  const next = await startConnect(user, now);
  if (!("url" in next)) throw new Error(`no authorize URL: ${JSON.stringify(next)}`);
  const url = new URL(next.url);
  expect(url.searchParams.get("response_type")).toBe("code");
  expect(url.searchParams.get("scope")).toBe("read_write");
  expect(url.searchParams.get("client_id")).toBe(EMULATOR.clientId);
  return url.searchParams.get("state") ?? "";
}

/** A fresh seeded Stripe account and an authorization code for it, as Stripe's page gives. */
async function approvedAccount(state: string, fields: Record<string, unknown> = {}) {
  const account = await emulator.client.seedAccount(fields);
  const code = await emulator.client.authorizationCode(account.email ?? "", { state });
  return { account, code };
}

function callback(params: Record<string, string>): URLSearchParams {
  return new URLSearchParams(params);
}

/** Proves a code was never exchanged: exchanging it now still works. */
async function expectCodeUnused(code: string): Promise<void> {
  const token = await stripeFor(emulator).oauth.token({ grant_type: "authorization_code", code });
  expect(token.stripe_user_id).toMatch(/^acct_/);
}

/**
 * Makes the app a live-mode one (a live key, `clientId`) on the emulator until the returned
 * function puts the test-mode settings back.
 */
function useLiveKey(clientId: string, appUrl?: string): () => void {
  const before = env().APP_URL;
  const settings = {
    STRIPE_SECRET_KEY: LIVE_KEY,
    STRIPE_CONNECT_CLIENT_ID: clientId,
    STRIPE_API_BASE: emulator.url,
    STRIPE_CONNECT_BASE: emulator.url,
    STRIPE_CONNECT_WEBHOOK_SECRET: EMULATOR.connectWebhookSecret,
  };
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
  if (appUrl !== undefined) vi.stubEnv("APP_URL", appUrl);
  return () => {
    for (const name of Object.keys(settings)) vi.stubEnv(name, "");
    vi.stubEnv("APP_URL", before);
  };
}

function connectionsOf(user: PublicUser) {
  return db().stripeConnection.findMany({ where: { userId: user.id } });
}

describe("Connect: authorize and callback", () => {
  it("stores the account id, scope, mode and a snapshot, audits it, and keeps no token", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    expect(state.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const { account, code } = await approvedAccount(state, { business_name: "Acme Goods" });

    const outcome = await completeConnect(user, callback({ code, scope: "read_write", state }));

    expect(outcome).toBe("connected");
    const [connection] = await connectionsOf(user);
    expect(connection).toMatchObject({
      stripeAccountId: account.id,
      status: "CONNECTED",
      scope: "read_write",
      livemode: false,
      businessName: "Acme Goods",
      chargesEnabled: true,
    });
    const stored = await db().oAuthState.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toBe(state);
    expect(stored.connectionId).toBe(connection?.id);
    const audit = await db().auditEvent.findMany({ where: { subjectUserId: user.id } });
    expect(audit).toEqual([
      expect.objectContaining({ action: "CONNECT", outcome: "SUCCESS", actorId: user.id }),
    ]);
    const row = JSON.stringify(
      await db().stripeConnection.findMany({ where: { userId: user.id } }),
    );
    expect(row).not.toMatch(/sk_test_|rt_|access_token|refresh_token/);
  });

  it.each([
    ["missing", () => Promise.resolve(undefined)],
    ["unknown", () => Promise.resolve("a-state-we-never-issued")],
  ])("refuses a %s state without calling Stripe", async (_label, makeState) => {
    const user = await verifiedSeller();
    await startAttempt(user);
    const { code } = await approvedAccount("whatever");
    const state = await makeState();

    const outcome = await completeConnect(user, callback({ code, ...(state ? { state } : {}) }));

    expect(outcome).toBe("invalid_state");
    expect(await connectionsOf(user)).toEqual([]);
    await expectCodeUnused(code);
  });

  it("refuses a state once its lifetime has passed, without calling Stripe", async () => {
    const user = await verifiedSeller();
    const startedAt = new Date();
    const state = await startAttempt(user, startedAt);
    const { code } = await approvedAccount(state);
    const expiry = startedAt.getTime() + env().OAUTH_STATE_TTL_SECONDS * 1000;

    expect(await completeConnect(user, callback({ code, state }), new Date(expiry))).toBe(
      "expired",
    );
    expect(await connectionsOf(user)).toEqual([]);
    await expectCodeUnused(code);
    // Refused for good: the state is not consumed, yet coming back later changes nothing.
    expect(await completeConnect(user, callback({ code, state }), new Date(expiry + 60_000))).toBe(
      "expired",
    );
  });

  it("accepts a state until the end of its lifetime", async () => {
    const user = await verifiedSeller();
    const startedAt = new Date();
    const state = await startAttempt(user, startedAt);
    const { account, code } = await approvedAccount(state);
    const lastMoment = new Date(startedAt.getTime() + env().OAUTH_STATE_TTL_SECONDS * 1000 - 1);

    expect(await completeConnect(user, callback({ code, state }), lastMoment)).toBe("connected");
    expect((await connectionsOf(user))[0]?.stripeAccountId).toBe(account.id);
  });

  it("refuses a state already used by a failed attempt", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    expect(await completeConnect(user, callback({ error: "access_denied", state }))).toBe("denied");
    const { code } = await approvedAccount(state);

    expect(await completeConnect(user, callback({ code, state }))).toBe("invalid_state");
    await expectCodeUnused(code);
  });

  it("refuses another user's state, and leaves it usable by its owner", async () => {
    const victim = await verifiedSeller();
    const attacker = await verifiedSeller();
    const state = await startAttempt(victim);
    const { account, code } = await approvedAccount(state);

    expect(await completeConnect(attacker, callback({ code, state }))).toBe("invalid_state");
    expect(await connectionsOf(attacker)).toEqual([]);

    expect(await completeConnect(victim, callback({ code, state }))).toBe("connected");
    expect((await connectionsOf(victim))[0]?.stripeAccountId).toBe(account.id);
  });

  it("handles a denial with or without state, and other authorize errors, changing nothing", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    expect(await completeConnect(user, callback({ error: "access_denied", state }))).toBe("denied");
    expect(await completeConnect(user, callback({ error: "access_denied" }))).toBe("denied");
    expect(await completeConnect(user, callback({ error: "invalid_scope" }))).toBe("config_error");
    expect(await completeConnect(user, callback({ error: "invalid_request" }))).toBe(
      "stripe_refused",
    );
    expect(await completeConnect(user, callback({ error: "<script>" }))).toBe("stripe_refused");
    expect(await connectionsOf(user)).toEqual([]);
    const details = (await db().auditEvent.findMany({ where: { subjectUserId: user.id } })).map(
      (a) => a.detail,
    );
    expect(details).toContain("Stripe's authorize page returned error=other");
    expect(details.join()).not.toContain("<script>");
  });

  it("shows a reload of a successful callback as connected, without exchanging the code again", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    const { account, code } = await approvedAccount(state);
    expect(await completeConnect(user, callback({ code, state }))).toBe("connected");

    expect(await completeConnect(user, callback({ code, state }))).toBe("connected");

    // A second exchange would have revoked the connection at Stripe.
    const live = await stripeFor(emulator).accounts.retrieve(
      account.id,
      {},
      { stripeAccount: account.id },
    );
    expect(live.id).toBe(account.id);
  });

  it("of two concurrent callbacks with one state, produces exactly one connection", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    const { account, code } = await approvedAccount(state);

    const outcomes = await Promise.all([
      completeConnect(user, callback({ code, state })),
      completeConnect(user, callback({ code, state })),
    ]);

    expect(outcomes).toContain("connected");
    const connections = await connectionsOf(user);
    expect(connections).toHaveLength(1);
    expect(connections[0]?.stripeAccountId).toBe(account.id);
    const live = await stripeFor(emulator).accounts.retrieve(
      account.id,
      {},
      { stripeAccount: account.id },
    );
    expect(live.id).toBe(account.id); // the code was exchanged once: still connected
  });

  it("explains a spent code (invalid_grant) and stores nothing", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    const { code } = await approvedAccount(state);
    await expectCodeUnused(code); // someone else used it first

    expect(await completeConnect(user, callback({ code, state }))).toBe("expired");
    expect(await connectionsOf(user)).toEqual([]);
  });

  it("refuses an account already connected to another seller", async () => {
    const first = await verifiedSeller();
    const second = await verifiedSeller();
    const firstState = await startAttempt(first);
    const { account, code } = await approvedAccount(firstState);
    expect(await completeConnect(first, callback({ code, state: firstState }))).toBe("connected");

    const secondState = await startAttempt(second);
    const again = await emulator.client.authorizationCode(account.email ?? "", {
      state: secondState,
    });
    expect(await completeConnect(second, callback({ code: again, state: secondState }))).toBe(
      "already_connected_elsewhere",
    );
    expect(await connectionsOf(second)).toEqual([]);
    expect((await connectionsOf(first))[0]?.status).toBe("CONNECTED");
  });

  it("reports Stripe unavailable when the token endpoint fails, and stores nothing", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    const { code } = await approvedAccount(state);
    await emulator.client.injectFault({ path: "/oauth/token", status: 500, times: 3 });

    expect(await completeConnect(user, callback({ code, state }))).toBe("stripe_unavailable");
    expect(await connectionsOf(user)).toEqual([]);
  });

  it("refuses a code of the wrong mode (live key, test-mode code)", async () => {
    const restore = useLiveKey(EMULATOR.clientId);
    try {
      const user = await verifiedSeller();
      const state = await startAttempt(user);
      const { code } = await approvedAccount(state);
      expect(await completeConnect(user, callback({ code, state }))).toBe("mode_mismatch");
      expect(await connectionsOf(user)).toEqual([]);
    } finally {
      restore();
    }
  });

  it("does not start a second attempt for a seller who is connected, nor for admins", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    const { code } = await approvedAccount(state);
    await completeConnect(user, callback({ code, state }));
    expect(await startConnect(user)).toEqual({ outcome: "already_connected" });

    const admin = await createUser({
      name: "Boss",
      email: uniqueEmail("boss"),
      password: "a-good-password",
    });
    expect(await startConnect({ ...admin, role: "ADMIN" })).toEqual({ outcome: "not_a_seller" });
  });
});

async function connectedSeller() {
  const user = await verifiedSeller();
  const state = await startAttempt(user);
  const { account, code } = await approvedAccount(state);
  expect(await completeConnect(user, callback({ code, state }))).toBe("connected");
  return { user, account };
}

describe("Connect: disconnect", () => {
  it("deauthorizes at Stripe and records who disconnected and when", async () => {
    const { user, account } = await connectedSeller();

    expect(await disconnect(user)).toBe("disconnected");

    const [connection] = await connectionsOf(user);
    expect(connection).toMatchObject({ status: "DISCONNECTED", disconnectedById: user.id });
    expect(connection?.disconnectedAt).toBeInstanceOf(Date);
    const error = await stripeFor(emulator)
      .accounts.retrieve(account.id, {}, { stripeAccount: account.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
  });

  it("treats an account Stripe already disconnected (invalid_client) as done", async () => {
    const { user, account } = await connectedSeller();
    deliverWebhooks = false; // Stripe's deauthorized event has not arrived yet
    await emulator.client.revoke(account.id);

    expect(await disconnect(user)).toBe("disconnected");
    expect((await connectionsOf(user))[0]?.status).toBe("DISCONNECTED");
  });

  it("changes nothing when Stripe is down, and works once it is back", async () => {
    const { user } = await connectedSeller();
    await emulator.client.injectFault({
      path: "/oauth/deauthorize",
      status: 503,
    });

    expect(await disconnect(user)).toBe("stripe_unavailable");
    expect((await connectionsOf(user))[0]?.status).toBe("CONNECTED");

    expect(await disconnect(user)).toBe("disconnected");
  });

  it("has nothing to do for a seller without a connection", async () => {
    expect(await disconnect(await verifiedSeller())).toBe("not_connected");
  });
});

describe("Admin: force-disconnect", () => {
  const admin = () => adminUser();

  it("deauthorizes at Stripe, ends the connection with the admin's reason, and audits it", async () => {
    const { user, account } = await connectedSeller();
    const [connection] = await connectionsOf(user);
    const ops = await admin();

    expect(await forceDisconnect(ops, connection?.id ?? "", "Chargeback fraud, ticket 42")).toBe(
      "disconnected",
    );

    expect((await connectionsOf(user))[0]).toMatchObject({
      status: "DISCONNECTED",
      disconnectedById: ops.id,
      disconnectReason: "Chargeback fraud, ticket 42",
    });
    const audit = await db().auditEvent.findMany({ where: { connectionId: connection?.id } });
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: "FORCE_DISCONNECT",
        outcome: "SUCCESS",
        actorId: ops.id,
        subjectUserId: user.id,
        detail: "Chargeback fraud, ticket 42",
      }),
    );
    const error = await stripeFor(emulator)
      .accounts.retrieve(account.id, {}, { stripeAccount: account.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
  });

  it("changes nothing when Stripe is down, and records the failed attempt", async () => {
    const { user } = await connectedSeller();
    const [connection] = await connectionsOf(user);
    const ops = await admin();
    await emulator.client.injectFault({
      path: "/oauth/deauthorize",
      status: 503,
      times: 3,
    });

    expect(await forceDisconnect(ops, connection?.id ?? "", "Fraud")).toBe("stripe_unavailable");

    expect((await connectionsOf(user))[0]?.status).toBe("CONNECTED");
    expect(
      await db().auditEvent.findMany({ where: { connectionId: connection?.id } }),
    ).toContainEqual(
      expect.objectContaining({ action: "FORCE_DISCONNECT", outcome: "FAILURE", actorId: ops.id }),
    );
  });

  it("leaves an ended connection alone, and refuses sellers and unknown ids", async () => {
    const { user } = await connectedSeller();
    const [connection] = await connectionsOf(user);
    expect(await disconnect(user)).toBe("disconnected");

    expect(await forceDisconnect(await admin(), connection?.id ?? "", "Fraud")).toBe(
      "not_connected",
    );
    await expect(forceDisconnect(user, connection?.id ?? "", "Fraud")).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(forceDisconnect(await admin(), "no-such-id", "Fraud")).rejects.toBeInstanceOf(
      AppError,
    );
  });
});

/**
 * Issue 11: a slow Stripe. The emulator's delay faults are longer than the app's timeouts (set
 * short here through lib/env.ts; production waits 30 s for OAuth calls, 5 s for page reads).
 */
describe("Slow Stripe", () => {
  /** How long the emulator sits on a faulted request: longer than every timeout below. */
  const SLOW_MS = 11_000;
  const SLOW_TEST = 120_000;
  beforeEach(() => {
    vi.stubEnv("STRIPE_OAUTH_TIMEOUT_MS", "3000");
    vi.stubEnv("STRIPE_READ_TIMEOUT_MS", "3000");
  });
  afterEach(() => {
    vi.stubEnv("STRIPE_OAUTH_TIMEOUT_MS", "30000");
    vi.stubEnv("STRIPE_READ_TIMEOUT_MS", "5000");
  });

  /** Waits (without a time limit of its own) until the emulator has answered a faulted request. */
  async function emulatorAnswered(pattern: RegExp): Promise<void> {
    await vi.waitFor(
      () => {
        expect(emulatorLog.some((line) => pattern.test(line))).toBe(true);
      },
      { timeout: SLOW_TEST, interval: 250 },
    );
  }

  async function until(check: () => Promise<void>): Promise<void> {
    await vi.waitFor(check, { timeout: SLOW_TEST, interval: 250 });
  }

  async function hasAccess(accountId: string): Promise<boolean> {
    try {
      await stripeFor(emulator).accounts.retrieve(accountId, {}, { stripeAccount: accountId });
      return true;
    } catch (error) {
      if (error instanceof Stripe.errors.StripePermissionError) return false;
      throw error;
    }
  }

  /**
   * Makes Stripe sit on the next deauthorize for SLOW_MS; the returned function waits until
   * Stripe answered and its event ended the connection, and returns the seller's connection.
   */
  async function slowDeauthorize(user: PublicUser) {
    emulatorLog.length = 0;
    await emulator.client.injectFault({ path: "/oauth/deauthorize", delay_ms: SLOW_MS });
    return async () => {
      await emulatorAnswered(/^POST \/oauth\/deauthorize 200/);
      await until(async () => {
        expect((await connectionsOf(user))[0]?.status).toBe("DISCONNECTED");
      });
      return (await connectionsOf(user))[0];
    };
  }

  function auditOf(user: PublicUser) {
    return db().auditEvent.findMany({ where: { subjectUserId: user.id } });
  }

  it(
    "a token exchange that times out is sent once, and Stripe's authorized event connects the seller",
    async () => {
      const user = await verifiedSeller();
      const state = await startAttempt(user);
      const { account, code } = await approvedAccount(state);
      emulatorLog.length = 0;
      await emulator.client.injectFault({ path: "/oauth/token", delay_ms: SLOW_MS });

      expect(await completeConnect(user, callback({ code, state }))).toBe("unconfirmed");
      // A reload, or a second tab, while Stripe has not answered: still unknown, no new exchange.
      expect(await completeConnect(user, callback({ code, state }))).toBe("unconfirmed");

      await emulatorAnswered(/^POST \/oauth\/token 200/);
      await until(async () => {
        expect((await connectionsOf(user))[0]?.status).toBe("CONNECTED");
      });
      const [connection] = await connectionsOf(user);
      expect(connection?.stripeAccountId).toBe(account.id);
      expect(await confirmConnect(user.id)).toBe("connected");
      expect(await completeConnect(user, callback({ code, state }))).toBe("connected");
      // The emulator agrees: the code was exchanged once, so nothing was revoked.
      expect(emulatorLog.filter((line) => line.startsWith("POST /oauth/token"))).toHaveLength(1);
      expect(await hasAccess(account.id)).toBe(true);
      const audit = await auditOf(user);
      expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual(["CONNECT SUCCESS"]);
    },
    SLOW_TEST,
  );

  it(
    "a token exchange that times out and that Stripe never carried out ends as a clean failure",
    async () => {
      const user = await verifiedSeller();
      const state = await startAttempt(user);
      const { account, code } = await approvedAccount(state);
      emulatorLog.length = 0;
      await emulator.client.injectFault({
        path: "/oauth/token",
        delay_ms: SLOW_MS,
        status: 500,
      });

      expect(await completeConnect(user, callback({ code, state }))).toBe("unconfirmed");
      await emulatorAnswered(/^POST \/oauth\/token 500/);

      expect(await confirmConnect(user.id)).toBe("unconfirmed"); // too early to call it failed
      const later = new Date(Date.now() + 60 * 60_000);
      expect(await confirmConnect(user.id, later)).toBe("unconfirmed_failed");
      expect(await confirmConnect(user.id, later)).toBe(null); // settled: nothing left to check
      expect(await connectionsOf(user)).toEqual([]);
      expect(await hasAccess(account.id)).toBe(false); // the emulator agrees: not connected
      const audit = await auditOf(user);
      expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual(["CONNECT FAILURE"]);
      expect("url" in (await startConnect(user))).toBe(true); // free to try again
    },
    SLOW_TEST,
  );

  it("duplicate callbacks with one state: one connection, every answer connected, no failure", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    const { account, code } = await approvedAccount(state);

    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => completeConnect(user, callback({ code, state }))),
    );

    expect(outcomes).toContain("connected");
    for (const outcome of outcomes) expect(["connected", "completing"]).toContain(outcome);
    // A tab told "completing" shows the connection on its next load.
    expect(await completeConnect(user, callback({ code, state }))).toBe("connected");
    const connections = await connectionsOf(user);
    expect(connections.map((c) => c.stripeAccountId)).toEqual([account.id]);
    const failures = (await auditOf(user)).filter((a) => a.outcome === "FAILURE");
    expect(failures).toEqual([]);
    expect(await hasAccess(account.id)).toBe(true);
  });

  it(
    "a slow deauthorize is checked at Stripe, and its event keeps the seller's own disconnect",
    async () => {
      const { user, account } = await connectedSeller();
      const settled = await slowDeauthorize(user);

      expect(await disconnect(user)).toBe("unconfirmed");

      expect(await settled()).toMatchObject({
        disconnectedById: user.id,
        disconnectReason: "Disconnected by the seller",
      });
      expect(await disconnect(user)).toBe("disconnected"); // a retry is told it worked
      const audit = await auditOf(user);
      expect(audit.filter((a) => a.outcome === "SUCCESS").map((a) => a.action)).toEqual(
        expect.arrayContaining(["CONNECT", "DISCONNECT"]),
      );
      expect(audit.map((a) => a.action)).not.toContain("REVOKE");
      expect(await hasAccess(account.id)).toBe(false);
    },
    SLOW_TEST,
  );

  it(
    "a slow force-disconnect keeps the admin as actor and their reason, not a revocation",
    async () => {
      const { user, account } = await connectedSeller();
      const [connection] = await connectionsOf(user);
      const ops = {
        ...(await createUser({ name: "Ops", email: uniqueEmail("ops"), password: "a-good-pw-1" })),
        role: "ADMIN" as const,
      };
      const settled = await slowDeauthorize(user);

      expect(await forceDisconnect(ops, connection?.id ?? "", "Chargeback fraud, ticket 7")).toBe(
        "unconfirmed",
      );

      expect(await settled()).toMatchObject({
        disconnectedById: ops.id,
        disconnectReason: "Chargeback fraud, ticket 7",
      });
      const audit = await auditOf(user);
      expect(audit).toContainEqual(
        expect.objectContaining({
          action: "FORCE_DISCONNECT",
          outcome: "SUCCESS",
          actorId: ops.id,
          detail: "Chargeback fraud, ticket 7",
        }),
      );
      expect(audit.map((a) => a.action)).not.toContain("REVOKE");
      expect(await hasAccess(account.id)).toBe(false);
    },
    SLOW_TEST,
  );

  it(
    "a page read gives up after one retry and says Stripe is slow, keeping the stored snapshot",
    async () => {
      const { user, account } = await connectedSeller();
      const [connection] = await connectionsOf(user);
      if (!connection) throw new Error("no connection");
      const path = `/v1/accounts/${account.id}`;
      await emulator.client.injectFault({ path, delay_ms: SLOW_MS, times: 2 });

      // Two slow answers: the first attempt and its one retry. A third attempt would have been fast.
      expect(await loadAccount(connection)).toEqual({ ok: false, reason: "slow" });
      expect((await connectionsOf(user))[0]).toMatchObject({
        status: "CONNECTED",
        businessName: connection.businessName,
        syncedAt: connection.syncedAt,
      });

      await emulator.client.clearFaults();
      await emulator.client.injectFault({ path, delay_ms: SLOW_MS, times: 1 });
      // One slow answer: the retry gets the account.
      expect(await loadAccount(connection)).toMatchObject({ ok: true });
    },
    SLOW_TEST,
  );
});

/**
 * Issue 13: the app's mode rules end to end, against the emulator's live mode (its own accounts,
 * codes, connections and `livemode: true` events, on the same Connect webhook endpoint).
 */
describe("Live and test mode", () => {
  async function flush(): Promise<void> {
    await emulator.client.request("POST", "/webhooks/flush");
  }

  function eventsOf(account: string) {
    return db().webhookEvent.findMany({ where: { account }, orderBy: { created: "asc" } });
  }

  it("a test-mode app sets Stripe's live-mode events aside: a live deauthorization ends nothing", async () => {
    const user = await verifiedSeller();
    const state = await startAttempt(user);
    const { account, code } = await approvedAccount(state);
    expect(await completeConnect(user, callback({ code, state }))).toBe("connected");
    // The same Stripe account is also connected in live mode, then disconnected there.
    await emulator.client.request("POST", "/live/accounts", {
      id: account.id,
      email: account.email,
      business_name: "Same seller, live",
      connected: true,
    });
    await emulator.client.request("POST", `/live/accounts/${account.id}/revoke`, {});
    await flush();
    const live = (await eventsOf(account.id)).filter((e) => e.livemode);
    expect(live.map((e) => [e.type, e.status])).toEqual([
      ["account.application.deauthorized", "IGNORED"],
    ]);
    const [connection] = await connectionsOf(user);
    expect(connection?.status).toBe("CONNECTED");
    if (connection) expect(await loadAccount(connection)).toMatchObject({ ok: true });

    // The test-mode revocation does end it.
    await emulator.client.request("POST", `/accounts/${account.id}/revoke`, {});
    await flush();
    await vi.waitFor(async () => {
      expect((await connectionsOf(user))[0]?.status).toBe("REVOKED");
    });
  });

  it("a live-mode app connects a live seller, and sets test-mode events aside", async () => {
    const restore = useLiveKey(emulator.config.liveClientId, new URL(LIVE_CALLBACK).origin);
    try {
      const user = await verifiedSeller();
      const next = await startConnect(user);
      if (!("url" in next)) throw new Error(`no authorize URL: ${JSON.stringify(next)}`);
      const query = Object.fromEntries(new URL(next.url).searchParams);
      expect(query.client_id).toBe(emulator.config.liveClientId);
      const { body: account } = await emulator.client.request<Stripe.Account>(
        "POST",
        "/live/accounts",
        {
          email: uniqueEmail("live"),
          business_name: "Live seller",
        },
      );
      const code = await emulator.client.authorizationCode(account.email ?? "", query);
      expect(await completeConnect(user, callback({ code, state: query.state ?? "" }))).toBe(
        "connected",
      );
      const [connection] = await connectionsOf(user);
      expect(connection).toMatchObject({ stripeAccountId: account.id, livemode: true });
      if (connection) expect(await loadAccount(connection)).toMatchObject({ ok: true });

      // A test-mode revocation of the same account id is not this app's business.
      await emulator.client.request("POST", "/accounts", {
        id: account.id,
        email: account.email,
        business_name: "Same seller, test",
        connected: true,
      });
      await emulator.client.request("POST", `/accounts/${account.id}/revoke`, {});
      await flush();
      // Both events may carry the same second (`created`): compared in the order of their types.
      const events = (await eventsOf(account.id)).sort((a, b) => a.type.localeCompare(b.type));
      expect(events.map((e) => [e.type, e.livemode, e.status])).toEqual([
        ["account.application.authorized", true, "PROCESSED"],
        ["account.application.deauthorized", false, "IGNORED"],
      ]);
      expect((await connectionsOf(user))[0]?.status).toBe("CONNECTED");
    } finally {
      restore();
    }
  });
});
