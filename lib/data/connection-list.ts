import "server-only";
import {
  isSearchable,
  STATUS_FILTERS,
  type ConnectionFilters,
  type Cursor,
  type Position,
} from "@/lib/admin/connection-query";
import { keysetPage, type KeysetPage } from "@/lib/data/keyset-page";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type ConnectionStatus } from "@/lib/generated/prisma/client";
import type { ReadinessState } from "@/lib/stripe/readiness";

/**
 * The admin accounts list: search, filters, keyset pagination and a capped count, each answered
 * from the indexes of migration 20261128201109_admin_console without reading the whole table:
 *
 * - a page's ids come from an index-only walk of the sort index (which includes every filtered
 *   column and the search text) from the cursor on, or from the trigram index when the search is
 *   selective; only the page's own rows are then read (a "deferred join"). Page 1,000 costs what
 *   page 1 costs.
 * - counts stop at COUNT_CAP: "1,000+" is all a person needs to know, and an exact count of a
 *   broad match would read every matching row.
 *
 * All SQL is built with Prisma.sql: every value is a bound parameter.
 */

export const PAGE_SIZE = 50;
export const COUNT_CAP = 1000;

export interface ConnectionRow {
  id: string;
  userId: string;
  sellerName: string | null;
  sellerEmail: string;
  businessName: string | null;
  stripeAccountId: string;
  status: ConnectionStatus;
  livemode: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  requirementsDue: number;
  readiness: ReadinessState;
  nextDeadline: Date | null;
  connectedAt: Date;
  disconnectedAt: Date | null;
  lastEventAt: Date | null;
}

const SORT_KEYS = {
  connected: Prisma.sql`"connectedAt"`,
  // Connections without any event sort as the oldest (the expression of the index).
  last_event: Prisma.sql`COALESCE("lastEventAt", '-infinity'::timestamp(3))`,
};

function sortOf(filters: ConnectionFilters) {
  return {
    key: filters.sort.startsWith("last_event") ? SORT_KEYS.last_event : SORT_KEYS.connected,
    ascending: filters.sort.endsWith("_asc"),
  };
}

/** `%fragment%` for LIKE, with LIKE's own wildcards in the fragment taken literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, "\\$&")}%`;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Where an "acct_" occurs in a connection's search text other than at the start of its account
 * id: in the seller's name or email or the business name (a field followed by a newline), or
 * inside the id. Written exactly as the predicate of the partial index
 * "StripeConnection_acct_elsewhere_idx" (migration 20261203110100_admin_list_1m), so that the
 * planner can use that index: keep the two identical.
 */
const ACCT_ELSEWHERE = Prisma.raw(
  String.raw`("search" LIKE E'%acct\\_%\n%' OR lower("stripeAccountId") LIKE '_%acct\_%')`,
);

/**
 * The one rule of how a search is answered: the connections whose search text (seller's name and
 * email, business name, account id, lower case) contains the fragment `q`.
 *
 * Most fragments are looked up in the trigram index of "search". A fragment that starts with
 * "acct_" cannot be: every connection has "acct_" in its search text, so the index would list
 * all of them. Such a fragment is found instead as a prefix of the account id (a range of the
 * index on lower("stripeAccountId") COLLATE "C"), or in the few connections where "acct_" occurs
 * elsewhere (ACCT_ELSEWHERE, a partial index), with the substring match itself. The two give the
 * same rows: in any other connection the only "acct_" is at the start of the account id, the
 * last field, so a fragment starting with "acct_" occurs in its search text exactly when the
 * account id starts with it (tests/admin-connections.test.ts compares them).
 */
function searchCondition(q: string): Prisma.Sql {
  // lower() in SQL, so the fragment is lower-cased exactly as the column was.
  const substring = Prisma.sql`"search" LIKE lower(${likePattern(q)})`;
  if (!/^acct_/i.test(q)) return substring;
  const id = Prisma.sql`lower("stripeAccountId") COLLATE "C"`;
  const prefix = Prisma.sql`lower(${q}) COLLATE "C"`;
  return Prisma.sql`((${id} >= ${prefix} AND ${id} < ${prefix} || chr(1114111)
      AND starts_with(lower("stripeAccountId"), lower(${q})))
    OR (${ACCT_ELSEWHERE} AND ${substring}))`;
}

/**
 * The WHERE conditions of the filters and the search. `now` is when a deadline window starts; the
 * conditions of the rarer filters are written as the predicates of the partial indexes that serve
 * them (migration 20261203095500_readiness_filter_indexes), so the planner can prove they apply.
 */
function conditions(filters: ConnectionFilters, now: Date): Prisma.Sql[] {
  if (filters.q && !isSearchable(filters.q)) {
    throw new AppError("invalid_input", "A search needs three letters or digits in a row.");
  }
  const where: Prisma.Sql[] = [];
  if (filters.q) where.push(searchCondition(filters.q));
  if (filters.status) {
    where.push(Prisma.sql`"status" = ${STATUS_FILTERS[filters.status]}::"ConnectionStatus"`);
  }
  if (filters.mode) where.push(Prisma.sql`"livemode" = ${filters.mode === "live"}`);
  if (filters.charges) where.push(Prisma.sql`"chargesEnabled" = ${filters.charges === "enabled"}`);
  if (filters.requirements === "due") where.push(Prisma.sql`"requirementsDue" > 0`);
  if (filters.requirements === "none") where.push(Prisma.sql`"requirementsDue" = 0`);
  if (filters.readiness) {
    where.push(Prisma.sql`"readiness" = ${filters.readiness.toUpperCase()}::"Readiness"`);
  }
  if (filters.deadline) {
    // On or before the end of the window: a deadline that has passed is the most urgent.
    const until = new Date(now.getTime() + Number(filters.deadline) * DAY_MS);
    where.push(Prisma.sql`"nextDeadline" <= ${until.toISOString()}::timestamp(3)`);
  }
  if (filters.upcoming) where.push(Prisma.sql`"futureRequirementsDue" > 0`);
  if (filters.capability === "inactive") {
    // Known and not active (NULL, not known, matches neither side).
    where.push(Prisma.sql`("cardPaymentsStatus" <> 'active' OR "transfersStatus" <> 'active')`);
  }
  return where;
}

function whereClause(where: Prisma.Sql[]): Prisma.Sql {
  return where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
}

/**
 * The SQL of up to `limit` rows from `position` on, in the direction of travel (backward from a
 * `before` cursor: the caller reverses them), as of `now`.
 */
export function connectionPageSql(
  filters: ConnectionFilters,
  position: Position,
  limit: number,
  now: Date = new Date(),
): Prisma.Sql {
  const { key, ascending } = sortOf(filters);
  const backward = "before" in position;
  const cursor = "after" in position ? position.after : backward ? position.before : undefined;
  const forwardInSql = ascending !== backward;
  const where = conditions(filters, now);
  if (cursor) {
    // A row comparison is one range of the (key, id) index, so the scan starts at the cursor.
    const bound = Prisma.sql`(${cursor.key ?? "-infinity"}::timestamp(3), ${cursor.id})`;
    where.push(
      forwardInSql ? Prisma.sql`(${key}, "id") > ${bound}` : Prisma.sql`(${key}, "id") < ${bound}`,
    );
  }
  const direction = forwardInSql ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return Prisma.sql`
    SELECT "id", "userId", "sellerName", "sellerEmail", "businessName", "stripeAccountId",
      "status", "livemode", "chargesEnabled", "payoutsEnabled", "requirementsDue", "readiness",
      "nextDeadline", "connectedAt", "disconnectedAt", "lastEventAt"
    FROM "StripeConnection"
    WHERE "id" IN (
      SELECT "id" FROM "StripeConnection" ${whereClause(where)}
      ORDER BY ${key} ${direction}, "id" ${direction} LIMIT ${limit}
    )
    ORDER BY ${key} ${direction}, "id" ${direction}`;
}

/**
 * The SQL of the number of matching rows, counted up to COUNT_CAP + 1. The ORDER BY keeps the
 * planner on the sort index (an index-only walk that stops at the cap) rather than a sequential
 * scan of a broad match; a selective search still goes through the trigram index.
 */
export function connectionCountSql(filters: ConnectionFilters, now: Date = new Date()): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*)::int AS "count" FROM (
      SELECT 1 FROM "StripeConnection" ${whereClause(conditions(filters, now))}
      ORDER BY "connectedAt" DESC, "id" DESC LIMIT ${COUNT_CAP + 1}
    ) AS capped`;
}

/** The cursor of a row in the list's sort order. */
export function cursorOf(row: ConnectionRow, filters: ConnectionFilters): Cursor {
  const key = filters.sort.startsWith("last_event") ? row.lastEventAt : row.connectedAt;
  return { key: key?.toISOString() ?? null, id: row.id };
}

/** Up to `limit` rows from `position` on, in display order, and whether more lie beyond them. */
export async function listConnections(
  filters: ConnectionFilters,
  position: Position = {},
  limit = PAGE_SIZE,
  now: Date = new Date(),
): Promise<{ rows: ConnectionRow[]; hasMore: boolean }> {
  const rows = await db().$queryRaw<ConnectionRow[]>(
    connectionPageSql(filters, position, limit + 1, now),
  );
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  return { rows: "before" in position ? page.reverse() : page, hasMore };
}

export type ConnectionPage = KeysetPage<ConnectionRow>;

/** One page of the list (lib/data/keyset-page.ts: the first page when going back reaches it). */
export function getConnectionPage(
  filters: ConnectionFilters,
  position: Position,
  now: Date = new Date(),
): Promise<ConnectionPage> {
  return keysetPage(
    (at) => listConnections(filters, at, PAGE_SIZE, now),
    position,
    (row) => cursorOf(row, filters),
  );
}

/** How many connections match, exactly up to COUNT_CAP; `capped` when there are more. */
export async function countConnections(
  filters: ConnectionFilters,
  now: Date = new Date(),
): Promise<{ count: number; capped: boolean }> {
  const [row] = await db().$queryRaw<{ count: number }[]>(connectionCountSql(filters, now));
  const count = row?.count ?? 0;
  return { count: Math.min(count, COUNT_CAP), capped: count > COUNT_CAP };
}

/**
 * Every matching row, in sort order, `batchSize` rows per query (never all in memory), as of one
 * `now` for every batch.
 */
export async function* iterateConnections(
  filters: ConnectionFilters,
  batchSize = 1000,
  now: Date = new Date(),
): AsyncGenerator<ConnectionRow[], void> {
  let position: Position = {};
  for (;;) {
    const { rows, hasMore } = await listConnections(filters, position, batchSize, now);
    const last = rows.at(-1);
    if (rows.length) yield rows;
    if (!hasMore || !last) return;
    position = { after: cursorOf(last, filters) };
  }
}
