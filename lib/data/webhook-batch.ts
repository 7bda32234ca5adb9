import "server-only";
import pg from "pg";
import type { NewActivityItem } from "@/lib/data/activity";
import type { NewWebhookEvent } from "@/lib/data/webhook-events";
import { pool } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AccountSnapshot } from "@/lib/stripe/account-snapshot";

/**
 * The one statement that stores webhook events and applies what they imply (data-modifying CTEs):
 * store, claim earlier failures, touch `lastEventAt`, the newest snapshot per account (never
 * over a newer one, never on an ended connection; a tie is reported), activity items. Every path
 * goes through it (lib/stripe/webhooks/apply.ts, and updateSnapshot for a fetched snapshot), so
 * each of these rules is written here once.
 *
 * Sent with `pg` on the pool under the Prisma client (lib/db.ts) when it is all there is to do:
 * one statement is one round trip and its own transaction (all of it or nothing). Under load the
 * endpoint's event loop is busy answering other deliveries, and every round trip of a batch waits
 * for it; Prisma's query engine would also cost more CPU per statement than the statement costs
 * PostgreSQL. Inside a Prisma transaction (`tx`) when other changes must commit with it.
 *
 * Timestamps go as ISO strings cast to timestamp(3) (Prisma's UTC, without time zone); every
 * value is a parameter.
 */
export interface WebhookBatch {
  /** The events to store; those stored before are left alone. */
  events: NewWebhookEvent[];
  /**
   * Ids of the events to apply: applied when stored now, or when stored before and still PENDING
   * or FAILED (claimed: marked processed). `events` stores them as PROCESSED already.
   */
  apply: string[];
  /** The snapshots to store (of an account: only the newest). */
  snapshots: SnapshotWrite[];
  /** The payments and payouts among them, for activity feeds (a known id is kept). */
  activity: NewActivityItem[];
  /** When the batch arrived: its accounts' connections' lastEventAt (to the second). */
  receivedAt: Date;
}

/**
 * Stripe's account as at `asOf`: from an event (stored only if that event is applied now), or
 * fetched (`eventId` null), for one connection (`connectionId`, else the account's).
 */
export interface SnapshotWrite {
  eventId: string | null;
  account: string | null;
  connectionId: string | null;
  asOf: Date;
  snapshot: AccountSnapshot;
}

export interface WebhookBatchResult {
  /** Ids of the events stored now (not stored before). */
  stored: Set<string>;
  /** Ids of the events stored before, claimed now to be applied. */
  claimed: Set<string>;
  /**
   * Connections whose new snapshot is from the same second as another update (of this batch, or
   * the one held): they cannot be ordered by `created`, so their snapshot is to be fetched again.
   */
  tied: string[];
  /** Connections whose snapshot was stored. */
  snapshots: string[];
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

function columns<T extends object>(items: T[]) {
  return <K extends keyof T>(key: K) => items.map((item) => item[key]);
}

// $1-$9 the events; $10 the ids to apply; $11 receivedAt, $12 a second before it;
// $13-$24 the snapshots; $25-$32 the activity items.
const STATEMENT = `
WITH stored AS (
  -- The payloads go as one JSON array, joined from the bodies as received (each verified JSON):
  -- a text[] parameter would escape every byte of every payload in JavaScript.
  INSERT INTO "WebhookEvent"
    (id, type, account, livemode, created, payload, status, "processedAt", attempts)
  SELECT e.id, e.type, e.account, e.livemode, e.created, p.payload, e.status, e."processedAt",
    e.attempts
  FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::timestamp(3)[],
    $7::"WebhookEventStatus"[], $8::timestamp(3)[], $9::int[])
    WITH ORDINALITY AS e(id, type, account, livemode, created, status, "processedAt", attempts, n)
  JOIN jsonb_array_elements($6::jsonb) WITH ORDINALITY AS p(payload, n) USING (n)
  ON CONFLICT (id) DO NOTHING
  RETURNING id, account
), claimed AS (
  -- Rows inserted above are not visible here: this claims only events stored before.
  UPDATE "WebhookEvent"
  SET status = 'PROCESSED', "processedAt" = $11::timestamp(3), attempts = attempts + 1,
    "lastError" = NULL
  WHERE id = ANY($10::text[]) AND status IN ('PENDING', 'FAILED')
  RETURNING id
), fresh AS (
  SELECT id FROM stored WHERE id = ANY($10::text[]) UNION ALL SELECT id FROM claimed
), updates AS (
  SELECT s.*, count(*) OVER (PARTITION BY s.account, s."asOf") AS same
  FROM (
    SELECT u.*, COALESCE(u."forAccount",
      (SELECT "stripeAccountId" FROM "StripeConnection" WHERE id = u."connectionId")) AS account
    FROM unnest($13::text[], $14::text[], $15::text[], $16::timestamp(3)[], $17::text[],
      $18::text[], $19::text[], $20::text[], $21::boolean[], $22::boolean[], $23::boolean[],
      $24::int[])
      AS u("eventId", "forAccount", "connectionId", "asOf", "businessName", email, country,
        "defaultCurrency", "chargesEnabled", "payoutsEnabled", "detailsSubmitted",
        "requirementsDue")
    -- An event's snapshot only with the event; a fetched one (no event) always.
    WHERE u."eventId" IS NULL OR u."eventId" IN (SELECT id FROM fresh)
  ) s
), newest AS (
  SELECT DISTINCT ON (account) * FROM updates ORDER BY account, "asOf" DESC, "eventId" DESC
), target AS (
  -- Each connection of the batch's accounts, locked, with what to change on it: a statement may
  -- not update a row twice, so touching lastEventAt and the snapshot are one update.
  SELECT c.id, c."accountUpdatedAt" AS held, n.*,
    (t.account IS NOT NULL
      AND (c."lastEventAt" IS NULL OR c."lastEventAt" < $12::timestamp(3))) AS touch,
    -- Never onto a revoked connection, never over a newer snapshot.
    (n.account IS NOT NULL AND c.status = 'CONNECTED'
      AND (n."connectionId" IS NULL OR n."connectionId" = c.id)
      AND (c."accountUpdatedAt" IS NULL OR c."accountUpdatedAt" <= n."asOf")) AS snap
  FROM "StripeConnection" c
  LEFT JOIN (SELECT DISTINCT account FROM stored) t ON t.account = c."stripeAccountId"
  LEFT JOIN newest n ON n.account = c."stripeAccountId"
  -- Found through the stripeAccountId index: the joins above only say what to change.
  WHERE c."stripeAccountId" IN (SELECT account FROM stored UNION SELECT account FROM newest)
  -- Locked in one order by every batch: two app servers' batches wait, never deadlock.
  ORDER BY c.id
  FOR UPDATE OF c
), connections AS (
  UPDATE "StripeConnection" c
  SET "lastEventAt" = CASE WHEN x.touch THEN $11::timestamp(3) ELSE c."lastEventAt" END,
    "businessName" = CASE WHEN x.snap THEN x."businessName" ELSE c."businessName" END,
    email = CASE WHEN x.snap THEN x.email ELSE c.email END,
    country = CASE WHEN x.snap THEN x.country ELSE c.country END,
    "defaultCurrency" = CASE WHEN x.snap THEN x."defaultCurrency" ELSE c."defaultCurrency" END,
    "chargesEnabled" = CASE WHEN x.snap THEN x."chargesEnabled" ELSE c."chargesEnabled" END,
    "payoutsEnabled" = CASE WHEN x.snap THEN x."payoutsEnabled" ELSE c."payoutsEnabled" END,
    "detailsSubmitted" = CASE WHEN x.snap THEN x."detailsSubmitted" ELSE c."detailsSubmitted" END,
    "requirementsDue" = CASE WHEN x.snap THEN x."requirementsDue" ELSE c."requirementsDue" END,
    "syncedAt" = CASE WHEN x.snap THEN $11::timestamp(3) ELSE c."syncedAt" END,
    "accountUpdatedAt" = CASE WHEN x.snap THEN x."asOf" ELSE c."accountUpdatedAt" END,
    "updatedAt" = $11::timestamp(3)
  FROM target x
  WHERE c.id = x.id AND (x.touch OR x.snap)
  -- Tied: this snapshot and another update are from the same second, so not ordered by time.
  RETURNING c.id, x.snap, x.snap AND (x.same > 1 OR x.held = x."asOf") AS tied
), activity AS (
  INSERT INTO "ActivityItem"
    (id, kind, "stripeAccountId", amount, currency, description, "occurredAt", "eventId")
  SELECT a.* FROM unnest($25::text[], $26::"ActivityKind"[], $27::text[], $28::int[],
    $29::text[], $30::text[], $31::timestamp(3)[], $32::text[])
    AS a(id, kind, "stripeAccountId", amount, currency, description, "occurredAt", "eventId")
  WHERE a."eventId" IN (SELECT id FROM fresh)
  ON CONFLICT (id) DO NOTHING
)
SELECT 'stored' AS kind, id FROM stored
UNION ALL SELECT 'claimed', id FROM claimed
UNION ALL SELECT 'tied', id FROM connections WHERE tied
UNION ALL SELECT 'snapshot', id FROM connections WHERE snap`;

type Row = { kind: "stored" | "claimed" | "tied" | "snapshot"; id: string };

/**
 * Stores and applies one batch of events, in one statement (all of it, or nothing): on the pool,
 * or inside `tx` to commit with the caller's other changes.
 */
/** Whether the database keeps a prepared statement per connection (see queryOnPool). */
let namedStatements = true;

/**
 * The statement on the pool, named, so that each connection parses and plans it once and then
 * only binds and runs it: parsing and planning it anew cost PostgreSQL far more than running it
 * (a lone delivery's extra ~5 ms); after five runs PostgreSQL keeps a generic plan. Behind a
 * pooler in transaction mode that takes PgBouncer >= 1.21 with max_prepared_statements set.
 * The embedded PGlite serves every connection from one session, where a second connection's
 * name clashes with the first's (42P05): there it is sent unnamed, from then on.
 */
async function queryOnPool(params: unknown[]): Promise<Row[]> {
  if (namedStatements) {
    try {
      return (await pool().query<Row>({ name: "webhook-batch", text: STATEMENT, values: params }))
        .rows;
    } catch (error) {
      if (!(error instanceof pg.DatabaseError && error.code === "42P05")) throw error;
      namedStatements = false;
    }
  }
  return (await pool().query<Row>(STATEMENT, params)).rows;
}

export async function writeWebhookBatch(
  batch: WebhookBatch,
  tx?: Prisma.TransactionClient,
): Promise<WebhookBatchResult> {
  const event = columns(batch.events);
  const update = columns(batch.snapshots.map((s) => ({ ...s, ...s.snapshot })));
  const item = columns(batch.activity);
  const params = [
    event("id"),
    event("type"),
    event("account"),
    event("livemode"),
    batch.events.map((e) => iso(e.created)),
    `[${event("payload").join(",")}]`,
    event("status"),
    batch.events.map((e) => iso(e.processedAt)),
    event("attempts"),
    batch.apply,
    iso(batch.receivedAt),
    iso(new Date(batch.receivedAt.getTime() - 1000)),
    update("eventId"),
    update("account"),
    update("connectionId"),
    batch.snapshots.map((s) => iso(s.asOf)),
    update("businessName"),
    update("email"),
    update("country"),
    update("defaultCurrency"),
    update("chargesEnabled"),
    update("payoutsEnabled"),
    update("detailsSubmitted"),
    update("requirementsDue"),
    item("id"),
    item("kind"),
    item("stripeAccountId"),
    item("amount"),
    item("currency"),
    item("description"),
    batch.activity.map((a) => iso(a.occurredAt)),
    item("eventId"),
  ];
  const rows = tx
    ? await tx.$queryRawUnsafe<Row[]>(STATEMENT, ...params)
    : await queryOnPool(params);
  const result: WebhookBatchResult = {
    stored: new Set(),
    claimed: new Set(),
    tied: [],
    snapshots: [],
  };
  for (const { kind, id } of rows) {
    if (kind === "tied") result.tied.push(id);
    else if (kind === "snapshot") result.snapshots.push(id);
    else result[kind].add(id);
  }
  return result;
}
