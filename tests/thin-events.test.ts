/**
 * The thin event endpoint (POST /api/stripe/webhooks/thin) on a real database: the route handler
 * itself, given notifications signed as Stripe signs them (with the thin destination's secret).
 * Stripe is the emulator, over HTTP, where applying a notification fetches its v2 account.
 */
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/stripe/webhooks/thin/route";
import { REVOCATION_REASONS } from "@/lib/data/connections";
import { db } from "@/lib/db";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import {
  connectedSeller,
  type Delivered,
  deliverSigned,
  emulatorForFile,
  whileRefusing,
} from "./helpers";
import {
  nowSeconds,
  signed,
  stripeId,
  thinNotification,
  type ThinNotification,
} from "./stripe-events";

const SECRET = EMULATOR.thinWebhookSecret;
const REQUIREMENTS = "v2.core.account[requirements].updated";
const CLOSED = "v2.core.account.closed";
emulatorForFile();

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
