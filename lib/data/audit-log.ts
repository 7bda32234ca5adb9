import "server-only";
import { STRIPE_ACTOR, type AuditFilters } from "@/lib/admin/audit-query";
import type { Cursor, Position } from "@/lib/admin/connection-query";
import { keysetPage, type KeysetPage } from "@/lib/data/keyset-page";
import { db } from "@/lib/db";
import { Prisma, type AuditEvent } from "@/lib/generated/prisma/client";

/**
 * The admin audit log: every audit entry, newest first, filtered by actor, action, seller and
 * days, a page at a time by keyset (createdAt, id), as the accounts list pages. Each filter is
 * one range of an index of migration 20261204032247_audit_log, on (that column, createdAt, id),
 * walked from the cursor: a page costs what the first page costs, however big the table. An
 * email is looked up through User's unique index inside the same query.
 *
 * All SQL is built with Prisma.sql: every value is a bound parameter.
 */

export const AUDIT_PAGE_SIZE = 50;

const DAY_MS = 24 * 3600 * 1000;

function userWithEmail(email: string): Prisma.Sql {
  return Prisma.sql`(SELECT "id" FROM "User" WHERE "email" = ${email})`;
}

function conditions(filters: AuditFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filters.actor === STRIPE_ACTOR) where.push(Prisma.sql`"actorId" IS NULL`);
  else if (filters.actor) where.push(Prisma.sql`"actorId" = ${userWithEmail(filters.actor)}`);
  if (filters.action) where.push(Prisma.sql`"action" = ${filters.action}::"AuditAction"`);
  if (/^acct_/.test(filters.seller)) {
    where.push(Prisma.sql`"stripeAccountId" = ${filters.seller}`);
  } else if (filters.seller) {
    where.push(Prisma.sql`"subjectUserId" = ${userWithEmail(filters.seller)}`);
  }
  if (filters.from) {
    where.push(Prisma.sql`"createdAt" >= ${`${filters.from}T00:00:00.000Z`}::timestamp(3)`);
  }
  if (filters.to) {
    // The whole of the last day: before the start of the next.
    const end = new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + DAY_MS);
    where.push(Prisma.sql`"createdAt" < ${end.toISOString()}::timestamp(3)`);
  }
  return where;
}

/**
 * The SQL of up to `limit` entries from `position` on, in the direction of travel: newest first,
 * or, back from a `before` cursor, oldest first (the caller reverses them).
 */
export function auditPageSql(filters: AuditFilters, position: Position, limit: number): Prisma.Sql {
  const where = conditions(filters);
  const backward = "before" in position;
  const cursor = "after" in position ? position.after : backward ? position.before : undefined;
  if (cursor) {
    // A row comparison is one range of the (…, createdAt, id) index: the walk starts at the cursor.
    const bound = Prisma.sql`(${cursor.key ?? "infinity"}::timestamp(3), ${cursor.id})`;
    where.push(
      backward
        ? Prisma.sql`("createdAt", "id") > ${bound}`
        : Prisma.sql`("createdAt", "id") < ${bound}`,
    );
  }
  const direction = backward ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return Prisma.sql`
    SELECT "id", "action", "outcome", "actorId", "subjectUserId", "connectionId",
      "stripeAccountId", "detail", "createdAt"
    FROM "AuditEvent"
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY "createdAt" ${direction}, "id" ${direction}
    LIMIT ${limit}`;
}

export type AuditPage = KeysetPage<AuditEvent>;

function cursorOf(entry: AuditEvent): Cursor {
  return { key: entry.createdAt.toISOString(), id: entry.id };
}

/** Up to `limit` entries from `position` on, newest first, and whether more lie beyond them. */
async function listAuditEntries(filters: AuditFilters, position: Position, limit: number) {
  const rows = await db().$queryRaw<AuditEvent[]>(auditPageSql(filters, position, limit + 1));
  const page = rows.slice(0, limit);
  return { rows: "before" in position ? page.reverse() : page, hasMore: rows.length > limit };
}

/** One page of the log (lib/data/keyset-page.ts: the first page when going back reaches it). */
export function getAuditPage(
  filters: AuditFilters,
  position: Position = {},
  limit = AUDIT_PAGE_SIZE,
): Promise<AuditPage> {
  return keysetPage((at) => listAuditEntries(filters, at, limit), position, cursorOf);
}
