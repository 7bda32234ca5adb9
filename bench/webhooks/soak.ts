/**
 * The soak test: real Stripe-like traffic from the emulator to the running app, with the emulator
 * delivering every event twice and releasing them newest first, then a check that the database
 * holds exactly what Stripe (the emulator) says is true. Besides the events the app applies, the
 * emulator sends some it stores without applying (capability.updated with each capability change,
 * as Stripe does: see lib/stripe/webhooks/dispatch.ts), which are to be IGNORED, not PROCESSED.
 */
import { isDeepStrictEqual } from "node:util";
import type Stripe from "stripe";
import type { RunningEmulator } from "stripe-connect-emulator";
import { accountSnapshot } from "@/lib/stripe/account-snapshot";
import { hasHandler } from "@/lib/stripe/webhooks/dispatch";
import { seedConnections, withClient, type Check } from "./database";
import { random } from "./workload";

export interface SoakResult {
  operations: number;
  deliveries: number;
  duplicates: number;
  seconds: number;
  checks: Check[];
}

/**
 * `accounts` sellers each get a stream of updates, payments and payouts (`operations` in all);
 * the last two revoke access at the end.
 */
export async function runSoak(
  emulator: RunningEmulator,
  databaseUrl: string,
  accounts: number,
  operations: number,
): Promise<SoakResult> {
  const started = performance.now();
  const next = random(7);
  const { client } = emulator;
  await client.setWebhookSwitches({ duplicates: true, out_of_order: true });
  const ids: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const account = await client.seedAccount({
      email: `soak${i}-${Date.now()}@shop.example`,
      business_name: `Soak shop ${i}`,
      connected: true,
      // Enough for every payout the soak makes (a payout may not overdraw the available balance).
      balance: { available: [{ amount: 100_000_000, currency: "usd" }] },
    });
    ids.push(account.id);
  }
  await seedConnections(databaseUrl, ids, new Date(Date.now() - 5000));

  const activity = new Set<string>();
  for (let i = 0; i < operations; i++) {
    const id = ids[Math.floor(next() * ids.length)] ?? "";
    const roll = next();
    if (roll < 0.4) {
      await client.updateAccount(id, {
        business_name: `Soak shop ${id.slice(-4)} v${i}`,
        email: `owner${i}@shop.example`,
        charges_enabled: next() < 0.8,
        payouts_enabled: next() < 0.8,
      });
    } else {
      const money = { amount: 100 + Math.floor(next() * 10_000), currency: "usd" };
      const made = await (roll < 0.75
        ? client.createCharge(id, money)
        : client.createPayout(id, money));
      activity.add(made.id);
    }
  }
  const revoked = ids.slice(-2);
  for (const id of revoked) await client.revoke(id);

  const deliveries = await client.flushWebhooks();
  await client.setWebhookSwitches({ duplicates: false, out_of_order: false });
  const types = new Map(deliveries.map((d) => [d.event_id, d.event_type]));

  const expected = await Promise.all(ids.map((id) => client.account(id)));
  // Same-second updates are settled by fetching the account after the event: allow for it.
  let checks: Check[] = [];
  for (let attempt = 0; attempt < 40; attempt++) {
    checks = await soakChecks(databaseUrl, types, activity, expected, revoked);
    if (checks.every((c) => c.ok)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const failedDeliveries = deliveries.filter((d) => d.state !== "succeeded").length;
  checks.unshift({
    name: "every delivery accepted",
    ok: failedDeliveries === 0,
    detail: `${deliveries.length - failedDeliveries} of ${deliveries.length} deliveries answered 2xx`,
  });
  return {
    operations: operations + revoked.length,
    deliveries: deliveries.length,
    duplicates: deliveries.filter((d) => d.duplicate).length,
    seconds: (performance.now() - started) / 1000,
    checks,
  };
}

/**
 * Whether a column read back holds the snapshot field's value: a time as the same instant, the
 * account state (jsonb, its keys reordered, undefined left out) as the same JSON, the rest as is.
 */
function holds(stored: unknown, expected: unknown): boolean {
  if (expected instanceof Date)
    return stored instanceof Date && stored.getTime() === expected.getTime();
  if (typeof expected === "object" && expected !== null) {
    return isDeepStrictEqual(stored, JSON.parse(JSON.stringify(expected)));
  }
  return stored === expected;
}

async function soakChecks(
  databaseUrl: string,
  types: Map<string, string>,
  activity: Set<string>,
  expected: { account: Stripe.Account; connection: unknown }[],
  revoked: string[],
): Promise<Check[]> {
  return withClient(databaseUrl, async (client) => {
    const events = await client.query<{ id: string; status: string; attempts: number }>(
      `SELECT id, status, attempts FROM "WebhookEvent" WHERE id = ANY($1)`,
      [[...types.keys()]],
    );
    // Applied exactly once when its type has a handler; otherwise stored, never applied.
    const right = ({ id, status, attempts }: (typeof events.rows)[number]) =>
      hasHandler(types.get(id) ?? "")
        ? status === "PROCESSED" && attempts === 1
        : status === "IGNORED" && attempts === 0;
    const handled = [...types.values()].filter(hasHandler).length;
    const once = events.rows.filter((r) => r.status === "PROCESSED" && r.attempts === 1).length;
    const ignored = events.rows.filter((r) => r.status === "IGNORED" && r.attempts === 0).length;
    const items = await client.query<{ id: string }>(
      `SELECT id FROM "ActivityItem" WHERE id = ANY($1)`,
      [[...activity]],
    );
    const connections = await client.query<Record<string, unknown>>(
      `SELECT * FROM "StripeConnection" WHERE "stripeAccountId" = ANY($1)`,
      [expected.map((e) => e.account.id)],
    );
    // Each account that differs, with what differs.
    const wrong = expected.flatMap(({ account }) => {
      const row = connections.rows.find((r) => r.stripeAccountId === account.id);
      if (!row) return [`${account.id} (no connection)`];
      if (revoked.includes(account.id)) {
        return row.status === "REVOKED" ? [] : [`${account.id} (not revoked)`];
      }
      const fields = Object.entries(accountSnapshot(account))
        .filter(([field, value]) => !holds(row[field], value))
        .map(([field]) => field);
      if (row.status !== "CONNECTED") fields.unshift("status");
      return fields.length > 0 ? [`${account.id} (${fields.join(", ")})`] : [];
    });
    return [
      {
        name: "every event stored once, applied once (or, without a handler, not at all)",
        ok: events.rows.length === types.size && events.rows.every(right),
        detail: `${events.rows.length} of ${types.size} events stored: ${once} of ${handled} PROCESSED after one attempt, ${ignored} of ${types.size - handled} without a handler IGNORED`,
      },
      {
        name: "activity feed complete",
        ok: items.rows.length === activity.size,
        detail: `${items.rows.length} of ${activity.size} payments and payouts`,
      },
      {
        name: "connections match Stripe",
        ok: wrong.length === 0,
        detail:
          wrong.length === 0
            ? `${expected.length - revoked.length} snapshots equal the emulator's accounts, ${revoked.length} revoked`
            : `differ: ${wrong.join(", ")}`,
      },
    ];
  });
}
