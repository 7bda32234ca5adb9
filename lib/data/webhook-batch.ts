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
 * each of these rules is written here once: each is one part of the statement (buildStatement),
 * and a batch's statement has only the parts its contents need (a lone payment has no snapshot to
 * order; an ignored event nothing to claim), as each part costs PostgreSQL even with no rows.
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
   * FAILED or DEAD_LETTERED (claimed: marked processed). `events` stores them as PROCESSED already.
   */
  apply: string[];
  /** The snapshots to store (of an account: only the newest). */
  snapshots: SnapshotWrite[];
  /** The payments and payouts among them, for activity feeds (a known id is kept). */
  activity: NewActivityItem[];
  /** When the batch arrived: its accounts' connections' lastEventAt (to the minute). */
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

/**
 * What a batch holds, which decides the statement's parts: a batch that applies nothing leaves
 * out claiming, one without snapshots the snapshot parts, one without payments or payouts the
 * activity items. Each part is written once, below; each shape is its own statement.
 */
interface Shape {
  /** Events to apply (claimed if stored before), or snapshots. */
  apply: boolean;
  snapshots: boolean;
  activity: boolean;
}

/** The parameters by name, each read only by the shapes whose parts use it. */
function paramValues(batch: WebhookBatch) {
  const event = columns(batch.events);
  const update = columns(batch.snapshots);
  const item = columns(batch.activity);
  return {
    eventId: () => event("id"),
    eventType: () => event("type"),
    eventAccount: () => event("account"),
    eventLivemode: () => event("livemode"),
    eventCreated: () => batch.events.map((e) => iso(e.created)),
    // The payloads go as one JSON array, joined from the bodies as received (each verified JSON):
    // a text[] parameter would escape every byte of every payload in JavaScript.
    eventPayloads: () => `[${event("payload").join(",")}]`,
    eventStatus: () => event("status"),
    eventProcessedAt: () => batch.events.map((e) => iso(e.processedAt)),
    eventAttempts: () => event("attempts"),
    apply: () => batch.apply,
    receivedAt: () => iso(batch.receivedAt),
    // lastEventAt is kept to the minute (see touch below): touched when from before this minute.
    touchBefore: () =>
      iso(new Date(batch.receivedAt.getTime() - (batch.receivedAt.getTime() % 60_000))),
    snapshotEvent: () => update("eventId"),
    snapshotAccount: () => update("account"),
    snapshotConnection: () => update("connectionId"),
    snapshotAsOf: () => batch.snapshots.map((s) => iso(s.asOf)),
    itemId: () => item("id"),
    itemKind: () => item("kind"),
    itemAccount: () => item("stripeAccountId"),
    itemAmount: () => item("amount"),
    itemCurrency: () => item("currency"),
    itemDescription: () => item("description"),
    itemOccurredAt: () => batch.activity.map((a) => iso(a.occurredAt)),
    itemEvent: () => item("eventId"),
  };
}

/** A snapshot field's values: timestamps as ISO strings, the account state as JSON text. */
function snapshotValues(batch: WebhookBatch, field: SnapshotField): unknown[] {
  return batch.snapshots.map(({ snapshot }) => {
    const value = snapshot[field];
    if (value instanceof Date) return value.toISOString();
    return typeof value === "object" && value !== null ? JSON.stringify(value) : value;
  });
}

type SnapshotField = keyof AccountSnapshot;
type Param = keyof ReturnType<typeof paramValues> | `snapshot.${SnapshotField}`;

function valueOf(batch: WebhookBatch, values: ReturnType<typeof paramValues>, param: Param) {
  return param.startsWith("snapshot.")
    ? snapshotValues(batch, param.slice("snapshot.".length) as SnapshotField)
    : values[param as keyof typeof values]();
}

/** One shape's statement: its SQL, and the parameters it reads in the order of $1, $2, … */
interface Statement {
  name: string;
  text: string;
  params: Param[];
}

/** The snapshot fields a stored snapshot sets on its connection, with their SQL types. */
const SNAPSHOT_COLUMNS: Record<SnapshotField, string> = {
  businessName: "text",
  email: "text",
  country: "text",
  defaultCurrency: "text",
  chargesEnabled: "boolean",
  payoutsEnabled: "boolean",
  detailsSubmitted: "boolean",
  requirementsDue: "int",
  readiness: `"Readiness"`,
  nextDeadline: "timestamp(3)",
  disabledReason: "text",
  futureRequirementsDue: "int",
  cardPaymentsStatus: "text",
  transfersStatus: "text",
  accountState: "jsonb",
};
const SNAPSHOT_FIELDS = Object.keys(SNAPSHOT_COLUMNS) as SnapshotField[];

/** Builds one shape's statement; `$(name)` is a part's placeholder for a parameter. */
function buildStatement(shape: Shape): Statement {
  const params: Param[] = [];
  const $ = (name: Param) => {
    const at = params.indexOf(name);
    return `$${String(at < 0 ? params.push(name) : at + 1)}`;
  };
  const ctes: [string, string][] = [];
  const selects: string[] = [];
  const receivedAt = `${$("receivedAt")}::timestamp(3)`;

  ctes.push([
    "stored",
    `INSERT INTO "WebhookEvent"
    (id, type, account, livemode, created, payload, status, "processedAt", attempts)
  SELECT e.id, e.type, e.account, e.livemode, e.created, p.payload, e.status, e."processedAt",
    e.attempts
  FROM unnest(${$("eventId")}::text[], ${$("eventType")}::text[], ${$("eventAccount")}::text[],
    ${$("eventLivemode")}::boolean[], ${$("eventCreated")}::timestamp(3)[],
    ${$("eventStatus")}::"WebhookEventStatus"[], ${$("eventProcessedAt")}::timestamp(3)[],
    ${$("eventAttempts")}::int[])
    WITH ORDINALITY AS e(id, type, account, livemode, created, status, "processedAt", attempts, n)
  JOIN jsonb_array_elements(${$("eventPayloads")}::jsonb) WITH ORDINALITY AS p(payload, n)
    USING (n)
  ON CONFLICT (id) DO NOTHING
  RETURNING id, account`,
  ]);
  selects.push(`SELECT 'stored' AS kind, id FROM stored`);

  if (shape.apply) {
    ctes.push([
      "claimed",
      `-- Rows inserted above are not visible here: this claims only events stored before.
  UPDATE "WebhookEvent"
  SET status = 'PROCESSED', "processedAt" = ${receivedAt}, attempts = attempts + 1,
    "lastError" = NULL
  WHERE id = ANY(${$("apply")}::text[]) AND status IN ('PENDING', 'FAILED', 'DEAD_LETTERED')
  RETURNING id`,
    ]);
    ctes.push([
      "fresh",
      `SELECT id FROM stored WHERE id = ANY(${$("apply")}::text[]) UNION ALL SELECT id FROM claimed`,
    ]);
    selects.push(`SELECT 'claimed', id FROM claimed`);
  }

  if (shape.snapshots) {
    ctes.push([
      "updates",
      `SELECT s.*, count(*) OVER (PARTITION BY s.account, s."asOf") AS same
  FROM (
    SELECT u.*, COALESCE(u."forAccount",
      (SELECT "stripeAccountId" FROM "StripeConnection" WHERE id = u."connectionId")) AS account
    FROM unnest(${$("snapshotEvent")}::text[], ${$("snapshotAccount")}::text[],
      ${$("snapshotConnection")}::text[], ${$("snapshotAsOf")}::timestamp(3)[],
      ${SNAPSHOT_FIELDS.map((field) => `${$(`snapshot.${field}`)}::${SNAPSHOT_COLUMNS[field]}[]`).join(",\n      ")})
      AS u("eventId", "forAccount", "connectionId", "asOf",
        ${SNAPSHOT_FIELDS.map((field) => `"${field}"`).join(", ")})
    -- An event's snapshot only with the event; a fetched one (no event) always.
    WHERE u."eventId" IS NULL OR u."eventId" IN (SELECT id FROM fresh)
  ) s`,
    ]);
    ctes.push([
      "newest",
      `SELECT DISTINCT ON (account) * FROM updates ORDER BY account, "asOf" DESC, "eventId" DESC`,
    ]);
  }

  // Each event touches its account's connections' lastEventAt, to the minute: set to when the
  // batch arrived unless it already holds a time of the same minute (UTC), so that it always
  // reads the minute of the latest event (the admin list shows it to the minute and sorts by it).
  // Not to the second: lastEventAt is in the list's sort indexes, so each touch is an update
  // that writes every index of the row (not HOT), and a seller with an event every few seconds
  // made one on most of their deliveries; now one a minute.
  const touch = `(t.account IS NOT NULL
      AND (c."lastEventAt" IS NULL OR c."lastEventAt" < ${$("touchBefore")}::timestamp(3)))`;
  // Never onto a revoked connection, never over a newer snapshot.
  const snap = `(n.account IS NOT NULL AND c.status = 'CONNECTED'
      AND (n."connectionId" IS NULL OR n."connectionId" = c.id)
      AND (c."accountUpdatedAt" IS NULL OR c."accountUpdatedAt" <= n."asOf"))`;
  const ifSnap = (text: string) => (shape.snapshots ? text : "");
  ctes.push([
    "target",
    `-- The connections of the batch's accounts that have something to change (only those), locked,
  -- with what to change on each: a statement may not update a row twice, so touching lastEventAt
  -- and the snapshot are one update.
  SELECT c.id, ${touch} AS touch${ifSnap(`, c."accountUpdatedAt" AS held, n.*,
    ${snap} AS snap`)}
  FROM "StripeConnection" c
  LEFT JOIN (SELECT DISTINCT account FROM stored) t ON t.account = c."stripeAccountId"${ifSnap(`
  LEFT JOIN newest n ON n.account = c."stripeAccountId"`)}
  -- Found through the stripeAccountId index: the joins above only say what to change.
  WHERE c."stripeAccountId" IN (SELECT account FROM stored${ifSnap(" UNION SELECT account FROM newest")})
    AND (${touch}${ifSnap(` OR ${snap}`)})
  -- Locked in one order by every batch: two app servers' batches wait, never deadlock.
  ORDER BY c.id
  FOR UPDATE OF c`,
  ]);
  const setIfSnap = (column: string, value: string) =>
    `"${column}" = CASE WHEN x.snap THEN ${value} ELSE c."${column}" END,`;
  ctes.push([
    "connections",
    `UPDATE "StripeConnection" c
  SET "lastEventAt" = CASE WHEN x.touch THEN ${receivedAt} ELSE c."lastEventAt" END,${ifSnap(
    [
      ...SNAPSHOT_FIELDS.map((field) => setIfSnap(field, `x."${field}"`)),
      setIfSnap("syncedAt", receivedAt),
      setIfSnap("accountUpdatedAt", `x."asOf"`),
    ]
      .map((set) => `\n    ${set}`)
      .join(""),
  )}
    "updatedAt" = ${receivedAt}
  FROM target x
  WHERE c.id = x.id${ifSnap(`
  -- Tied: this snapshot and another update are from the same second, so not ordered by time.
  RETURNING c.id, x.snap, x.snap AND (x.same > 1 OR x.held = x."asOf") AS tied`)}`,
  ]);
  if (shape.snapshots) {
    selects.push(`SELECT 'tied', id FROM connections WHERE tied`);
    selects.push(`SELECT 'snapshot', id FROM connections WHERE snap`);
  }

  if (shape.activity) {
    ctes.push([
      "activity",
      `INSERT INTO "ActivityItem"
    (id, kind, "stripeAccountId", amount, currency, description, "occurredAt", "eventId")
  SELECT a.* FROM unnest(${$("itemId")}::text[], ${$("itemKind")}::"ActivityKind"[],
    ${$("itemAccount")}::text[], ${$("itemAmount")}::int[], ${$("itemCurrency")}::text[],
    ${$("itemDescription")}::text[], ${$("itemOccurredAt")}::timestamp(3)[],
    ${$("itemEvent")}::text[])
    AS a(id, kind, "stripeAccountId", amount, currency, description, "occurredAt", "eventId")
  WHERE a."eventId" IN (SELECT id FROM fresh)
  ON CONFLICT (id) DO NOTHING`,
    ]);
  }

  const parts = (Object.keys(shape) as (keyof Shape)[]).filter((part) => shape[part]);
  return {
    name: ["webhook-batch", ...parts].join(":"),
    text: `WITH ${ctes.map(([name, body]) => `${name} AS (\n  ${body}\n)`).join(", ")}\n${selects.join("\nUNION ALL ")}`,
    params,
  };
}

const statements = new Map<string, Statement>();

/** The statement of `batch`'s shape, built once per shape. */
function statementFor(batch: WebhookBatch): Statement {
  const shape: Shape = {
    apply: batch.apply.length + batch.snapshots.length + batch.activity.length > 0,
    snapshots: batch.snapshots.length > 0,
    activity: batch.activity.length > 0,
  };
  const key = `${String(shape.apply)}:${String(shape.snapshots)}:${String(shape.activity)}`;
  let statement = statements.get(key);
  if (!statement) {
    statement = buildStatement(shape);
    statements.set(key, statement);
  }
  return statement;
}

type Row = { kind: "stored" | "claimed" | "tied" | "snapshot"; id: string };

/** Whether the database keeps a prepared statement per connection (see queryOnPool). */
let namedStatements = true;

/**
 * The statement on the pool, named (one name per shape), so that each connection parses and
 * plans it once and then only binds and runs it: parsing and planning it anew cost PostgreSQL far
 * more than running it (a lone delivery's extra ~5 ms); after five runs PostgreSQL keeps a generic
 * plan. Behind a pooler in transaction mode that takes PgBouncer >= 1.21 with
 * max_prepared_statements set. The embedded PGlite serves every connection from one session, where
 * a second connection's name clashes with the first's (42P05): there it is sent unnamed, from then
 * on.
 */
async function queryOnPool({ name, text }: Statement, values: unknown[]): Promise<Row[]> {
  if (namedStatements) {
    try {
      return (await pool().query<Row>({ name, text, values })).rows;
    } catch (error) {
      if (!(error instanceof pg.DatabaseError && error.code === "42P05")) throw error;
      namedStatements = false;
    }
  }
  return (await pool().query<Row>(text, values)).rows;
}

/**
 * Stores and applies one batch of events, in one statement (all of it, or nothing): on the pool,
 * or inside `tx` to commit with the caller's other changes.
 */
export async function writeWebhookBatch(
  batch: WebhookBatch,
  tx?: Prisma.TransactionClient,
): Promise<WebhookBatchResult> {
  const statement = statementFor(batch);
  const values = paramValues(batch);
  const params = statement.params.map((name) => valueOf(batch, values, name));
  const rows = tx
    ? await tx.$queryRawUnsafe<Row[]>(statement.text, ...params)
    : await queryOnPool(statement, params);
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
