import "server-only";
import {
  isSearchable,
  STATUS_FILTERS,
  type ConnectionFilters,
  type Cursor,
  type Position,
} from "@/lib/admin/connection-query";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  Prisma,
  type ConnectionSource,
  type ConnectionStatus,
} from "@/lib/generated/prisma/client";
import type { ReadinessState } from "@/lib/stripe/readiness";

/**
 * The admin accounts list: search, filters, keyset pagination and counts, each answered from the
 * indexes of migration 20261128201109_admin_console and later without reading the whole table:
 *
 * - a page's ids come from an index-only walk of the sort index (which includes every filtered
 *   column and the search text) from the cursor on, or from the trigram index when the search is
 *   selective; only the page's own rows are then read (a "deferred join"). Page 1,000 costs what
 *   page 1 costs.
 * - counts are exact: without a search, a sum over ConnectionTotal (kept by triggers per
 *   combination of the filtered columns) with the same WHERE conditions, or, with a deadline, a
 *   range of the deadline-ordered index; a search is counted up to COUNT_CAP ("1,000+"): an exact
 *   count of a broad fragment reads every matching row (152 ms for "son" at 106,250 connections).
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
  source: ConnectionSource;
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
 * Without the search and the deadline, they read only columns that ConnectionTotal has too, with
 * the same meaning (migration 20261204033500_connection_total_filters), and count from there.
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
  if (filters.source) where.push(SOURCE_CONDITIONS[filters.source]);
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

/**
 * The source filter's conditions, as literals: "source" = 'CREATED' is the predicate of the
 * partial indexes that serve it (migration 20261204050000_create_door), which the planner can only
 * prove for a literal, not a bound parameter.
 */
const SOURCE_CONDITIONS = {
  created: Prisma.raw(`"source" = 'CREATED'`),
  oauth: Prisma.raw(`"source" = 'OAUTH'`),
} as const;

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
      "status", "livemode", "source", "chargesEnabled", "payoutsEnabled", "requirementsDue", "readiness",
      "nextDeadline", "connectedAt", "disconnectedAt", "lastEventAt"
    FROM "StripeConnection"
    WHERE "id" IN (
      SELECT "id" FROM "StripeConnection" ${whereClause(where)}
      ORDER BY ${key} ${direction}, "id" ${direction} LIMIT ${limit}
    )
    ORDER BY ${key} ${direction}, "id" ${direction}`;
}

/**
 * The SQL of the number of matching rows:
 *
 * - no search, no deadline: the sum of ConnectionTotal's rows that the same conditions select
 *   (with the source filter: created connections counted on their partial index, OAuth ones as
 *   that sum less those);
 * - a deadline: a count of the range of "StripeConnection_deadline_nextDeadline_idx" (in deadline
 *   order, every other filtered column included: index-only);
 * - a search: counted up to COUNT_CAP + 1. The ORDER BY keeps the planner on the sort index (an
 *   index-only walk that stops at the cap) rather than a sequential scan of a broad match; a
 *   selective search still goes through the trigram index.
 */
export function connectionCountSql(filters: ConnectionFilters, now: Date = new Date()): Prisma.Sql {
  const where = whereClause(conditions(filters, now));
  if (!filters.q && !filters.deadline) {
    // ConnectionTotal has no source: created ones are counted on their partial index, and OAuth
    // ones are the rest.
    const { source, ...others } = filters;
    if (source === undefined) {
      return Prisma.sql`SELECT coalesce(sum("count"), 0)::int AS "count" FROM "ConnectionTotal" ${where}`;
    }
    const created = Prisma.sql`SELECT count(*)::int FROM "StripeConnection" ${whereClause(
      conditions({ ...others, source: "created" }, now),
    )}`;
    if (source === "created") return Prisma.sql`SELECT (${created}) AS "count"`;
    const all = Prisma.sql`SELECT coalesce(sum("count"), 0)::int FROM "ConnectionTotal" ${whereClause(
      conditions(others, now),
    )}`;
    return Prisma.sql`SELECT ((${all}) - (${created}))::int AS "count"`;
  }
  if (!filters.q)
    return Prisma.sql`SELECT count(*)::int AS "count" FROM "StripeConnection" ${where}`;
  return Prisma.sql`
    SELECT count(*)::int AS "count" FROM (
      SELECT 1 FROM "StripeConnection" ${where}
      ORDER BY "connectedAt" DESC, "id" DESC LIMIT ${COUNT_CAP + 1}
    ) AS capped`;
}

/** The cursor of a row in the list's sort order (`index`: its place in the list, when known). */
export function cursorOf(row: ConnectionRow, filters: ConnectionFilters, index?: number): Cursor {
  const key = filters.sort.startsWith("last_event") ? row.lastEventAt : row.connectedAt;
  const cursor = { key: key?.toISOString() ?? null, id: row.id };
  return index === undefined ? cursor : { ...cursor, index };
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

export interface ConnectionPage {
  rows: ConnectionRow[];
  /** Where the next and previous pages start, when there are any. */
  next?: Cursor;
  previous?: Cursor;
  /**
   * The index in the list of the page's first row (0 on the first page), as the cursor it was
   * reached by tells it; undefined for a cursor without one (a link from before they had it).
   */
  start?: number;
  /** Whether rows follow this page. */
  hasMore: boolean;
}

/** The index of the row at `offset` on a page that starts at `start`, if that is known. */
function indexAt(start: number | undefined, offset: number): number | undefined {
  return start === undefined ? undefined : start + offset;
}

/**
 * One page of the list. Going back to the start (fewer rows before the cursor than a page) shows
 * the first page itself, so it is always full.
 */
export async function getConnectionPage(
  filters: ConnectionFilters,
  position: Position,
  now: Date = new Date(),
): Promise<ConnectionPage> {
  const { rows, hasMore } = await listConnections(filters, position, PAGE_SIZE, now);
  const firstRow = rows[0];
  const lastRow = rows.at(-1);
  if ("before" in position) {
    if (!hasMore || !firstRow || !lastRow) return getConnectionPage(filters, {}, now);
    const end = position.before.index;
    const start = end !== undefined && end >= rows.length ? end - rows.length : undefined;
    return {
      rows,
      start,
      hasMore: true,
      previous: cursorOf(firstRow, filters, start),
      next: cursorOf(lastRow, filters, indexAt(start, rows.length - 1)),
    };
  }
  const start =
    "after" in position
      ? position.after.index === undefined
        ? undefined
        : position.after.index + 1
      : 0;
  return {
    rows,
    start,
    hasMore,
    next:
      hasMore && lastRow ? cursorOf(lastRow, filters, indexAt(start, rows.length - 1)) : undefined,
    previous:
      "after" in position
        ? firstRow
          ? cursorOf(firstRow, filters, start)
          : position.after
        : undefined,
  };
}

/** How many connections match: exact, but for a search beyond COUNT_CAP (then `capped`). */
export async function countConnections(
  filters: ConnectionFilters,
  now: Date = new Date(),
): Promise<{ count: number; capped: boolean }> {
  const [row] = await db().$queryRaw<{ count: number }[]>(connectionCountSql(filters, now));
  const count = row?.count ?? 0;
  // Only a search is counted up to the cap.
  if (!filters.q) return { count, capped: false };
  return { count: Math.min(count, COUNT_CAP), capped: count > COUNT_CAP };
}

/**
 * How many connections each of `userIds` (the sellers of a page) has, of any status: one indexed
 * lookup per seller (the userId index), whatever the filters.
 */
export async function countConnectionsOfSellers(userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const groups = await db().stripeConnection.groupBy({
    by: ["userId"],
    where: { userId: { in: [...new Set(userIds)] } },
    _count: true,
  });
  return new Map(groups.map((group) => [group.userId, group._count]));
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
