import "server-only";
import type { PoolClient } from "pg";
import type { NewActivityItem } from "@/lib/data/activity";
import type { NewWebhookEvent } from "@/lib/data/webhook-events";
import { pool } from "@/lib/db";
import type { AccountSnapshot } from "@/lib/stripe/account-snapshot";

/**
 * The webhook endpoint's hot path: a batch of deliveries stored and applied in one transaction of
 * a few set-based statements, sent with `pg` on the pool under the Prisma client (lib/db.ts).
 * Prisma's query engine costs more CPU per statement than the statement costs PostgreSQL, and the
 * endpoint runs a few per batch under load. Same tables, same rules as webhook-events.ts,
 * activity.ts and connections.ts; every value is a query parameter.
 *
 * Timestamps go as ISO strings cast to timestamp(3) (Prisma's UTC, without time zone).
 */
export interface WebhookBatchTx {
  /** storeWebhookEvents: inserts the events not stored before; returns the ids it stored. */
  storeEvents(events: NewWebhookEvent[]): Promise<Set<string>>;
  /** claimWebhookEvents: marks those still PENDING or FAILED processed; returns their ids. */
  claimEvents(ids: string[]): Promise<string[]>;
  /**
   * updateAccountSnapshot for an account.updated at `asOf`: stored on the account's CONNECTED
   * connection unless the snapshot held there is newer. Returns its id and whether the one held
   * was exactly as old (a tie: fetch it again), or null when nothing was stored.
   */
  updateSnapshot(
    account: string,
    snapshot: AccountSnapshot,
    asOf: Date,
  ): Promise<{ id: string; tied: boolean } | null>;
  /** recordActivity: adds payments and payouts to activity feeds (a known id is kept). */
  recordActivity(items: NewActivityItem[]): Promise<void>;
  /** touchLastEventAt: to the second, on all the accounts' connections. */
  touchLastEventAt(accounts: string[], at: Date): Promise<void>;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

function batchTx(client: PoolClient): WebhookBatchTx {
  return {
    async storeEvents(events) {
      if (events.length === 0) return new Set();
      const column = <K extends keyof NewWebhookEvent>(key: K) => events.map((e) => e[key]);
      // The payloads go as one JSON array, joined from the bodies as received (each verified
      // JSON): a text[] parameter would escape every byte of every payload in JavaScript.
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO "WebhookEvent"
           (id, type, account, livemode, created, payload, status, "processedAt", attempts)
         SELECT e.id, e.type, e.account, e.livemode, e.created, p.payload, e.status,
           e."processedAt", e.attempts
         FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::timestamp(3)[],
           $7::"WebhookEventStatus"[], $8::timestamp(3)[], $9::int[])
           WITH ORDINALITY AS e(id, type, account, livemode, created, status, "processedAt",
             attempts, n)
         JOIN jsonb_array_elements($6::jsonb) WITH ORDINALITY AS p(payload, n) USING (n)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [
          column("id"),
          column("type"),
          column("account"),
          column("livemode"),
          events.map((e) => iso(e.created)),
          `[${column("payload").join(",")}]`,
          column("status"),
          events.map((e) => iso(e.processedAt)),
          column("attempts"),
        ],
      );
      return new Set(rows.map((row) => row.id));
    },

    async claimEvents(ids) {
      if (ids.length === 0) return [];
      const { rows } = await client.query<{ id: string }>(
        `UPDATE "WebhookEvent"
         SET status = 'PROCESSED', "processedAt" = $2::timestamp(3), attempts = attempts + 1,
             "lastError" = NULL
         WHERE id = ANY($1::text[]) AND status IN ('PENDING', 'FAILED')
         RETURNING id`,
        [ids, iso(new Date())],
      );
      return rows.map((row) => row.id);
    },

    async updateSnapshot(account, snapshot, asOf) {
      const now = iso(new Date());
      // One statement for updateAccountSnapshot's "older" then "as-old": the held time is read
      // under the row lock the update takes.
      const { rows } = await client.query<{ id: string; tied: boolean }>(
        `UPDATE "StripeConnection" AS c
         SET "businessName" = $3, email = $4, country = $5, "defaultCurrency" = $6,
             "chargesEnabled" = $7, "payoutsEnabled" = $8, "detailsSubmitted" = $9,
             "requirementsDue" = $10, "syncedAt" = $11::timestamp(3),
             "accountUpdatedAt" = $2::timestamp(3), "updatedAt" = $11::timestamp(3)
         FROM (SELECT id, "accountUpdatedAt" AS held FROM "StripeConnection"
               WHERE "stripeAccountId" = $1 AND status = 'CONNECTED'
                 AND ("accountUpdatedAt" IS NULL OR "accountUpdatedAt" <= $2::timestamp(3))
               FOR UPDATE) AS old
         WHERE c.id = old.id
         RETURNING c.id, old.held IS NOT NULL AND old.held = $2::timestamp(3) AS tied`,
        [
          account,
          iso(asOf),
          snapshot.businessName,
          snapshot.email,
          snapshot.country,
          snapshot.defaultCurrency,
          snapshot.chargesEnabled,
          snapshot.payoutsEnabled,
          snapshot.detailsSubmitted,
          snapshot.requirementsDue,
          now,
        ],
      );
      return rows[0] ?? null;
    },

    async recordActivity(items) {
      if (items.length === 0) return;
      const column = <K extends keyof NewActivityItem>(key: K) => items.map((item) => item[key]);
      await client.query(
        `INSERT INTO "ActivityItem"
           (id, kind, "stripeAccountId", amount, currency, description, "occurredAt", "eventId")
         SELECT * FROM unnest($1::text[], $2::"ActivityKind"[], $3::text[], $4::int[],
           $5::text[], $6::text[], $7::timestamp(3)[], $8::text[])
         ON CONFLICT (id) DO NOTHING`,
        [
          column("id"),
          column("kind"),
          column("stripeAccountId"),
          column("amount"),
          column("currency"),
          column("description"),
          items.map((item) => iso(item.occurredAt)),
          column("eventId"),
        ],
      );
    },

    async touchLastEventAt(accounts, at) {
      if (accounts.length === 0) return;
      await client.query(
        `UPDATE "StripeConnection" SET "lastEventAt" = $2::timestamp(3), "updatedAt" = $2::timestamp(3)
         WHERE "stripeAccountId" = ANY($1::text[])
           AND ("lastEventAt" IS NULL OR "lastEventAt" < $3::timestamp(3))`,
        [accounts, iso(at), iso(new Date(at.getTime() - 1000))],
      );
    },
  };
}

/**
 * Runs `work` in one transaction on a pooled connection: committed when it resolves, rolled back
 * (and the error rethrown) when it throws.
 */
export async function inWebhookBatch<T>(work: (tx: WebhookBatchTx) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    try {
      const result = await work(batchTx(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error("ROLLBACK failed");
      });
      throw error;
    }
  } finally {
    // A connection that could not roll back is closed rather than given to the next caller.
    client.release(broken ?? false);
  }
}
