/**
 * The admin overview's totals (ConnectionTotal, kept by triggers on StripeConnection): exact by
 * status, mode and readiness whatever writes the connections, also two transactions at once that
 * change many of them, in opposite orders; and the overview's counts by readiness with their links.
 */
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { ReadinessTotals } from "@/components/admin/readiness-totals";
import { parseConnectionQuery } from "@/lib/admin/connection-query";
import { countConnections } from "@/lib/data/connection-list";
import { getConnectionTotals, getReadinessTotals } from "@/lib/data/connection-stats";
import { db } from "@/lib/db";
import type { ConnectionStatus, Readiness } from "@/lib/generated/prisma/client";
import { READINESS_STATES } from "@/lib/stripe/readiness";

interface Spec {
  status?: ConnectionStatus;
  livemode?: boolean;
  readiness?: Readiness;
}

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

async function expectExactTotals() {
  const { byStatus, byReadiness } = await counted();
  expect(await getConnectionTotals()).toEqual(byStatus);
  expect(await getReadinessTotals()).toEqual(byReadiness);
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
