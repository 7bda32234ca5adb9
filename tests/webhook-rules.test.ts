/**
 * The webhook rules, each through every path an event can take to the database: the hot batch
 * (one statement), a batch with a deauthorization in it (which audits, so it runs in a
 * transaction), the per-event fallback after a batch failed, and retryWebhookEvent (the admin's
 * Retry, `npm run webhooks:retry`) of an event stored FAILED or left PENDING. One writer applies
 * them all (lib/stripe/webhooks/apply.ts); these tests hold every path to the same result.
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnection } from "@/lib/data/connections";
import { db } from "@/lib/db";
import { reconcileConnection } from "@/lib/stripe/reconcile";
import { loadAccount } from "@/lib/stripe/seller-data";
import { processEvents, retryWebhookEvent } from "@/lib/stripe/webhooks/process";
import type { RunningEmulator } from "stripe-connect-emulator";
import { connectedSeller, startTestEmulator, whileRefusing } from "./helpers";
import {
  accountUpdatedEvent,
  chargeSucceededEvent,
  connectEvent,
  deauthorizedEvent,
  nowSeconds,
  payoutPaidEvent,
  stripeId,
} from "./stripe-events";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
});
afterAll(async () => {
  await emulator.stop();
});

const received = (events: Stripe.Event[]) =>
  events.map((event) => ({ event, body: JSON.stringify(event) }));

const stored = (id: string) => db().webhookEvent.findUniqueOrThrow({ where: { id } });

/**
 * Stores and applies `events` (deliveries, in this order; ids may repeat) the way one path does,
 * checking on the way that it was that path.
 */
type Path = (events: Stripe.Event[]) => Promise<void>;

/** Stored with every attempt at applying failing (as FAILED, or PENDING after a crash), then retried. */
function retried(left: "FAILED" | "PENDING"): Path {
  const refused = left === "FAILED" ? `'PROCESSED'` : `'PROCESSED', 'FAILED'`;
  return async (events) => {
    await whileRefusing("WebhookEvent", `NEW.status IN (${refused})`, () =>
      processEvents(received(events)),
    );
    const rows = await Promise.all([...new Set(events.map((e) => e.id))].map(stored));
    const waiting = rows.filter((row) => row.status !== "IGNORED");
    for (const row of waiting) expect(row.status).toBe(left);
    // Newest first: the order of retries must not matter.
    for (const row of waiting.reverse()) await retryWebhookEvent(row.id);
  };
}

const PATHS: [string, Path][] = [
  [
    "hot batch",
    async (events) => {
      await processEvents(received(events));
    },
  ],
  [
    "batch with another account's deauthorization",
    async (events) => {
      const other = await connectedSeller();
      await processEvents(received([...events, deauthorizedEvent(other.account)]));
      expect((await connection(other.connection.id)).status).toBe("REVOKED");
    },
  ],
  [
    "per-event fallback",
    async (events) => {
      // An account.updated carrying another account's object fails, and with it its batch.
      const poison = accountUpdatedEvent(stripeId("acct_"), { businessName: "Poison" });
      (poison.data.object as Stripe.Account).id = stripeId("acct_");
      const outcomes = await processEvents(received([...events, poison]));
      expect(outcomes.at(-1)).toBe("failed");
    },
  ],
  ["retry of a FAILED event", retried("FAILED")],
  ["retry of a PENDING event", retried("PENDING")],
];

function connection(id: string) {
  return db().stripeConnection.findUniqueOrThrow({ where: { id } });
}

/** What a seller and an admin can see of `account` after `events`, with times relative to `t`. */
async function rowsOf(account: string, connectionId: string, events: Stripe.Event[], t: number) {
  const c = await connection(connectionId);
  const ids = [...new Set(events.map((e) => e.id))];
  const items = await db().activityItem.findMany({
    where: { stripeAccountId: account },
    orderBy: { amount: "asc" },
  });
  const since = (date: Date | null) => (date ? date.getTime() / 1000 - t : null);
  return {
    connection: {
      status: c.status,
      businessName: c.businessName,
      email: c.email,
      chargesEnabled: c.chargesEnabled,
      requirementsDue: c.requirementsDue,
      accountUpdatedAt: since(c.accountUpdatedAt),
      lastEventAt: c.lastEventAt ? "set" : null,
    },
    activity: items.map((a) => ({
      kind: a.kind,
      amount: a.amount,
      description: a.description,
      event: ids.indexOf(a.eventId),
    })),
    events: await Promise.all(
      ids.map(async (id) => {
        const row = await stored(id);
        return { type: row.type, status: row.status, applied: row.processedAt !== null };
      }),
    ),
  };
}

describe("one result whichever path the events take", () => {
  it.each(PATHS)("%s", async (_, path) => {
    const { account, connection: c } = await connectedSeller(undefined, "Before");
    const t = nowSeconds();
    const charge = chargeSucceededEvent(account, { amount: 1500 });
    const events = [
      accountUpdatedEvent(
        account,
        { businessName: "Newest", requirementsDue: ["tos"] },
        {
          created: t + 2,
        },
      ),
      charge,
      accountUpdatedEvent(
        account,
        { businessName: "Oldest", chargesEnabled: false },
        {
          created: t,
        },
      ),
      payoutPaidEvent(account, { amount: 9000 }),
      accountUpdatedEvent(
        account,
        { businessName: "Middle", email: "mid@example.test" },
        {
          created: t + 1,
        },
      ),
      connectEvent("balance.available", account, { object: "balance" }),
      charge,
      // Stored, not applied: an event about no connected account.
      connectEvent("charge.succeeded", null, { id: stripeId("ch_"), object: "charge", amount: 1 }),
    ];

    await path(events);

    expect(await rowsOf(account, c.id, events, t)).toEqual({
      connection: {
        status: "CONNECTED",
        businessName: "Newest",
        email: `${account}@example.test`,
        chargesEnabled: true,
        requirementsDue: 1,
        accountUpdatedAt: 2,
        lastEventAt: "set",
      },
      activity: [
        { kind: "CHARGE", amount: 1500, description: null, event: 1 },
        { kind: "PAYOUT", amount: 9000, description: "STRIPE PAYOUT", event: 3 },
      ],
      events: [
        { type: "account.updated", status: "PROCESSED", applied: true },
        { type: "charge.succeeded", status: "PROCESSED", applied: true },
        { type: "account.updated", status: "PROCESSED", applied: true },
        { type: "payout.paid", status: "PROCESSED", applied: true },
        { type: "account.updated", status: "PROCESSED", applied: true },
        { type: "balance.available", status: "IGNORED", applied: false },
        { type: "charge.succeeded", status: "IGNORED", applied: false },
      ],
    });
    expect(await db().activityItem.count({ where: { eventId: charge.id } })).toBe(1);
  });
});

describe.each(PATHS)("rules, through the %s", (_, path) => {
  it("an older account.updated never overwrites a newer snapshot", async () => {
    const { account, connection: c } = await connectedSeller();
    const t = nowSeconds();

    await path([accountUpdatedEvent(account, { businessName: "Newer" }, { created: t })]);
    await path([accountUpdatedEvent(account, { businessName: "Older" }, { created: t - 10 })]);

    expect(await connection(c.id)).toMatchObject({
      businessName: "Newer",
      accountUpdatedAt: new Date(t * 1000),
    });
  });

  it("every stored event updates the connection's lastEventAt, applied or not", async () => {
    const { account, connection: c } = await connectedSeller();
    const before = new Date(Math.floor(Date.now() / 1000) * 1000);

    await path([connectEvent("balance.available", account, { object: "balance" })]);
    expect((await connection(c.id)).lastEventAt?.getTime()).toBeGreaterThanOrEqual(
      before.getTime(),
    );

    // One from an hour ago is brought up to date (one from this minute is left alone).
    const hourAgo = new Date(Date.now() - 3_600_000);
    await db().stripeConnection.update({ where: { id: c.id }, data: { lastEventAt: hourAgo } });
    await path([chargeSucceededEvent(account, { amount: 100 })]);
    expect((await connection(c.id)).lastEventAt?.getTime()).toBeGreaterThanOrEqual(
      before.getTime(),
    );
  });

  it("lastEventAt reads the latest event's minute, and moves once a minute", async () => {
    const { account, connection: c } = await connectedSeller();
    const setLastEvent = (at: Date) =>
      db().stripeConnection.update({ where: { id: c.id }, data: { lastEventAt: at } });
    // Tried again should the minute turn while it runs (it cannot turn twice in a few seconds).
    for (let attempt = 0; ; attempt++) {
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      // A time of this minute is left as it is…
      await setLastEvent(new Date(minute));
      await path([chargeSucceededEvent(account, { amount: 100 })]);
      const kept = (await connection(c.id)).lastEventAt?.getTime();
      if (Math.floor(Date.now() / 60_000) * 60_000 !== minute && attempt === 0) continue;
      expect(kept).toBe(minute);
      break;
    }
    // …one of the minute before is not: it moves to when this event came.
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    await setLastEvent(new Date(minute - 1));
    await path([payoutPaidEvent(account, { amount: 100 })]);
    expect((await connection(c.id)).lastEventAt?.getTime()).toBeGreaterThanOrEqual(minute);
  });

  it("two updates in the same second make the app fetch the account again", async () => {
    const { account: seeded } = await emulator.client.connectAccount({
      business_name: "At Stripe",
    });
    const { account, connection: c } = await connectedSeller(seeded.id);
    const t = nowSeconds();

    await path([
      accountUpdatedEvent(account, { businessName: "One" }, { created: t }),
      accountUpdatedEvent(account, { businessName: "Two" }, { created: t }),
    ]);

    await expect.poll(async () => (await connection(c.id)).businessName).toBe("At Stripe");
  });

  it("an update after a deauthorization leaves the connection revoked and as it was", async () => {
    const { account, connection: c } = await connectedSeller(undefined, "Before");
    const t = nowSeconds();
    await processEvents(received([deauthorizedEvent(account, { created: t })]));

    await path([accountUpdatedEvent(account, { businessName: "After" }, { created: t + 1 })]);

    expect(await connection(c.id)).toMatchObject({ status: "REVOKED", businessName: "Before" });
  });
});

describe("a snapshot fetched from Stripe obeys the same order", () => {
  it("does not overwrite a snapshot from a newer event", async () => {
    const { account: seeded } = await emulator.client.connectAccount({ business_name: "Fetched" });
    const { account, connection: c } = await connectedSeller(seeded.id);
    // Stripe's clock a minute ahead of ours: the event is newer than the fetch that follows.
    const ahead = nowSeconds() + 60;
    await processEvents(
      received([accountUpdatedEvent(account, { businessName: "Evented" }, { created: ahead })]),
    );

    expect((await reconcileConnection(c.id)).outcome).toBe("unchanged");

    expect(await connection(c.id)).toMatchObject({
      businessName: "Evented",
      accountUpdatedAt: new Date(ahead * 1000),
    });
  });

  it("is not stored on a connection that ended while it was being fetched", async () => {
    const { account: seeded } = await emulator.client.connectAccount({ business_name: "Fetched" });
    const { account, connection: c } = await connectedSeller(seeded.id, "Before");
    const read = await connection(c.id); // a page read it, then the deauthorization came in
    await processEvents(received([deauthorizedEvent(account)]));

    expect((await loadAccount(read)).ok).toBe(true);

    expect(await connection(c.id)).toMatchObject({ status: "REVOKED", businessName: "Before" });
  });
  it("is stored on the connection it was fetched for, not on the account's next one", async () => {
    const { account: seeded } = await emulator.client.connectAccount({ business_name: "Fetched" });
    const { account, connection: c, user } = await connectedSeller(seeded.id, "Before");
    const read = await connection(c.id);
    await processEvents(received([deauthorizedEvent(account)]));
    const next = await createConnection({
      seller: user,
      stripeAccountId: account,
      scope: "read_write",
      livemode: false,
      snapshot: null,
    });

    expect((await loadAccount(read)).ok).toBe(true);

    expect((await connection(next.id)).businessName).toBeNull();
  });
});
