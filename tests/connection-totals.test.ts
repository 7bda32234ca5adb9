/**
 * The admin overview's totals (ConnectionTotal and ConnectionWeek, kept by triggers on
 * StripeConnection): exact by status, mode and readiness, and per week (new connections by
 * connectedAt, revocations by disconnectedAt), whatever writes the connections, also two
 * transactions at once that change many of them, in opposite orders; and the overview's counts by
 * readiness with their links.
 */
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { ReadinessTotals } from "@/components/admin/readiness-totals";
import { parseConnectionQuery } from "@/lib/admin/connection-query";
import { countConnections } from "@/lib/data/connection-list";
import {
  getConnectionTotals,
  getReadinessTotals,
  listWeeklyActivity,
  startOfWeek,
} from "@/lib/data/connection-stats";
import { db } from "@/lib/db";
import type { ConnectionStatus, Readiness } from "@/lib/generated/prisma/client";
import { READINESS_STATES } from "@/lib/stripe/readiness";

interface Spec {
  status?: ConnectionStatus;
  livemode?: boolean;
  readiness?: Readiness;
  connectedAt?: Date;
  disconnectedAt?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** `n` days before now (a week is 7). */
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS);

/** Sellers with one connection each (ids start with the returned token), in one statement. */
async function makeConnections(specs: Spec[]): Promise<{ token: string; ids: string[] }> {
  const token = `tt${randomUUID().replace(/-/g, "").slice(0, 10)}`;
  const n = (i: number) => String(i).padStart(4, "0");
  await db().user.createMany({
    data: specs.map((_, i) => ({ id: `${token}u${n(i)}`, email: `s${n(i)}.${token}@totals.test` })),
  });
  await db().stripeConnection.createMany({
    data: specs.map((spec, i) => ({
      id: `${token}c${n(i)}`,
      userId: `${token}u${n(i)}`,
      sellerEmail: `s${n(i)}.${token}@totals.test`,
      stripeAccountId: `acct_${token}${n(i)}`,
      status: spec.status ?? "CONNECTED",
      scope: "read_write",
      livemode: spec.livemode ?? true,
      readiness: spec.readiness ?? "READY",
      connectedAt: spec.connectedAt,
      disconnectedAt: spec.disconnectedAt,
    })),
  });
  return { token, ids: specs.map((_, i) => `${token}c${n(i)}`) };
}

/** What the totals should say: a count over every connection. */
async function counted() {
  const byStatus = {
    CONNECTED: { live: 0, test: 0 },
    DISCONNECTED: { live: 0, test: 0 },
    REVOKED: { live: 0, test: 0 },
  };
  const byReadiness = Object.fromEntries(READINESS_STATES.map((s) => [s, 0]));
  const groups = await db().stripeConnection.groupBy({
    by: ["status", "livemode", "readiness"],
    _count: true,
  });
  for (const g of groups) {
    byStatus[g.status][g.livemode ? "live" : "test"] += g._count;
    if (g.status === "CONNECTED")
      byReadiness[g.readiness] = (byReadiness[g.readiness] ?? 0) + g._count;
  }
  return { byStatus, byReadiness };
}

/** What the weekly totals should say ("KIND week": n, weeks with none left out): a count. */
async function countedWeeks(): Promise<Record<string, number>> {
  const rows = await db().$queryRaw<{ kind: string; week: Date; n: number }[]>`
    SELECT 'CONNECTIONS' AS "kind", date_trunc('week', "connectedAt") AS "week", count(*)::int AS "n"
    FROM "StripeConnection" GROUP BY 2
    UNION ALL
    SELECT 'REVOCATIONS', date_trunc('week', "disconnectedAt"), count(*)::int
    FROM "StripeConnection" WHERE "status" = 'REVOKED' AND "disconnectedAt" IS NOT NULL GROUP BY 2`;
  return Object.fromEntries(rows.map((r) => [`${r.kind} ${r.week.toISOString()}`, r.n]));
}

/** The weekly totals as kept (ConnectionWeek), in the same shape. */
async function keptWeeks(): Promise<Record<string, number>> {
  const rows = await db().connectionWeek.findMany({ where: { count: { not: 0 } } });
  return Object.fromEntries(rows.map((r) => [`${r.kind} ${r.week.toISOString()}`, r.count]));
}

async function expectExactTotals() {
  const { byStatus, byReadiness } = await counted();
  expect(await getConnectionTotals()).toEqual(byStatus);
  expect(await getReadinessTotals()).toEqual(byReadiness);
  expect(await keptWeeks()).toEqual(await countedWeeks());
}

const repeat = (n: number, spec: Spec): Spec[] => Array.from({ length: n }, () => spec);

describe("connection totals by readiness", () => {
  it("stay exact through inserts, readiness and status changes, transactions and deletes", async () => {
    const { token, ids } = await makeConnections([
      ...repeat(4, { readiness: "READY" }),
      ...repeat(3, { readiness: "ACTION_NEEDED", livemode: false }),
      { readiness: "RESTRICTED" },
      { status: "REVOKED", readiness: "IN_REVIEW" },
    ]);
    await expectExactTotals();

    // Several rows in one statement, some to the readiness they had; one row's mode.
    await db().stripeConnection.updateMany({
      where: { id: { in: ids.slice(0, 6) } },
      data: { readiness: "ACTION_NEEDED" },
    });
    await db().stripeConnection.update({ where: { id: ids[0] }, data: { livemode: false } });
    await expectExactTotals();

    // A status change: the account leaves the connected counts.
    await db().stripeConnection.update({
      where: { id: ids[7] },
      data: { status: "DISCONNECTED", readiness: "UPCOMING" },
    });
    await expectExactTotals();

    // Several statements in one transaction, one undoing another; and a transaction rolled back.
    await db().$transaction([
      db().stripeConnection.update({ where: { id: ids[1] }, data: { readiness: "IN_REVIEW" } }),
      db().stripeConnection.update({ where: { id: ids[2] }, data: { readiness: "UPCOMING" } }),
      db().stripeConnection.update({ where: { id: ids[2] }, data: { readiness: "ACTION_NEEDED" } }),
    ]);
    await expectExactTotals();
    await expect(
      db().$transaction(async (tx) => {
        await tx.stripeConnection.updateMany({
          where: { id: { in: ids } },
          data: { readiness: "RESTRICTED" },
        });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await expectExactTotals();

    await db().stripeConnection.delete({ where: { id: ids[3] } });
    await expectExactTotals();
    await db().user.deleteMany({ where: { id: { startsWith: token } } });
    await expectExactTotals();
  });

  it("count each connection in its week and each revocation in its own, through every write", async () => {
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const before = await listWeeklyActivity(12, now);
    /** What the chart should have gained since `before`: [a date in the week, how many]. */
    const gained = (entries: [Date, number][]) =>
      before.map((w) =>
        entries
          .filter(([date]) => startOfWeek(date).getTime() === w.week.getTime())
          .reduce((n, [, k]) => n + k, 0),
      );
    const chartGain = async () => {
      const after = await listWeeklyActivity(12, now);
      return {
        connections: after.map((w, i) => w.connections - (before[i]?.connections ?? 0)),
        revocations: after.map((w, i) => w.revocations - (before[i]?.revocations ?? 0)),
      };
    };

    // Backdated, as an import or the seed writes them; one revoked long after it connected.
    const { token, ids } = await makeConnections([
      { connectedAt: ago(70) },
      { connectedAt: ago(70) },
      { connectedAt: ago(21), livemode: false },
      { connectedAt: ago(21), status: "REVOKED", disconnectedAt: ago(14) },
      { connectedAt: ago(500), status: "REVOKED", disconnectedAt: ago(7) },
      { connectedAt: now },
    ]);
    await expectExactTotals();
    expect(await chartGain()).toEqual({
      connections: gained([
        [ago(70), 2],
        [ago(21), 2],
        [now, 1],
      ]),
      revocations: gained([
        [ago(14), 1],
        [ago(7), 1],
      ]),
    });

    // Moves between weeks, one row and several in one statement; a revocation, and a revoked
    // connection whose status changes (it leaves the revocations) or whose date is corrected.
    await db().stripeConnection.update({ where: { id: ids[0] }, data: { connectedAt: ago(35) } });
    await db().stripeConnection.updateMany({
      where: { id: { in: ids.slice(1, 3) } },
      data: { connectedAt: ago(49) },
    });
    await db().stripeConnection.update({
      where: { id: ids[5] },
      data: { status: "REVOKED", disconnectedAt: now },
    });
    await db().stripeConnection.update({ where: { id: ids[3] }, data: { status: "DISCONNECTED" } });
    await db().stripeConnection.update({
      where: { id: ids[4] },
      data: { disconnectedAt: ago(28) },
    });
    await expectExactTotals();
    expect(await chartGain()).toEqual({
      connections: gained([
        [ago(35), 1],
        [ago(49), 2],
        [ago(21), 1],
        [now, 1],
      ]),
      revocations: gained([
        [now, 1],
        [ago(28), 1],
      ]),
    });

    // Within a transaction, a move and its undoing; a transaction rolled back; deletes.
    await db().$transaction([
      db().stripeConnection.update({ where: { id: ids[0] }, data: { connectedAt: ago(63) } }),
      db().stripeConnection.update({ where: { id: ids[0] }, data: { connectedAt: ago(35) } }),
      db().stripeConnection.update({ where: { id: ids[1] }, data: { connectedAt: ago(1) } }),
    ]);
    await expectExactTotals();
    await expect(
      db().$transaction(async (tx) => {
        await tx.stripeConnection.updateMany({
          where: { id: { in: ids } },
          data: { connectedAt: ago(3), status: "REVOKED", disconnectedAt: ago(2) },
        });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await expectExactTotals();
    await db().stripeConnection.delete({ where: { id: ids[4] } });
    await expectExactTotals();
    await db().user.deleteMany({ where: { id: { startsWith: token } } });
    await expectExactTotals();
    expect(await chartGain()).toEqual({
      connections: gained([]),
      revocations: gained([]),
    });
  });

  it("are what the overview shows, each number linking to the list that has as many", async () => {
    const { token } = await makeConnections([
      ...repeat(2, { readiness: "RESTRICTED" }),
      ...repeat(3, { readiness: "IN_REVIEW", livemode: false }),
      { status: "REVOKED", readiness: "RESTRICTED" },
    ]);
    const totals = await getReadinessTotals();
    const html = renderToStaticMarkup(createElement(ReadinessTotals, { totals }));
    const links = [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/g)].map((m) => ({
      href: (m[1] ?? "").replaceAll("&amp;", "&"),
      text: (m[2] ?? "")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    }));
    expect(links.map((l) => l.text.replace(/^[\d,]+ /, ""))).toEqual([
      "Ready",
      "Action needed",
      "Restricted",
      "In review",
      "Upcoming requirements",
    ]);
    const { byReadiness } = await counted();
    for (const [i, state] of READINESS_STATES.entries()) {
      const link = links[i];
      expect(link?.href).toBe(`/admin/accounts?status=connected&readiness=${state.toLowerCase()}`);
      expect(link?.text).toBe(
        `${(byReadiness[state] ?? 0).toLocaleString("en-US")} ${link?.text.replace(/^[\d,]+ /, "")}`,
      );
      // The list behind the link finds as many (up to its count's cap).
      const query = parseConnectionQuery(
        Object.fromEntries(new URL(link?.href ?? "", "http://x").searchParams),
      );
      const listed = await countConnections(query.filters);
      if (!listed.capped) expect(listed.count).toBe(byReadiness[state]);
    }
    expect(byReadiness.RESTRICTED).toBeGreaterThanOrEqual(2);
    await db().user.deleteMany({ where: { id: { startsWith: token } } });
  });
});

/** A session of its own (the app's pool would not let a test hold two transactions open). */
async function session(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  // A writer that waited for another's lock fails the test rather than hang it.
  await client.query("SET lock_timeout = '10s'");
  return client;
}

const setReadiness = (client: pg.Client, ids: string[], readiness: Readiness) =>
  client.query(`UPDATE "StripeConnection" SET "readiness" = $1::"Readiness" WHERE "id" = ANY($2)`, [
    readiness,
    ids,
  ]);

// Two sessions at once: PGlite serves one at a time.
describe.runIf(inject("databaseKind") === "postgresql")(
  "connection totals, concurrent writers",
  () => {
    it("let two transactions change many connections in opposite orders: both commit, totals exact", async () => {
      const { token, ids } = await makeConnections([
        ...repeat(6, { readiness: "READY" }),
        ...repeat(6, { readiness: "IN_REVIEW" }),
      ]);
      const ready = ids.slice(0, 6);
      const inReview = ids.slice(6);
      const [a, b] = [await session(), await session()];
      try {
        await a.query("BEGIN");
        await b.query("BEGIN");
        // A moves READY → ACTION_NEEDED then IN_REVIEW → RESTRICTED; B the same two, the other way
        // round. Locking totals as they change, each would wait for the other's first: a deadlock.
        await setReadiness(a, ready.slice(0, 3), "ACTION_NEEDED");
        await setReadiness(b, inReview.slice(0, 3), "RESTRICTED");
        await Promise.all([
          setReadiness(a, inReview.slice(3), "RESTRICTED"),
          setReadiness(b, ready.slice(3), "ACTION_NEEDED"),
        ]);
        await Promise.all([a.query("COMMIT"), b.query("COMMIT")]);
      } finally {
        await Promise.all([a.end(), b.end()]);
      }
      await expectExactTotals();
      expect(
        await db().stripeConnection.count({
          where: { id: { startsWith: token }, readiness: { in: ["ACTION_NEEDED", "RESTRICTED"] } },
        }),
      ).toBe(12);
      await db().user.deleteMany({ where: { id: { startsWith: token } } });
    });

    it("let two transactions move connections between weeks in opposite orders: both commit, weeks exact", async () => {
      const { token, ids } = await makeConnections(repeat(8, { connectedAt: daysAgo(3) }));
      const setWeek = (client: pg.Client, some: string[], connectedAt: Date) =>
        client.query(`UPDATE "StripeConnection" SET "connectedAt" = $1 WHERE "id" = ANY($2)`, [
          connectedAt,
          some,
        ]);
      const [a, b] = [await session(), await session()];
      try {
        await a.query("BEGIN");
        await b.query("BEGIN");
        // A moves connections to 5 weeks ago, then to 9; B to 9, then to 5.
        await setWeek(a, ids.slice(0, 2), daysAgo(35));
        await setWeek(b, ids.slice(2, 4), daysAgo(63));
        await Promise.all([
          setWeek(a, ids.slice(4, 6), daysAgo(63)),
          setWeek(b, ids.slice(6, 8), daysAgo(35)),
        ]);
        await Promise.all([a.query("COMMIT"), b.query("COMMIT")]);
      } finally {
        await Promise.all([a.end(), b.end()]);
      }
      await expectExactTotals();
      await db().user.deleteMany({ where: { id: { startsWith: token } } });
      await expectExactTotals();
    });

    it("do not make a writer wait for another's open transaction that changed the same totals", async () => {
      const { token, ids } = await makeConnections(repeat(8, { readiness: "READY" }));
      const [a, b] = [await session(), await session()];
      try {
        await b.query("SET lock_timeout = '3s'");
        await a.query("BEGIN");
        await setReadiness(a, ids.slice(0, 4), "RESTRICTED");
        // A is still open (a slow batch): B's change of the same totals commits meanwhile.
        await setReadiness(b, ids.slice(4), "RESTRICTED");
        await db().stripeConnection.delete({ where: { id: ids[4] } });
        await expectExactTotals();
        await a.query("COMMIT");
      } finally {
        await Promise.all([a.end(), b.end()]);
      }
      await expectExactTotals();
      await db().user.deleteMany({ where: { id: { startsWith: token } } });
    });
  },
);
