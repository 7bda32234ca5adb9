/**
 * A realistic population of sellers for demos and `npm run bench:admin`, written by set-based SQL
 * (INSERT … SELECT generate_series) in batches: 100,000 sellers take seconds, not minutes.
 *
 * Seller n always gets the same rows (ids, names, account ids and dates derive from n), so a run
 * is idempotent: it adds the sellers that are missing up to N and leaves the others as they are.
 * Every seeded id starts with "seed" (webhook events: "evt_seed"), which is how `--reset` finds
 * them. Seeded sellers have no password: they cannot sign in.
 *
 * The mix: about 78 % connected, 14 % disconnected by the seller, 8 % revoked from Stripe (as
 * endConnectionWithoutAccess records a deauthorization: its reason, no actor, a REVOKE entry); 85 %
 * live mode; every readiness state (see ACCOUNT_STATE: 72 % ready, 10.5 % action needed, 5.5 %
 * restricted, 4 % in review, 8 % upcoming requirements), with the account state Stripe would
 * give, so 12.5 % have requirements due and 12 % charges disabled; connected over the last three
 * years, with one cohort of "imported" connections sharing 50 timestamps (equal sort keys);
 * 8 % with no webhook event yet; one seller in 16 with an older, disconnected connection; one
 * CONNECT audit entry per connection (and a DISCONNECT or REVOKE for those that ended); one
 * webhook event per ten sellers, a few hundred of them FAILED.
 */
import { createHash } from "node:crypto";
import { REVOCATION_REASONS } from "@/lib/data/connections";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

const BATCH = 5_000;

const FIRST = `'{Olivia,Liam,Emma,Noah,Amelia,Oliver,Sophia,Elijah,Charlotte,James,Ava,William,Mia,Benjamin,Isabella,Lucas,Harper,Henry,Evelyn,Theodore,Luna,Mateo,Camila,Leo,Gianna,Aarav,Chloe,Kenji,Priya,Youssef,Ingrid,Tomasz,Aoife,Diego,Fatima,Nikolai,Zanele,Sven,Mei,Rafael}'::text[]`;
const LAST = `'{Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Hernandez,Lopez,Gonzalez,Wilson,Anderson,Thomas,Taylor,Moore,Jackson,Martin,Lee,Perez,Thompson,White,Harris,Sanchez,Clark,Ramirez,Lewis,Robinson,Nakamura,Okafor,Kowalski,Novak,Dubois,Rossi,Schmidt,Andersen,Murphy,Singh}'::text[]`;
const ADJECTIVE = `'{Golden,Blue,Little,Urban,Wild,Silver,Happy,Green,Old,Bright,Northern,Copper,Quiet,Lucky,Royal,Rustic,Sunny,Velvet,Crimson,Maple}'::text[]`;
const NOUN = `'{Oak,River,Fox,Harbor,Pine,Stone,Lantern,Meadow,Anchor,Willow,Sparrow,Summit,Orchard,Tide,Ember,Clover,Falcon,Birch,Pebble,Cedar}'::text[]`;
const KIND_OF_SHOP = `'{Bakery,Ceramics,Books,Coffee,Studio,Outfitters,Candles,Apparel,Games,Florist,Jewelry,Prints,Tea Co,Woodworks,Pet Supplies,Bikes,Records,Soap Co,Knitwear,Electronics}'::text[]`;
const DOMAIN = `'{example.com,example.net,example.org,mail.example,shop.example}'::text[]`;
const COUNTRY = `'{US,US,US,GB,FR,DE,CA,AU,NL,IE}'::text[]`;
const CURRENCY = `'{usd,usd,usd,gbp,eur,eur,cad,aud,eur,eur}'::text[]`;

// The SQL fragments below are constants of this file (Prisma.raw); the values that vary (the
// batch's first and last seller numbers: see series()) and the revocation's reason are bound
// parameters.

/** `array[1 + hash(salt, n) % length]`: a deterministic pick for seller n. */
function pick(array: string, salt: string): Prisma.Sql {
  return Prisma.raw(`(${array})[1 + abs(hashtext('${salt}' || n)) % cardinality(${array})]`);
}
/** A deterministic number in [0, 100) for seller n. */
function percent(salt: string): Prisma.Sql {
  return Prisma.raw(`(abs(hashtext('${salt}' || n)) % 100)`);
}
/** A deterministic fraction in [0, 1) for seller n. */
function fraction(salt: string): Prisma.Sql {
  return Prisma.raw(`((abs(hashtext('${salt}' || n)) % 1000000) / 1000000.0)`);
}
function seedId(salt: string): Prisma.Sql {
  return Prisma.raw(`'seed' || substr(md5('${salt}' || n), 1, 21)`);
}
function accountId(salt: string): Prisma.Sql {
  return Prisma.raw(
    `'acct_' || substr(translate(encode(sha256(convert_to('${salt}' || n, 'UTF8')), 'base64'), '+/=', ''), 1, 16)`,
  );
}
/** Seller numbers `from`…`to`, as rows of n. */
function series(from: number, to: number): Prisma.Sql {
  return Prisma.sql`generate_series(${from}::int, ${to}::int) AS n`;
}

const CONNECTED_AT = Prisma.sql`CASE WHEN n % 20 = 0
    THEN timestamp '2025-03-01 09:00:00' + ((n / 20) % 50) * interval '1 minute'
    ELSE date_trunc('milliseconds', now() - ${fraction("c")} * interval '1095 days') END`;

function insertUsers(from: number, to: number): Prisma.Sql {
  return Prisma.sql`
INSERT INTO "User" ("id", "email", "name", "role", "createdAt", "updatedAt")
SELECT id, lower(first || '.' || last || n || '@' || domain), first || ' ' || last, 'SELLER', at, at
FROM (
  SELECT n, ${seedId("user")} AS id, ${pick(FIRST, "f")} AS first, ${pick(LAST, "l")} AS last,
         ${pick(DOMAIN, "d")} AS domain, ${CONNECTED_AT} - interval '2 days' AS at
  FROM ${series(from, to)}
) s
ON CONFLICT DO NOTHING`;
}

/**
 * What Stripe says of seller n's account, as the columns and the `accountState` JSON
 * (lib/stripe/account-state.ts) an account fetch would store (lib/stripe/account-snapshot.ts):
 * a `kind` per connection, out of 1,000,
 *
 * - 720 ready: payments and payouts on, nothing due;
 * - 105 action needed: 85 with 1–4 requirements currently due and a deadline from 10 days ago to
 *   60 days ahead (half of them still onboarding: nothing enabled yet, details not submitted;
 *   payouts paused once the deadline passed; one in four also has future requirements), 10 with
 *   a verification that failed (an `errors` entry), 10 with something eventually due;
 * - 55 restricted, payments and payouts off: 30 past due (the deadline passed 1–90 days ago), 15
 *   `rejected.fraud`, 10 with a `disabled_reason` Stripe might add one day;
 * - 40 in review: something pending verification (half with payments and payouts paused for it);
 * - 80 upcoming requirements: future requirements with their deadline, 3–120 days ahead.
 *
 * The `readiness` column is readinessOf's answer for that state (tests/seed-sellers.test.ts checks
 * every seeded row against lib/stripe/readiness.ts).
 */
const KIND = Prisma.raw(`CASE
    WHEN abs(hashtext('rd' || n)) % 1000 < 720 THEN 'ready'
    WHEN abs(hashtext('rd' || n)) % 1000 < 805 THEN 'due'
    WHEN abs(hashtext('rd' || n)) % 1000 < 815 THEN 'error'
    WHEN abs(hashtext('rd' || n)) % 1000 < 825 THEN 'eventually'
    WHEN abs(hashtext('rd' || n)) % 1000 < 855 THEN 'past_due'
    WHEN abs(hashtext('rd' || n)) % 1000 < 870 THEN 'rejected'
    WHEN abs(hashtext('rd' || n)) % 1000 < 880 THEN 'made_up'
    WHEN abs(hashtext('rd' || n)) % 1000 < 920 THEN 'review'
    ELSE 'upcoming' END`);
const READINESS_OF_KIND = Prisma.raw(`CASE
    WHEN kind = 'ready' THEN 'READY' WHEN kind IN ('due', 'error', 'eventually') THEN 'ACTION_NEEDED'
    WHEN kind IN ('past_due', 'rejected', 'made_up') THEN 'RESTRICTED'
    WHEN kind = 'review' THEN 'IN_REVIEW' ELSE 'UPCOMING' END::"Readiness"`);
const DUE = `'{individual.verification.document,external_account,business_profile.url,individual.id_number,tos_acceptance.date,company.tax_id,individual.dob.day,business_profile.product_description,company.verification.document,individual.verification.proof_of_liveness}'::text[]`;
const FUTURE = `'{individual.verification.additional_document,company.owners_provided,business_profile.annual_revenue,individual.political_exposure,company.tax_id}'::text[]`;
const DAY = 86_400;

/** Up to `count` distinct names of `array`, from a place that depends on n. */
function names(array: string, salt: string, count: string): Prisma.Sql {
  return Prisma.raw(`ARRAY(SELECT (${array})[1 + (abs(hashtext('${salt}' || n)) + i) % cardinality(${array})]
    FROM generate_series(0, (${count}) - 1) i ORDER BY i)`);
}

/** Unix seconds, `fromDays`…`toDays` days from now, for seller n. */
function deadline(salt: string, fromDays: number, toDays: number): Prisma.Sql {
  return Prisma.raw(
    `floor(extract(epoch FROM now()) + ${fromDays * DAY} + ${fraction(salt).sql} * ${(toDays - fromDays) * DAY})::bigint`,
  );
}

/** Stripe's requirements hash, in account-state.ts's shape, from SQL expressions. */
function requirementsJson(r: {
  due: string;
  eventually: string;
  pastDue: string;
  pending: string;
  errors: string;
  disabledReason: string;
  deadline: string;
}): string {
  return `jsonb_build_object('currently_due', to_jsonb(${r.due}), 'eventually_due', to_jsonb(${r.eventually}),
    'past_due', to_jsonb(${r.pastDue}), 'pending_verification', to_jsonb(${r.pending}),
    'errors', ${r.errors}, 'disabled_reason', ${r.disabledReason}, 'current_deadline', ${r.deadline})`;
}

const ACCOUNT_STATE = Prisma.raw(`jsonb_build_object(
  'requirements', ${requirementsJson({
    due: "due",
    eventually: "due || eventually",
    pastDue: "CASE WHEN kind = 'past_due' THEN due ELSE '{}' END",
    pending: "pending",
    errors: `CASE WHEN kind = 'error' THEN jsonb_build_array(jsonb_build_object(
      'code', 'verification_document_expired', 'reason', 'The document has expired.',
      'requirement', 'individual.verification.document')) ELSE '[]'::jsonb END`,
    disabledReason: "disabled_reason",
    deadline: "current_deadline",
  })},
  'future_requirements', ${requirementsJson({
    due: "future",
    eventually: "future",
    pastDue: "'{}'::text[]",
    pending: "'{}'::text[]",
    errors: "'[]'::jsonb",
    disabledReason: "NULL::text",
    deadline: "future_deadline",
  })},
  'capabilities', jsonb_build_object('card_payments', card_payments, 'transfers', transfers),
  'controller', jsonb_build_object('type', 'account', 'is_controller', false,
    'stripe_dashboard', 'full', 'requirement_collection', 'stripe', 'fees_payer', 'account',
    'losses_payments', 'stripe'),
  'payout_schedule', jsonb_build_object('interval', CASE WHEN n % 5 = 0 THEN 'weekly' ELSE 'daily' END,
    'delay_days', 2, 'weekly_anchor', CASE WHEN n % 5 = 0 THEN 'monday' END, 'monthly_anchor', NULL))`);

/** A fully set-up account's state (the earlier connections of sellers who reconnected). */
const READY_ACCOUNT_STATE = Prisma.raw(`jsonb_build_object(
  'requirements', ${requirementsJson({ due: "'{}'::text[]", eventually: "'{}'::text[]", pastDue: "'{}'::text[]", pending: "'{}'::text[]", errors: "'[]'::jsonb", disabledReason: "NULL::text", deadline: "NULL::bigint" })},
  'future_requirements', ${requirementsJson({ due: "'{}'::text[]", eventually: "'{}'::text[]", pastDue: "'{}'::text[]", pending: "'{}'::text[]", errors: "'[]'::jsonb", disabledReason: "NULL::text", deadline: "NULL::bigint" })},
  'capabilities', jsonb_build_object('card_payments', 'active', 'transfers', 'active'),
  'controller', jsonb_build_object('type', 'account', 'is_controller', false,
    'stripe_dashboard', 'full', 'requirement_collection', 'stripe', 'fees_payer', 'account',
    'losses_payments', 'stripe'),
  'payout_schedule', jsonb_build_object('interval', 'daily', 'delay_days', 2, 'weekly_anchor', NULL,
    'monthly_anchor', NULL))`);

function insertConnections(from: number, to: number): Prisma.Sql {
  return Prisma.sql`
INSERT INTO "StripeConnection" ("id", "userId", "sellerName", "sellerEmail", "stripeAccountId",
  "status", "scope", "livemode", "businessName", "email", "country", "defaultCurrency",
  "chargesEnabled", "payoutsEnabled", "detailsSubmitted", "requirementsDue", "readiness",
  "nextDeadline", "disabledReason", "futureRequirementsDue", "cardPaymentsStatus",
  "transfersStatus", "accountState", "connectedAt", "disconnectedAt", "disconnectReason",
  "disconnectedById", "lastEventAt", "syncedAt", "createdAt", "updatedAt")
SELECT s.conn_id, u."id", u."name", u."email", acct, status::"ConnectionStatus", 'read_write', live,
  business, u."email", country, currency, charges, payouts, NOT onboarding, cardinality(due),
  ${READINESS_OF_KIND},
  to_timestamp(coalesce(current_deadline, future_deadline)) AT TIME ZONE 'UTC',
  disabled_reason, cardinality(future), card_payments, transfers, ${ACCOUNT_STATE}, connected,
  ended, CASE status WHEN 'DISCONNECTED' THEN 'Disconnected by the seller'
    WHEN 'REVOKED' THEN ${REVOCATION_REASONS.deauthorized} END,
  CASE WHEN status = 'DISCONNECTED' THEN u."id" END,
  CASE WHEN no_event THEN NULL ELSE connected + (coalesce(ended, now()) - connected) * event_at END,
  connected, connected, coalesce(ended, connected)
FROM (
  SELECT n, ${seedId("conn")} AS conn_id, ${seedId("user")} AS user_id, ${accountId("acct")} AS acct,
    CASE WHEN ${percent("s")} < 78 THEN 'CONNECTED' WHEN ${percent("s")} < 92 THEN 'DISCONNECTED'
      ELSE 'REVOKED' END AS status,
    ${percent("m")} < 85 AS live,
    CASE WHEN ${percent("b")} < 4 THEN NULL
      ELSE ${pick(ADJECTIVE, "a")} || ' ' || ${pick(NOUN, "o")} || ' ' || ${pick(KIND_OF_SHOP, "k")} END AS business,
    ${pick(COUNTRY, "g")} AS country, ${pick(CURRENCY, "g")} AS currency,
    ${KIND} AS kind, ${CONNECTED_AT} AS connected, ${percent("e")} < 8 AS no_event,
    ${fraction("ea")} AS event_at, ${fraction("x")} AS ended_at
  FROM ${series(from, to)}
  -- OFFSET 0 here and below: each step's values are computed once per row, not inlined into every
  -- expression that uses them (which multiplies the work).
  OFFSET 0
) s
JOIN "User" u ON u."id" = s.user_id
CROSS JOIN LATERAL (SELECT CASE WHEN status <> 'CONNECTED'
  THEN date_trunc('milliseconds', connected + (now() - connected) * ended_at) END AS ended) e
CROSS JOIN LATERAL (SELECT
  CASE kind WHEN 'due' THEN ${names(DUE, "rq", `1 + ${percent("r").sql} % 4`)}
    WHEN 'past_due' THEN ${names(DUE, "rq", `1 + ${percent("r").sql} % 4`)}
    WHEN 'error' THEN '{individual.verification.document}' ELSE '{}' END::text[] AS due,
  CASE WHEN kind = 'eventually' THEN ${names(DUE, "ev", "1")} ELSE '{}' END::text[] AS eventually,
  CASE WHEN kind = 'review' THEN ${names(DUE, "pv", "1")} ELSE '{}' END::text[] AS pending,
  CASE kind WHEN 'past_due' THEN 'requirements.past_due' WHEN 'rejected' THEN 'rejected.fraud'
    -- Not (yet) one of Stripe's: shown as Stripe names it.
    WHEN 'made_up' THEN 'compliance.regional_hold'
    WHEN 'review' THEN CASE WHEN n % 2 = 0 THEN 'requirements.pending_verification' END
    END AS disabled_reason,
  CASE kind WHEN 'due' THEN ${deadline("dl", -10, 60)} WHEN 'error' THEN ${deadline("dl", -10, 60)}
    WHEN 'past_due' THEN ${deadline("dl", -90, -1)} END AS current_deadline,
  CASE WHEN kind = 'upcoming' OR (kind = 'due' AND n % 4 = 0)
    THEN ${names(FUTURE, "fu", `1 + ${percent("fn").sql} % 2`)} ELSE '{}' END::text[] AS future,
  CASE WHEN kind = 'upcoming' OR (kind = 'due' AND n % 4 = 0)
    THEN ${deadline("fd", 3, 120)} END AS future_deadline
  OFFSET 0
) r
CROSS JOIN LATERAL (SELECT
  -- Still onboarding (half of those with something due): nothing enabled, details not submitted.
  kind = 'due' AND n % 2 = 0 AS onboarding,
  NOT (kind IN ('past_due', 'rejected', 'made_up') OR (kind = 'due' AND n % 2 = 0)
    OR (kind = 'review' AND disabled_reason IS NOT NULL)) AS charges,
  NOT (kind IN ('past_due', 'rejected', 'made_up') OR (kind = 'due' AND n % 2 = 0)
    OR (kind = 'review' AND disabled_reason IS NOT NULL)
    OR (kind IN ('due', 'error') AND current_deadline < extract(epoch FROM now()))) AS payouts
  OFFSET 0
) f
CROSS JOIN LATERAL (SELECT CASE WHEN charges THEN 'active' ELSE 'inactive' END AS card_payments,
  CASE WHEN payouts THEN 'active' WHEN kind = 'review' THEN 'pending' ELSE 'inactive' END AS transfers
) c
ON CONFLICT DO NOTHING`;
}

/** One seller in 16 connected another Stripe account before, and disconnected it. */
function insertPreviousConnections(from: number, to: number): Prisma.Sql {
  return Prisma.sql`
INSERT INTO "StripeConnection" ("id", "userId", "sellerName", "sellerEmail", "stripeAccountId",
  "status", "scope", "livemode", "businessName", "email", "chargesEnabled", "payoutsEnabled",
  "detailsSubmitted", "cardPaymentsStatus", "transfersStatus", "accountState", "connectedAt",
  "disconnectedAt", "disconnectReason", "disconnectedById", "lastEventAt", "syncedAt", "createdAt",
  "updatedAt")
SELECT ${seedId("prev")}, c."userId", c."sellerName", c."sellerEmail", ${accountId("prev")},
  'DISCONNECTED', 'read_write', c."livemode", c."businessName", c."email", true, true, true,
  'active', 'active', ${READY_ACCOUNT_STATE},
  c."connectedAt" - interval '200 days', c."connectedAt" - interval '30 days',
  'Disconnected by the seller', c."userId", c."connectedAt" - interval '31 days',
  c."connectedAt" - interval '31 days', c."connectedAt" - interval '200 days', c."connectedAt"
FROM ${series(from, to)}
JOIN "StripeConnection" c ON c."id" = ${seedId("conn")}
WHERE n % 16 = 0
ON CONFLICT DO NOTHING`;
}

function insertAudit(from: number, to: number): Prisma.Sql {
  return Prisma.sql`
INSERT INTO "AuditEvent" ("id", "action", "outcome", "actorId", "subjectUserId", "connectionId",
  "stripeAccountId", "detail", "createdAt")
SELECT 'seed' || substr(md5(kind || c."id"), 1, 21), kind::"AuditAction", 'SUCCESS',
  CASE WHEN kind = 'REVOKE' THEN NULL ELSE c."userId" END, c."userId", c."id", c."stripeAccountId",
  CASE WHEN kind = 'CONNECT' THEN 'Connected with scope read_write (' ||
    CASE WHEN c."livemode" THEN 'live' ELSE 'test' END || ' mode)' ELSE c."disconnectReason" END,
  CASE WHEN kind = 'CONNECT' THEN c."connectedAt" ELSE c."disconnectedAt" END
FROM ${series(from, to)}
JOIN "StripeConnection" c ON c."id" IN (${seedId("conn")}, ${seedId("prev")})
CROSS JOIN LATERAL (VALUES ('CONNECT'),
  (CASE c."status" WHEN 'DISCONNECTED' THEN 'DISCONNECT' WHEN 'REVOKED' THEN 'REVOKE' END)) k(kind)
WHERE kind IS NOT NULL
ON CONFLICT DO NOTHING`;
}

function insertWebhookEvents(from: number, to: number): Prisma.Sql {
  return Prisma.sql`
INSERT INTO "WebhookEvent" ("id", "type", "account", "livemode", "created", "payload", "status",
  "receivedAt", "processedAt", "attempts", "lastError")
SELECT evt_id, 'account.updated', c."stripeAccountId", c."livemode", at,
  jsonb_build_object('id', evt_id, 'object', 'event', 'type', 'account.updated',
    'account', c."stripeAccountId", 'livemode', c."livemode",
    'created', extract(epoch FROM at)::bigint,
    'data', jsonb_build_object('object', jsonb_build_object('id', c."stripeAccountId",
      'object', 'account', 'charges_enabled', c."chargesEnabled",
      'payouts_enabled', c."payoutsEnabled"))),
  CASE WHEN failed THEN 'FAILED' ELSE 'PROCESSED' END::"WebhookEventStatus", at,
  CASE WHEN failed THEN NULL ELSE at END, CASE WHEN failed THEN 3 ELSE 1 END,
  CASE WHEN failed THEN 'Stripe did not answer: account snapshot could not be refreshed' END
FROM (
  SELECT n, 'evt_seed' || substr(md5('evt' || n), 1, 20) AS evt_id, n % 300 = 30 AS failed
  FROM ${series(from, to)} WHERE n % 10 = 0
) s
JOIN "StripeConnection" c ON c."id" = ${seedId("conn")}
CROSS JOIN LATERAL (SELECT coalesce(c."lastEventAt", c."connectedAt") AS at) t
ON CONFLICT DO NOTHING`;
}

/** Deletes every seeded row (and nothing else): sellers cascade to their connections. */
export async function resetSeededSellers(): Promise<void> {
  await db().$transaction([
    db().webhookEvent.deleteMany({ where: { id: { startsWith: "evt_seed" } } }),
    db().auditEvent.deleteMany({ where: { id: { startsWith: "seed" } } }),
    db().user.deleteMany({ where: { id: { startsWith: "seed" } } }),
  ]);
}

/** Seller n's id, as seedId("user") computes it in SQL. */
function sellerId(n: number): string {
  return `seed${createHash("md5")
    .update(`user${String(n)}`)
    .digest("hex")
    .slice(0, 21)}`;
}

/** Seeds sellers 1…`count` (those missing), `log`ging progress per batch. */
export async function seedSellers(count: number, log: (line: string) => void): Promise<void> {
  // Batches commit in order, so seller `count` being there means every one before it is too.
  if (await db().user.findUnique({ where: { id: sellerId(count) }, select: { id: true } })) {
    log(`  sellers 1–${count} are already there.`);
    return;
  }
  const started = Date.now();
  for (let from = 1; from <= count; from += BATCH) {
    const to = Math.min(from + BATCH - 1, count);
    await db().$transaction(
      async (tx) => {
        // Compiling these statements (JIT) would cost more than running them.
        await tx.$executeRaw`SET LOCAL jit = off`;
        for (const sql of [
          insertUsers(from, to),
          insertConnections(from, to),
          insertPreviousConnections(from, to),
          insertAudit(from, to),
          insertWebhookEvents(from, to),
        ]) {
          await tx.$executeRaw(sql);
        }
      },
      { timeout: 120_000 },
    );
    log(`  sellers ${from}–${to} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  // Fresh statistics for the planner, and a visibility map for index-only scans.
  for (const table of ["User", "StripeConnection", "AuditEvent", "WebhookEvent"]) {
    await db().$executeRaw(Prisma.raw(`VACUUM ANALYZE "${table}"`));
  }
}
