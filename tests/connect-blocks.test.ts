/**
 * Issue 14, "Block on force-disconnect": an admin's force-disconnect may block reconnection of
 * that seller and of that Stripe account (by anyone) until an admin unblocks it. Against a real
 * database and the Stripe emulator over HTTP, as tests/connect.test.ts.
 */
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as authorizeRoute } from "@/app/api/stripe/connect/authorize/route";
import { POST as receiveWebhook } from "@/app/api/stripe/webhooks/route";
import { db } from "@/lib/db";
import { getActiveBlock, getSellerBlock } from "@/lib/data/connect-blocks";
import { getLatestConnection } from "@/lib/data/connections";
import { connectionEndedForSeller } from "@/lib/ui/seller-history";
import type { PublicUser } from "@/lib/data/users";
import {
  completeConnect,
  disconnect,
  forceDisconnect,
  startConnect,
  unblock,
} from "@/lib/stripe/connect";
import { CONNECT_OUTCOMES, FORCE_DISCONNECT_OUTCOMES } from "@/lib/stripe/connect-outcomes";
import { confirmConnect } from "@/lib/stripe/unconfirmed-connect";
import { supportContact } from "@/lib/support";
import type { RunningEmulator } from "stripe-connect-emulator";
import {
  adminUser,
  appRequest,
  inRequestScope,
  signInWithPassword,
  startEmulatorWithWebhooks,
  stripeFor,
  verifiedSeller,
} from "./helpers";

const REASON = "Chargeback fraud ring, internal ticket 4711";
const SELLER_MESSAGE =
  "Your payouts are under review after several disputed payments. We will be in touch.";

let emulator: RunningEmulator;
let stopEmulator: () => Promise<void>;
/** One line per request the emulator answered ("POST /oauth/deauthorize 200 3ms"). */
const emulatorLog: string[] = [];

beforeAll(async () => {
  // Stripe's webhooks reach the app's own endpoint over HTTP, signed, as in production.
  ({ emulator, stop: stopEmulator } = await startEmulatorWithWebhooks(receiveWebhook, {
    log: (line) => emulatorLog.push(line),
  }));
});
afterAll(async () => {
  await stopEmulator();
});
beforeEach(async () => {
  await emulator.client.clearFaults();
  vi.stubEnv("SUPPORT_EMAIL", "");
  vi.stubEnv("STRIPE_OAUTH_TIMEOUT_MS", "30000");
});

/** Starts an attempt for `user` and returns the state it put in Stripe's URL. */
async function startAttempt(user: PublicUser): Promise<string> {
  const next = await startConnect(user);
  if (!("url" in next)) throw new Error(`no authorize URL: ${JSON.stringify(next)}`);
  return new URL(next.url).searchParams.get("state") ?? "";
}

/** `user` goes through Stripe's page for the account of `email`, and comes back to the callback. */
async function connectAs(user: PublicUser, email: string) {
  const state = await startAttempt(user);
  const code = await emulator.client.authorizationCode(email, { state });
  return completeConnect(user, new URLSearchParams({ code, state }));
}

/** A seller connected to a fresh emulator account, force-disconnected by an admin with a block. */
async function blockedSeller() {
  const seller = await verifiedSeller();
  const account = await emulator.client.seedAccount();
  expect(await connectAs(seller, account.email ?? "")).toBe("connected");
  const connection = await getLatestConnection(seller.id);
  if (!connection) throw new Error("the connection vanished");
  const ops = await adminUser();
  expect(await forceDisconnect(ops, connection.id, REASON, { sellerMessage: SELLER_MESSAGE })).toBe(
    "disconnected",
  );
  return { seller, account, connection, ops };
}

/** Whether the platform can act as the account at the emulator (its authorization stands). */
async function platformHasAccess(stripeAccountId: string): Promise<boolean> {
  const error = await stripeFor(emulator)
    .accounts.retrieve(stripeAccountId, {}, { stripeAccount: stripeAccountId })
    .then(() => null)
    .catch((e: unknown) => e);
  if (error === null) return true;
  expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
  return false;
}

function attemptsOf(user: PublicUser) {
  return db().oAuthState.count({ where: { userId: user.id } });
}

describe("Force-disconnect with a block", () => {
  it("ends the connection at Stripe and blocks the seller and the account, audited", async () => {
    const { seller, account, connection, ops } = await blockedSeller();

    expect(await platformHasAccess(account.id)).toBe(false);
    expect(await getActiveBlock({ userId: seller.id })).toMatchObject({
      stripeAccountId: account.id,
      connectionId: connection.id,
      reason: REASON,
      sellerMessage: SELLER_MESSAGE,
      createdById: ops.id,
      liftedAt: null,
    });
    expect(await getActiveBlock({ stripeAccountId: account.id })).not.toBeNull();
    const audit = await db().auditEvent.findMany({
      where: { connectionId: connection.id, action: { in: ["FORCE_DISCONNECT", "BLOCK"] } },
    });
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "FORCE_DISCONNECT", outcome: "SUCCESS", detail: REASON }),
        expect.objectContaining({
          action: "BLOCK",
          outcome: "SUCCESS",
          actorId: ops.id,
          subjectUserId: seller.id,
          stripeAccountId: account.id,
          detail: REASON,
        }),
      ]),
    );
  });

  it("blocks nothing without the choice, and nothing when Stripe refused the disconnect", async () => {
    const seller = await verifiedSeller();
    const account = await emulator.client.seedAccount();
    expect(await connectAs(seller, account.email ?? "")).toBe("connected");
    const connection = await getLatestConnection(seller.id);
    const ops = await adminUser();

    await emulator.client.injectFault({ path: "/oauth/deauthorize", status: 503, times: 3 });
    expect(
      await forceDisconnect(ops, connection?.id ?? "", REASON, { sellerMessage: SELLER_MESSAGE }),
    ).toBe("stripe_unavailable");
    expect(await getActiveBlock({ userId: seller.id, stripeAccountId: account.id })).toBeNull();

    await emulator.client.clearFaults();
    expect(await forceDisconnect(ops, connection?.id ?? "", REASON)).toBe("disconnected");
    expect(await getActiveBlock({ userId: seller.id, stripeAccountId: account.id })).toBeNull();
    expect(await connectAs(seller, account.email ?? "")).toBe("connected");
  });
});

describe("While blocked", () => {
  it("refuses the seller's Connect with Stripe without creating a state (lib and route)", async () => {
    const { seller } = await blockedSeller();
    const before = await attemptsOf(seller);

    expect(await startConnect(seller)).toEqual({ outcome: "blocked" });

    const { cookie } = await signInWithPassword(seller.email, "a-good-password");
    const request = appRequest("/api/stripe/connect/authorize", { cookie });
    const response = await inRequestScope(request, () => authorizeRoute());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location") ?? "");
    expect(location.pathname).toBe("/settings");
    expect(location.searchParams.get("connect")).toBe("blocked");

    expect(await attemptsOf(seller)).toBe(before);
  });

  it("refuses a state started before the block without spending its code", async () => {
    const { seller, account, ops } = await blockedSeller();
    await unblock(ops, (await getActiveBlock({ userId: seller.id }))?.id ?? "");
    // Unblocked, the seller opens Stripe's page in one tab (this state) and connects in another;
    // an admin then force-disconnects them again, with a block, before the first tab comes back.
    const state = await startAttempt(seller);
    expect(await connectAs(seller, account.email ?? "")).toBe("connected");
    const second = await getLatestConnection(seller.id);
    expect(
      await forceDisconnect(ops, second?.id ?? "", REASON, { sellerMessage: SELLER_MESSAGE }),
    ).toBe("disconnected");

    const code = await emulator.client.authorizationCode(account.email ?? "", { state });
    expect(await completeConnect(seller, new URLSearchParams({ code, state }))).toBe("blocked");

    expect((await getLatestConnection(seller.id))?.status).toBe("DISCONNECTED");
    // The code was never exchanged, so Stripe granted nothing.
    expect(await platformHasAccess(account.id)).toBe(false);
  });

  it("refuses another seller whose callback returns the blocked account, and undoes it at Stripe", async () => {
    const { seller, account } = await blockedSeller();
    const other = await verifiedSeller("Other");
    const deauthorizesBefore = emulatorLog.filter((l) => l.startsWith("POST /oauth/deauthorize"));

    expect(await connectAs(other, account.email ?? "")).toBe("account_blocked");

    expect(await db().stripeConnection.count({ where: { userId: other.id } })).toBe(0);
    // The exchange granted access, and the app took it back at once.
    const deauthorizes = emulatorLog.filter((l) => l.startsWith("POST /oauth/deauthorize"));
    expect(deauthorizes.length).toBe(deauthorizesBefore.length + 1);
    expect(deauthorizes.at(-1)).toMatch(/ 200 /);
    expect((await emulator.client.account(account.id)).connection).toBeNull();
    expect(await platformHasAccess(account.id)).toBe(false);
    expect(
      await db().auditEvent.findFirst({
        where: { actorId: other.id, action: "CONNECT", outcome: "FAILURE" },
        orderBy: { createdAt: "desc" },
      }),
    ).toMatchObject({
      detail: `${account.id} refused: the account is blocked, deauthorized at Stripe`,
    });
    // Nothing of the block leaks to the other seller: not its message, not its reason.
    expect(CONNECT_OUTCOMES.account_blocked.message).not.toContain(SELLER_MESSAGE);
    expect(await getSellerBlock(other.id)).toBeNull();
    // The blocked seller is still blocked.
    expect(await getSellerBlock(seller.id)).not.toBeNull();
  });

  it("binds nothing when Stripe carries out a timed-out exchange for the blocked account, and undoes it", async () => {
    vi.stubEnv("STRIPE_OAUTH_TIMEOUT_MS", "3000");
    const { account } = await blockedSeller();
    const other = await verifiedSeller("Other");
    const state = await startAttempt(other);
    const code = await emulator.client.authorizationCode(account.email ?? "", { state });
    emulatorLog.length = 0;
    // Stripe sits on the exchange longer than the app waits, then carries it out.
    await emulator.client.injectFault({ path: "/oauth/token", delay_ms: 11_000 });

    expect(await completeConnect(other, new URLSearchParams({ code, state }))).toBe("unconfirmed");
    await vi.waitFor(
      () => {
        expect(emulatorLog.some((line) => line.startsWith("POST /oauth/token 200"))).toBe(true);
      },
      { timeout: 120_000, interval: 250 },
    );
    // Its authorized event reached the app, which bound nothing to the blocked account.
    await emulator.client.flushWebhooks();
    expect(await db().stripeConnection.count({ where: { userId: other.id } })).toBe(0);
    expect(await platformHasAccess(account.id)).toBe(true);

    // The check Settings runs takes the access back at Stripe and settles the attempt.
    const later = new Date(Date.now() + 60 * 60_000);
    expect(await confirmConnect(other.id, later)).toBe("unconfirmed_failed");
    expect(await db().stripeConnection.count({ where: { userId: other.id } })).toBe(0);
    expect(await platformHasAccess(account.id)).toBe(false);
  }, 180_000);

  it("lets another seller connect a different account", async () => {
    await blockedSeller();
    const other = await verifiedSeller("Other");
    const account = await emulator.client.seedAccount();
    expect(await connectAs(other, account.email ?? "")).toBe("connected");
  });
});

describe("What the seller reads", () => {
  it("is the message written for them and how to reach support, never the internal reason", async () => {
    const { seller } = await blockedSeller();

    const block = await getSellerBlock(seller.id);
    expect(block).toEqual({
      sellerMessage: SELLER_MESSAGE,
      createdAt: expect.any(Date) as Date,
    });
    expect(JSON.stringify(block)).not.toContain(REASON);
    const connection = await getLatestConnection(seller.id);
    expect(connection).toMatchObject({ status: "DISCONNECTED", disconnectReason: REASON });
    expect(connection && connectionEndedForSeller(connection)).toBe(
      "An admin disconnected your account",
    );
    for (const { message } of Object.values(CONNECT_OUTCOMES))
      expect(message).not.toContain(REASON);

    expect(supportContact()).toBe("Contact the marketplace's support.");
    vi.stubEnv("SUPPORT_EMAIL", "help@market.example");
    expect(supportContact()).toBe("Contact the marketplace's support at help@market.example.");
  });

  it("tells the seller of their own disconnect in the second person", async () => {
    const seller = await verifiedSeller();
    const account = await emulator.client.seedAccount();
    expect(await connectAs(seller, account.email ?? "")).toBe("connected");
    expect(await disconnect(seller)).toBe("disconnected");
    const connection = await getLatestConnection(seller.id);
    expect(connection && connectionEndedForSeller(connection)).toBe(
      "You disconnected your Stripe account",
    );
    // The admin is no longer told the seller sees their reason.
    expect(FORCE_DISCONNECT_OUTCOMES.disconnected.message).toMatch(/for admins only/);
  });
});

describe("Unblock", () => {
  it("lets the seller, and the account, connect again, audited; a second unblock changes nothing", async () => {
    const { seller, account, connection } = await blockedSeller();
    const block = await getActiveBlock({ userId: seller.id });
    const ops = await adminUser("Second admin");

    await expect(unblock(seller, block?.id ?? "")).rejects.toMatchObject({ code: "forbidden" });
    expect(await unblock(ops, block?.id ?? "")).toBe(connection.id);
    expect(await unblock(ops, block?.id ?? "")).toBeNull();

    expect(await getActiveBlock({ userId: seller.id, stripeAccountId: account.id })).toBeNull();
    expect(await db().connectBlock.findUnique({ where: { id: block?.id ?? "" } })).toMatchObject({
      liftedById: ops.id,
      liftedAt: expect.any(Date) as Date,
    });
    const unblocks = await db().auditEvent.findMany({
      where: { connectionId: connection.id, action: "UNBLOCK" },
    });
    expect(unblocks).toEqual([
      expect.objectContaining({
        outcome: "SUCCESS",
        actorId: ops.id,
        subjectUserId: seller.id,
        stripeAccountId: account.id,
      }),
    ]);

    expect(await connectAs(seller, account.email ?? "")).toBe("connected");
    expect(await getLatestConnection(seller.id)).toMatchObject({
      status: "CONNECTED",
      stripeAccountId: account.id,
    });
    expect(await platformHasAccess(account.id)).toBe(true);
  });
});
