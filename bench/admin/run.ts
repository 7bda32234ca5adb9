/**
 * `npm run bench:admin [-- --skip-build | --data-only]`: how fast the admin accounts list is at scale, on real
 * PostgreSQL (BENCH_ADMIN_DATABASE_URL, default the local seller_connect_admin database).
 *
 * 1. Migrates the database and seeds BENCH_SELLERS sellers (100,000) unless they are there.
 * 2. Times the list's data queries alone for each case (bench/admin/queries.ts, in a child process
 *    with DATABASE_URL pointing at the database) and captures their EXPLAIN (ANALYZE, BUFFERS).
 * 3. Unless --data-only: builds the app (unless --skip-build) and starts `next start` on BENCH_ADMIN_PORT (3302), signs in
 *    as the demo admin through next-auth's credentials endpoint, and times the rendered page of
 *    each case (the full HTML), one request at a time.
 * 4. Prints every plan, then a table of p50/p95 per case against the targets (queries ≤ 20 ms,
 *    page ≤ 150 ms at p95), and flags any sequential scan of StripeConnection, and any count that
 *    differs from a plain count(*) of the matching rows (exit code 1).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/lib/db/migrations";
import { DEMO_USERS } from "@/lib/demo-users";
import { childEnv } from "@/lib/env";
import { exited, waitUntilUp } from "../child";
import { adminBenchEnv } from "../env";
import { signIn } from "../session";
import { percentiles, type QueryResults, type Timing } from "./cases";

const QUERY_TARGET_MS = 20;
const PAGE_TARGET_MS = 150;
const require = createRequire(import.meta.url);

function run(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], env: childEnv(env) });
}

async function timePage(url: string, cookie: string, runs: number): Promise<Timing> {
  const get = async () => {
    const response = await fetch(url, { headers: { Cookie: cookie } });
    const html = await response.text();
    if (response.status !== 200 || !html.includes("<h1")) {
      throw new Error(`${url}: ${response.status}`);
    }
  };
  for (let i = 0; i < 3; i++) await get();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await get();
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

const ms = (value: number) => value.toFixed(1).padStart(6);
const mark = (timing: Timing, target: number) =>
  Number.isNaN(timing.p95)
    ? `${"–".padStart(6)} ${"–".padStart(6)}  `
    : `${ms(timing.p50)} ${ms(timing.p95)} ${timing.p95 <= target ? "✓" : "✗"}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { "skip-build": { type: "boolean" }, "data-only": { type: "boolean" } },
  });
  const config = adminBenchEnv();
  const database = { DATABASE_URL: config.BENCH_ADMIN_DATABASE_URL };
  const tsx = require.resolve("tsx/cli");

  console.log(
    `[bench] database ${new URL(config.BENCH_ADMIN_DATABASE_URL).pathname.slice(1)}: migrating`,
  );
  await migrateDatabase(config.BENCH_ADMIN_DATABASE_URL);
  console.log(`[bench] seeding ${config.BENCH_SELLERS.toLocaleString("en-US")} sellers if missing`);
  await exited(
    run(
      process.execPath,
      [
        tsx,
        "--conditions=react-server",
        "prisma/seed.ts",
        "--sellers",
        String(config.BENCH_SELLERS),
      ],
      // A seeding batch is one long statement, longer on a busy machine than a request's limit.
      { ...database, DATABASE_STATEMENT_TIMEOUT_MS: "120000" },
    ),
  );

  console.log(`[bench] data queries: ${config.BENCH_RUNS} runs per case after a warm-up`);
  const out = path.join(await mkdtemp(path.join(tmpdir(), "bench-admin-")), "queries.json");
  await exited(
    run(
      process.execPath,
      [tsx, "--conditions=react-server", "bench/admin/queries.ts", out],
      database,
    ),
  );
  const results = JSON.parse(await readFile(out, "utf8")) as QueryResults;

  const pages: Timing[] = [];
  let overview: Timing | undefined;
  if (!values["data-only"]) overview = await timePages(results, pages, !values["skip-build"]);
  report(results, pages, overview);
}

/** Builds the app (if `build`), starts it, and times each case's page and the overview. */
async function timePages(results: QueryResults, pages: Timing[], build: boolean): Promise<Timing> {
  const config = adminBenchEnv();
  const database = { DATABASE_URL: config.BENCH_ADMIN_DATABASE_URL };
  if (build) {
    console.log("[bench] building the app (skip with -- --skip-build)");
    await exited(run(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {}));
  }
  const base = `http://localhost:${config.BENCH_ADMIN_PORT}`;
  const server = run(
    process.execPath,
    [require.resolve("next/dist/bin/next"), "start", "-p", String(config.BENCH_ADMIN_PORT)],
    {
      ...database,
      APP_URL: base,
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      // Required in production; the benchmark sends no mail.
      SMTP_URL: "smtp://127.0.0.1:9",
      // Production needs a Stripe setting or this (the server checks at start); the pages measured
      // call no Stripe.
      STRIPE_EMULATOR_IN_PRODUCTION: "true",
    },
  );
  let overview: Timing;
  try {
    await waitUntilUp(`${base}/sign-in`, server);
    const admin = DEMO_USERS.find((user) => user.role === "ADMIN");
    if (!admin) throw new Error("no demo admin");
    const cookie = await signIn(base, admin);
    console.log(`[bench] pages: ${config.BENCH_RUNS} requests per case after a warm-up`);
    for (const benchCase of results.cases) {
      pages.push(
        await timePage(`${base}/admin/accounts?${benchCase.query}`, cookie, config.BENCH_RUNS),
      );
    }
    overview = await timePage(`${base}/admin`, cookie, config.BENCH_RUNS);
  } finally {
    server.kill("SIGTERM");
  }
  return overview;
}

function report(results: QueryResults, pages: Timing[], overview: Timing | undefined): void {
  const config = adminBenchEnv();

  for (const benchCase of results.cases) {
    console.log(`\n=== ${benchCase.name}: /admin/accounts?${benchCase.query}`);
    console.log(`--- rows\n${benchCase.plans.rows}\n--- count\n${benchCase.plans.count}`);
  }
  console.log(`\n=== overview: weekly chart\n${results.overview.plan}`);
  const width = Math.max(...results.cases.map((c) => c.name.length));
  console.log(
    `\nAdmin accounts list, ${results.sellers.toLocaleString("en-US")} sellers, ${results.connections.toLocaleString("en-US")} connections, PostgreSQL (${config.BENCH_RUNS} runs each; ms)`,
  );
  console.log(
    `${"case".padEnd(width)}  ${"shown".padStart(7)}  rows p50    p95    count p50    p95    page p50    p95    seq scan  exact`,
  );
  results.cases.forEach((c, i) => {
    const page = pages[i] ?? { p50: NaN, p95: NaN };
    console.log(
      `${c.name.padEnd(width)}  ${c.shown.padStart(7)}  ${mark(c.rows, QUERY_TARGET_MS)}  ${mark(c.count, QUERY_TARGET_MS)}  ${mark(page, PAGE_TARGET_MS)}  ${c.seqScan ? "YES ✗" : "no   "}     ${c.exact ? "yes" : "NO ✗"}`,
    );
  });
  if (overview) {
    console.log(
      `${"overview page (/admin)".padEnd(width)}  ${"".padStart(7)}  ${" ".repeat(16)}  ${" ".repeat(17)}  ${mark(overview, PAGE_TARGET_MS)}`,
    );
  }
  // The overview's data queries, in the rows column: its weekly chart, then its totals.
  for (const [name, timing] of [
    ["overview data: weekly chart", results.overview.chart],
    ["overview data: totals", results.overview.totals],
  ] as const) {
    console.log(`${name.padEnd(width)}  ${"".padStart(7)}  ${mark(timing, QUERY_TARGET_MS)}`);
  }
  console.log(
    `Targets: p95 ≤ ${QUERY_TARGET_MS} ms per data query, ≤ ${PAGE_TARGET_MS} ms per page; no Seq Scan on "StripeConnection".`,
  );
  if (results.cases.some((c) => c.seqScan || !c.exact)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
