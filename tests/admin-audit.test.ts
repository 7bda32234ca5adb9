/**
 * The admin audit log's query on a real database: each filter (actor, action, seller by email or
 * stripe account id, days), keyset pagination (stable with equal timestamps, forward and back),
 * and plans that never read the whole table.
 *
 * Other test files share the database: this file's entries are dated in 2001 and 2000 (older than
 * anything else) and belong to users of its own, and every query filters by those users or days.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAuditQuery, type AuditFilters } from "@/lib/admin/audit-query";
import type { Position } from "@/lib/admin/connection-query";
import { auditPageSql, getAuditPage } from "@/lib/data/audit-log";
import { db } from "@/lib/db";
import { Prisma, type AuditAction } from "@/lib/generated/prisma/client";

const token = randomUUID().slice(0, 8);
const email = (who: string) => `${who}.${token}@audit.test`;
const ids = {
  admin: `${token}-admin`,
  other: `${token}-other`,
  s1: `${token}-s1`,
  s2: `${token}-s2`,
};
const ACCT_1 = `acct_${token}One`;
const ACCT_2 = `acct_${token}Two`;

/** 2001-03-01 plus `minutes`, UTC. */
const at = (minutes: number) => new Date(Date.UTC(2001, 2, 1) + minutes * 60_000);

interface Seed {
  id: string;
  action: AuditAction;
  actorId: string | null;
  subjectUserId: string | null;
  stripeAccountId: string | null;
  createdAt: Date;
}

const seeds: Seed[] = [];
function seed(n: number, entry: (i: number) => Omit<Seed, "id">): void {
  const start = seeds.length;
  for (let i = 0; i < n; i++) {
    seeds.push({ id: `${token}-e${String(start + i).padStart(4, "0")}`, ...entry(i) });
  }
}

// Seller 1: 120 entries by the admin, four at each time (ties broken by id), over 3 days.
seed(120, (i) => ({
  action: i % 3 === 0 ? "FORCE_DISCONNECT" : "REFRESH",
  actorId: ids.admin,
  subjectUserId: ids.s1,
  stripeAccountId: ACCT_1,
  createdAt: at(Math.floor(i / 4) * 144),
}));
// Seller 2: what Stripe told us, and one export by another admin (no seller).
seed(5, (i) => ({
  action: "REVOKE",
  actorId: null,
  subjectUserId: ids.s2,
  stripeAccountId: ACCT_2,
  createdAt: at(10 + i),
}));
seed(1, () => ({
  action: "EXPORT",
  actorId: ids.other,
  subjectUserId: null,
  stripeAccountId: null,
  createdAt: at(20),
}));

/** Newest first, ties by id (descending): the log's order. */
const newestFirst = (a: Seed, b: Seed) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1);

const expected = (keep: (s: Seed) => boolean) =>
  seeds
    .filter(keep)
    .sort(newestFirst)
    .map((s) => s.id);

async function listed(params: Record<string, string>, position: Position = {}) {
  const { filters } = parseAuditQuery(params);
  return (await getAuditPage(filters, position, 500)).rows.map((e) => e.id);
}

beforeAll(async () => {
  await db().user.createMany({
    data: Object.entries(ids).map(([who, id]) => ({ id, email: email(who), name: who })),
  });
  await db().auditEvent.createMany({
    data: seeds.map((s) => ({ ...s, outcome: "SUCCESS" as const })),
  });
});

afterAll(async () => {
  await db().auditEvent.deleteMany({ where: { id: { startsWith: token } } });
  await db().user.deleteMany({ where: { id: { in: Object.values(ids) } } });
});

describe("the audit log's filters", () => {
  it("find a seller's entries by their email or their stripe account id, newest first", async () => {
    const ofSeller1 = expected((s) => s.subjectUserId === ids.s1);
    expect(await listed({ seller: email("s1") })).toEqual(ofSeller1);
    expect(await listed({ seller: email("s1").toUpperCase() })).toEqual(ofSeller1);
    expect(await listed({ seller: ACCT_1 })).toEqual(ofSeller1);
    expect(await listed({ seller: ACCT_2 })).toEqual(expected((s) => s.subjectUserId === ids.s2));
    expect(await listed({ seller: email("nobody") })).toEqual([]);
  });

  it("find who acted: an admin by email, or Stripe", async () => {
    expect(await listed({ actor: email("other") })).toEqual(
      expected((s) => s.actorId === ids.other),
    );
    expect(await listed({ actor: "stripe", seller: email("s2") })).toEqual(
      expected((s) => s.actorId === null),
    );
    expect(await listed({ actor: "stripe", seller: email("s1") })).toEqual([]);
  });

  it("find one action, and entries within days (both days included)", async () => {
    expect(await listed({ action: "force_disconnect", seller: ACCT_1 })).toEqual(
      expected((s) => s.action === "FORCE_DISCONNECT"),
    );
    expect(await listed({ action: "export", from: "2001-03-01", to: "2001-03-01" })).toEqual(
      expected((s) => s.action === "EXPORT"),
    );
    // Day 2 alone: seller 1's entries of 2 March 2001 (UTC).
    const day2 = expected((s) => s.subjectUserId === ids.s1 && s.createdAt.getUTCDate() === 2);
    expect(day2.length).toBeGreaterThan(0);
    expect(await listed({ seller: ACCT_1, from: "2001-03-02", to: "2001-03-02" })).toEqual(day2);
    expect(await listed({ seller: ACCT_1, from: "2001-03-05" })).toEqual([]);
  });
});

describe("the audit log's pages", () => {
  it("walk every entry once, newest first, 50 at a time, and back again", async () => {
    const filters: AuditFilters = { actor: "", seller: ACCT_1 };
    const all = expected((s) => s.subjectUserId === ids.s1);
    const pages = [];
    let position: Position = {};
    for (;;) {
      const page = await getAuditPage(filters, position);
      pages.push(page);
      if (!page.next) break;
      position = { after: page.next };
    }
    expect(pages.map((p) => p.rows.length)).toEqual([50, 50, 20]);
    expect(pages.flatMap((p) => p.rows.map((e) => e.id))).toEqual(all);
    expect(pages[0]?.previous).toBeUndefined();

    // Back from the last page: the middle page exactly, then the first (full) page.
    const last = pages[2];
    if (!last?.previous) throw new Error("the last page has no way back");
    const middle = await getAuditPage(filters, { before: last.previous });
    expect(middle.rows.map((e) => e.id)).toEqual(all.slice(50, 100));
    if (!middle.previous) throw new Error("the middle page has no way back");
    const first = await getAuditPage(filters, { before: middle.previous });
    expect(first.rows.map((e) => e.id)).toEqual(all.slice(0, 50));
    expect(first.previous).toBeUndefined();
  });
});

describe("the audit log's plans", () => {
  const bulk = `${token}-bulk`;

  beforeAll(async () => {
    // 20,000 entries of 50 actors and 500 sellers over 2000: enough for the planner to prefer an
    // index over reading everything, as it must on a big table.
    await db().$executeRaw(Prisma.sql`
      INSERT INTO "AuditEvent" ("id", "action", "outcome", "actorId", "subjectUserId",
        "stripeAccountId", "createdAt")
      SELECT ${bulk} || g,
        (ARRAY['CONNECT', 'REFRESH', 'EXPORT', 'FORCE_DISCONNECT', 'RETRY_EVENT'])[1 + g % 5]::"AuditAction",
        'SUCCESS', ${bulk} || '-actor' || (g % 50), ${bulk} || '-seller' || (g % 500),
        'acct_' || ${bulk} || (g % 500), timestamp '2000-01-01' + g * interval '20 minutes'
      FROM generate_series(1, 20000) AS g`);
    await db().$executeRaw`ANALYZE "AuditEvent"`;
  });

  afterAll(async () => {
    await db().auditEvent.deleteMany({ where: { id: { startsWith: bulk } } });
  });

  it("read an index for every filter, from the cursor on, never the whole table", async () => {
    const cursor = { key: "2000-06-01T00:00:00.000Z", id: `${bulk}9999` };
    const cases: AuditFilters[] = [
      { actor: "", seller: "" },
      { actor: email("admin"), seller: "" },
      { actor: "stripe", seller: "" },
      { actor: "", seller: "", action: "EXPORT" },
      { actor: "", seller: email("s1") },
      { actor: "", seller: `acct_${bulk}7` },
      { actor: "", seller: "", from: "2000-03-01", to: "2000-03-31" },
      { actor: "", seller: `acct_${bulk}7`, action: "EXPORT", from: "2000-01-01" },
    ];
    for (const filters of cases) {
      const positions: Position[] = [{}, { after: cursor }, { before: cursor }];
      for (const position of positions) {
        const plan = await db().$queryRaw<{ "QUERY PLAN": string }[]>(
          Prisma.sql`EXPLAIN ${auditPageSql(filters, position, 51)}`,
        );
        const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
        expect(text, JSON.stringify({ filters, position })).not.toMatch(/Seq Scan on "AuditEvent"/);
        expect(text).toMatch(/(using|on) "AuditEvent_\w+_idx"/);
      }
    }
  });
});
