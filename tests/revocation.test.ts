/**
 * Ending a connection because Stripe says access is gone has one home (endConnectionWithoutAccess)
 * and one table of reasons (REVOCATION_REASONS): whichever caller notices, the connection and its
 * audit entry say the same thing, and name nobody as the one who ended it (Stripe told us).
 * Stripe is the emulator, over HTTP; the database is real.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/stripe/webhooks/route";
import { createConnection, REVOCATION_REASONS } from "@/lib/data/connections";
import type { PublicUser } from "@/lib/data/users";
import { db } from "@/lib/db";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import {
  reconcileConnection,
  reconcileConnectionOf,
  refreshFromStripe,
} from "@/lib/stripe/reconcile";
import { loadAccount } from "@/lib/stripe/seller-data";
import { resetSeededSellers, seedSellers } from "@/prisma/seed-sellers";
import type { RunningEmulator } from "stripe-connect-emulator";
import { adminUser, startTestEmulator, verifiedSeller } from "./helpers";
import { deauthorizedEvent, signed } from "./stripe-events";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
});
afterAll(async () => {
  await resetSeededSellers();
  await emulator.stop();
});

/** A seller connected (at Stripe and here) to a fresh emulator account. */
async function connectedSeller() {
  const { account } = await emulator.client.connectAccount();
  const user = await verifiedSeller();
  const connection = await createConnection({
    seller: user,
    stripeAccountId: account.id,
    scope: "read_write",
    livemode: false,
    snapshot: null,
  });
  return { user, connection, account: account.id };
}

const admin = () => adminUser();

/** The seller revokes access at Stripe, and no webhook tells us. */
async function revokeAtStripe(account: string): Promise<void> {
  await emulator.client.revoke(account);
}

/** How a connection ended, as the seller and admins read it: the connection and its audit entry. */
async function howItEnded(connectionId: string) {
  const connection = await db().stripeConnection.findUniqueOrThrow({
    where: { id: connectionId },
  });
  const audit = await db().auditEvent.findMany({
    where: { connectionId, action: { in: ["REVOKE", "DISCONNECT", "FORCE_DISCONNECT"] } },
  });
  return {
    status: connection.status,
    reason: connection.disconnectReason,
    endedBy: connection.disconnectedById,
    audit: audit.map((a) => ({
      action: a.action,
      outcome: a.outcome,
      actorId: a.actorId,
      detail: a.detail,
      subject: a.subjectUserId === connection.userId,
    })),
  };
}

function revokedBecause(reason: string) {
  return {
    status: "REVOKED",
    reason,
    endedBy: null,
    audit: [{ action: "REVOKE", outcome: "SUCCESS", actorId: null, detail: reason, subject: true }],
  };
}

describe("a revocation reads the same whoever noticed it", () => {
  it("Stripe's answer 403 account_invalid: the script, an admin's refresh, the dashboard's check", async () => {
    const callers: Record<string, (c: { id: string; user: PublicUser }) => Promise<unknown>> = {
      "npm run stripe:reconcile": async (c) => (await reconcileConnection(c.id)).outcome,
      "an admin's Refresh from Stripe": async (c) => refreshFromStripe(await admin(), c.id),
      "the seller's dashboard, after it saw the 403": (c) => reconcileConnectionOf(c.user),
    };
    const ended: Record<string, unknown> = {};
    for (const [caller, notice] of Object.entries(callers)) {
      const { user, connection, account } = await connectedSeller();
      await revokeAtStripe(account);
      expect(await notice({ id: connection.id, user }), caller).toBe("revoked");
      ended[caller] = await howItEnded(connection.id);
    }
    for (const caller of Object.keys(callers)) {
      expect(ended[caller], caller).toEqual(revokedBecause(REVOCATION_REASONS.access_invalid));
    }
  });

  it("an admin's refresh that finds it records the refresh as theirs, the revocation as Stripe's", async () => {
    const { connection, account } = await connectedSeller();
    const ops = await admin();
    await revokeAtStripe(account);

    expect(await refreshFromStripe(ops, connection.id)).toBe("revoked");

    const entries = await db().auditEvent.findMany({
      where: { connectionId: connection.id, action: { in: ["REFRESH", "REVOKE"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => [e.action, e.actorId, e.detail])).toEqual([
      ["REVOKE", null, REVOCATION_REASONS.access_invalid],
      ["REFRESH", ops.id, "Refreshed from Stripe: revoked"],
    ]);
  });

  it("Stripe's deauthorized event, and the demo seed's revoked sellers, read as a deauthorization", async () => {
    const { connection, account } = await connectedSeller();
    const { body, signature } = signed(deauthorizedEvent(account), EMULATOR.connectWebhookSecret);
    const response = await POST(
      new Request("http://localhost/api/stripe/webhooks", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
        body,
      }),
    );
    expect(response.status).toBe(200);
    expect(await howItEnded(connection.id)).toEqual(
      revokedBecause(REVOCATION_REASONS.deauthorized),
    );

    await seedSellers(40, () => undefined);
    const seeded = await db().stripeConnection.findMany({
      where: { id: { startsWith: "seed" }, status: "REVOKED" },
      select: { id: true },
    });
    expect(seeded.length).toBeGreaterThan(0);
    for (const { id } of seeded) {
      expect(await howItEnded(id)).toEqual(revokedBecause(REVOCATION_REASONS.deauthorized));
    }
  });

  it("a page's read sees the 403 and records nothing; the check it sends records it once", async () => {
    const { user, connection, account } = await connectedSeller();
    await revokeAtStripe(account);

    expect(await loadAccount(connection)).toEqual({ ok: false, reason: "revoked" });
    expect((await howItEnded(connection.id)).status).toBe("CONNECTED");

    // Twice at once (two tabs): one records it; the other finds it ended (or no longer active).
    const checks = await Promise.all([reconcileConnectionOf(user), reconcileConnectionOf(user)]);
    expect(checks.filter((c) => c === "revoked")).toHaveLength(1);
    expect(checks.filter((c) => c !== "revoked")).toEqual([
      expect.stringMatching(/^(not_connected|not_active)$/),
    ]);
    expect(await howItEnded(connection.id)).toEqual(
      revokedBecause(REVOCATION_REASONS.access_invalid),
    );
  });
});
