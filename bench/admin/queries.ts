/**
 * The data half of `npm run bench:admin`, run by run.ts with DATABASE_URL set to the benchmark
 * database: times the list's two queries (a page of rows, the count) through the same
 * lib/data functions the page calls, and captures EXPLAIN (ANALYZE, BUFFERS) of the exact SQL
 * they send. Writes the results as JSON to the file named by its argument.
 */
import { writeFile } from "node:fs/promises";
import {
  parseConnectionQuery,
  toSearchParams,
  type ConnectionFilters,
  type Position,
} from "@/lib/admin/connection-query";
import {
  connectionCountSql,
  connectionPageSql,
  countConnections,
  countConnectionsOfSellers,
  getConnectionPage,
  PAGE_SIZE,
  type ConnectionRow,
} from "@/lib/data/connection-list";
import {
  getConnectionTotals,
  getReadinessTotals,
  listWeeklyActivity,
  OVERVIEW_WEEKS,
  firstWeekOf,
} from "@/lib/data/connection-stats";
import { db } from "@/lib/db";
import { adminBenchEnv } from "../env";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  FIXED_CASES,
  percentiles,
  type BenchCase,
  type MeasuredCase,
  type QueryResults,
} from "./cases";

const WARMUP = 5;

async function time(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function explain(sql: Prisma.Sql): Promise<string> {
  const lines = await db().$queryRaw<{ "QUERY PLAN": string }[]>(
    Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
  );
  return lines.map((line) => line["QUERY PLAN"]).join("\n");
}

/** The number of matching rows by the plainest query (whatever it reads), to check the count. */
async function countByScan(filters: ConnectionFilters): Promise<number> {
  const sql = connectionPageSql(filters, {}, 10_000_000);
  const [row] = await db().$queryRaw<{ n: number }[]>(
    Prisma.sql`SELECT count(*)::int AS n FROM (${sql}) AS rows`,
  );
  return row?.n ?? 0;
}

/**
 * Page 1,000 reached as a person would, following `next` 999 times from the first page; on the
 * way, a seller's email and account id to search for, from a page in the middle.
 */
async function derivedCases(): Promise<BenchCase[]> {
  const { filters } = parseConnectionQuery({});
  let position: Position = {};
  let sample: ConnectionRow | undefined;
  for (let page = 1; page < 1000; page++) {
    const { rows, next } = await getConnectionPage(filters, position);
    if (!next) throw new Error(`Only ${page} pages: seed at least ${1000 * PAGE_SIZE} connections`);
    if (page === 500) sample = rows[17];
    position = { after: next };
  }
  if (!sample) throw new Error("no sample row");
  const local = sample.sellerEmail.slice(0, sample.sellerEmail.indexOf("@"));
  return [
    { name: "page 1,000 via the cursor", query: toSearchParams(filters, position) },
    // "olivia.sanchez8587" → "sanchez8587": part of an address, as from a support ticket.
    {
      name: "search: email fragment",
      query: `q=${encodeURIComponent(local.slice(local.indexOf(".") + 1))}`,
    },
    {
      name: "search: acct_ prefix",
      query: `q=${encodeURIComponent(sample.stripeAccountId.slice(0, 12))}`,
    },
  ];
}

async function measure(benchCase: BenchCase, runs: number): Promise<MeasuredCase> {
  const { filters, position, searchError } = parseConnectionQuery(
    Object.fromEntries(new URLSearchParams(benchCase.query)),
  );
  if (searchError) throw new Error(`${benchCase.name}: ${searchError}`);
  // A page's rows, then how many connections its sellers have ("+N more"), as the page asks.
  const rows = await time(runs, async () => {
    const page = await getConnectionPage(filters, position);
    await countConnectionsOfSellers(page.rows.map((row) => row.userId));
  });
  const count = await time(runs, () => countConnections(filters));
  const { count: n, capped } = await countConnections(filters);
  const plans = {
    rows: await explain(connectionPageSql(filters, position, PAGE_SIZE + 1)),
    count: await explain(connectionCountSql(filters)),
  };
  return {
    ...benchCase,
    rows: percentiles(rows),
    count: percentiles(count),
    shown: capped ? `${n.toLocaleString("en-US")}+` : n.toLocaleString("en-US"),
    plans,
    seqScan: /Seq Scan on "StripeConnection"/.test(plans.rows + plans.count),
    // The exact count, checked against a plain count(*) (ConnectionTotal kept in step by triggers).
    exact: capped || n === (await countByScan(filters)),
  };
}

/** The overview page's data queries, timed as the list's are, and the plan of its chart's. */
async function measureOverview(runs: number): Promise<QueryResults["overview"]> {
  const chart = await time(runs, () => listWeeklyActivity(OVERVIEW_WEEKS));
  const totals = await time(runs, () => Promise.all([getConnectionTotals(), getReadinessTotals()]));
  const from = firstWeekOf(OVERVIEW_WEEKS);
  const plan = await explain(
    Prisma.sql`SELECT * FROM "ConnectionWeek" WHERE "week" >= ${from.toISOString()}::timestamp(3)`,
  );
  return { chart: percentiles(chart), totals: percentiles(totals), plan };
}

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error("usage: queries.ts OUT.json");
  const { BENCH_RUNS } = adminBenchEnv();
  const totals = await getConnectionTotals();
  const connections = Object.values(totals).reduce((n, t) => n + t.live + t.test, 0);
  const cases = [FIXED_CASES[0], ...(await derivedCases()), ...FIXED_CASES.slice(1)].filter(
    (c): c is BenchCase => c !== undefined,
  );
  const measured: MeasuredCase[] = [];
  for (const benchCase of cases) measured.push(await measure(benchCase, BENCH_RUNS));
  const sellers = await db().user.count({ where: { role: "SELLER" } });
  const overview = await measureOverview(BENCH_RUNS);
  const results: QueryResults = { cases: measured, overview, sellers, connections };
  await writeFile(out, JSON.stringify(results));
  await db().$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
