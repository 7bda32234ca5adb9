/**
 * `npm run bench:webhooks [-- --events N --concurrency C --accounts A --rounds R --warmup W --skip-build --cpu-prof DIR]`
 *
 * Throughput and latency of the Connect webhook endpoint under `next start` on real PostgreSQL
 * (BENCH_WEBHOOKS_DATABASE_URL, whose schemas it recreates from the migrations), against two baselines
 * given the same load in the same run: the framework floor (bench/webhooks/floor: a minimal
 * Next.js app whose one route verifies and inserts) and a bare node:http + pg server doing the
 * same. The app runs twice: as deployed (logging at info, GET /api/metrics on) and quiet
 * (LOG_LEVEL=silent, no METRICS_TOKEN), each on accounts and events of its own in the one
 * database, so that what logging and metrics cost shows in the same run. The load is sent in
 * rounds, the four servers taking turns in a rotating order, so that whatever else the machine
 * does weighs on all of them alike. Then it checks the database (every
 * event stored once, applied once, final states right) and runs the soak test (soak.ts).
 * Exits 1 when an event was lost, applied twice or left a wrong state. With `--cpu-prof DIR`, each
 * server writes a V8 CPU profile (warm-up included) into DIR when it stops, to open in Chrome's
 * DevTools or to sum up with bench/webhooks/profile-summary.ts.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "stripe-connect-emulator";
import { webhooksBenchEnv } from "../env";
import {
  checkApplied,
  checkStored,
  inSchema,
  recreateSchemas,
  seedConnections,
  withClient,
  type Check,
} from "./database";
import { percentile, sendLoad, type LoadResult } from "./load";
import {
  backendCpu,
  cpuBetween,
  cpuMs,
  profileServersInto,
  runNode,
  startServer,
  watchMemory,
  type Server,
} from "./processes";
import { runSoak } from "./soak";
import { accountIds, buildWorkload, type Workload } from "./workload";

const require = createRequire(import.meta.url);
const NEXT = require.resolve("next/dist/bin/next");
const TSX = require.resolve("tsx/cli");
const FLOOR_DIR = "bench/webhooks/floor";
const LOGS = path.join(".data", "bench-webhooks");

const { values: flags } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "32" },
    accounts: { type: "string", default: "20" },
    rounds: { type: "string", default: "5" },
    // Events each server gets before the measured rounds (to warm up the JIT and the pools), the
    // same for all three, on accounts of their own.
    warmup: { type: "string", default: "6000" },
    "skip-build": { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
  },
});
const total = Number(flags.events);
const concurrency = Number(flags.concurrency);
const accountCount = Number(flags.accounts);
const rounds = Number(flags.rounds);
const warmupEvents = Number(flags.warmup);
if (
  ![total, concurrency, accountCount, rounds, warmupEvents].every(
    (n) => Number.isInteger(n) && n > 0,
  )
) {
  throw new Error(
    "--events, --concurrency, --accounts, --rounds and --warmup take whole numbers above 0",
  );
}

interface Contender {
  name: string;
  /** The database schema it writes to. */
  schema: string;
  /** The events it is sent (the two app servers share a schema: each has accounts of its own). */
  workload: Workload;
  warmup: Workload;
  port: number;
  start: () => Promise<Server>;
  server?: Server;
  loads: LoadResult[];
  /** CPU ms used during the measured rounds by the server and by PostgreSQL. */
  cpu: { server: number; postgres: number };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function totals(c: Contender) {
  const latencies = c.loads.flatMap((l) => l.latencies);
  const seconds = c.loads.reduce((s, l) => s + l.seconds, 0);
  const sent = c.loads.reduce((s, l) => s + l.sent, 0);
  const errors = c.loads.reduce((n, l) => n + [...l.errors.values()].reduce((a, b) => a + b, 0), 0);
  return {
    eventsPerSecond: sent / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    undelivered: c.loads.reduce((n, l) => n + l.undelivered, 0),
  };
}

function printChecks(title: string, checks: Check[]): void {
  console.log(title);
  for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
}

async function main(): Promise<void> {
  const { BENCH_WEBHOOKS_DATABASE_URL: databaseUrl, BENCH_WEBHOOKS_PORT: port } =
    webhooksBenchEnv();
  const secret = `whsec_bench${randomBytes(16).toString("hex")}`;
  const appUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  mkdirSync(LOGS, { recursive: true });

  const accounts = accountIds(accountCount, "bench");
  const warmAccounts = accountIds(4, "warm");
  const quietAccounts = accountIds(accountCount, "quiet");
  const quietWarmAccounts = accountIds(4, "qwarm");
  const start = Math.floor(Date.now() / 1000) - 86_400;
  // The same seeds: the quiet app gets the same sequence of events, on its own accounts.
  const workload = buildWorkload(total, accounts, start, 1);
  const warmup = buildWorkload(warmupEvents, warmAccounts, start, 2);
  const quietWorkload = buildWorkload(total, quietAccounts, start, 1);
  const quietWarmup = buildWorkload(warmupEvents, quietWarmAccounts, start, 2);
  const unique = workload.events.size;
  console.log(
    `Webhook benchmark: ${fmt(total)} signed events (${fmt(unique)} unique + ${fmt(total - unique)} duplicates, shuffled) over ${accountCount} accounts, concurrency ${concurrency}, in ${rounds} rounds, after ${fmt(warmupEvents)} warm-up events per server`,
  );

  await recreateSchemas(databaseUrl, ["public", "bench_floor", "bench_bare"]);
  await seedConnections(
    databaseUrl,
    [...accounts, ...warmAccounts, ...quietAccounts, ...quietWarmAccounts],
    new Date(start * 1000 - 3600e3),
  );
  const baseline = (schema: string) => ({
    DATABASE_URL: inSchema(databaseUrl, schema),
    STRIPE_CONNECT_WEBHOOK_SECRET: secret,
  });
  if (!flags["skip-build"]) {
    console.log("Building the app and the framework floor (next build)…");
    await runNode([NEXT, "build"], {}, path.join(LOGS, "build-app.log"));
    const floorEnv = baseline("bench_floor");
    await runNode([NEXT, "build", FLOOR_DIR], floorEnv, path.join(LOGS, "build-floor.log"));
  }
  const profiles = flags["cpu-prof"];
  if (profiles) profileServersInto(path.resolve(profiles));
  // The soak test's Stripe, idle until then; the app asks it when two updates share a second.
  const emulator = await startEmulator({
    port: port + 3,
    webhookEndpoints: [{ url: `${appUrl}/api/stripe/webhooks`, secret }],
    webhookRetryBaseMs: 100,
    // The soak compresses many sellers' traffic into seconds, and the app fetches an account for
    // each pair of same-second updates: above Stripe's 25/s, which its own tests cover.
    rateLimit: 0,
  });

  const appEnv = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    APP_URL: appUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    SMTP_URL: "smtp://127.0.0.1:9", // required in production; no mail is sent
    STRIPE_SECRET_KEY: "",
    // A production build on the emulator (lib/stripe/config.ts refuses it otherwise).
    STRIPE_EMULATOR_IN_PRODUCTION: "true",
    STRIPE_EMULATOR_PORT: String(emulator.port),
    STRIPE_CONNECT_WEBHOOK_SECRET: secret,
  };
  const endpoint = (p: number) => `http://127.0.0.1:${p}/api/stripe/webhooks`;
  const log = (name: string) => path.join(LOGS, `${name}.log`);
  const contenders: Contender[] = [
    {
      name: "bare node:http + pg",
      schema: "bench_bare",
      workload,
      warmup,
      port: port + 2,
      start: () =>
        startServer(
          "bare",
          [TSX, "bench/webhooks/bare-server.ts"],
          { ...baseline("bench_bare"), PORT: String(port + 2) },
          endpoint(port + 2),
          log("bare"),
        ),
      loads: [],
      cpu: { server: 0, postgres: 0 },
    },
    {
      name: "Next.js floor",
      schema: "bench_floor",
      workload,
      warmup,
      port: port + 1,
      start: () =>
        startServer(
          "floor",
          [NEXT, "start", FLOOR_DIR, "-p", String(port + 1)],
          baseline("bench_floor"),
          endpoint(port + 1),
          log("floor"),
        ),
      loads: [],
      cpu: { server: 0, postgres: 0 },
    },
    {
      name: "Seller Connect",
      schema: "public",
      workload,
      warmup,
      port,
      start: () =>
        startServer(
          "app",
          [NEXT, "start", "-p", String(port)],
          { ...appEnv, LOG_LEVEL: "info", METRICS_TOKEN: randomBytes(16).toString("hex") },
          endpoint(port),
          log("app"),
        ),
      loads: [],
      cpu: { server: 0, postgres: 0 },
    },
    {
      name: "Seller Connect, quiet",
      schema: "public",
      workload: quietWorkload,
      warmup: quietWarmup,
      port: port + 4,
      start: () =>
        startServer(
          "app-quiet",
          [NEXT, "start", "-p", String(port + 4)],
          { ...appEnv, APP_URL: `http://127.0.0.1:${port + 4}`, LOG_LEVEL: "silent" },
          endpoint(port + 4),
          log("app-quiet"),
        ),
      loads: [],
      cpu: { server: 0, postgres: 0 },
    },
  ];
  const [bare, floor, ours, quiet] = contenders as [Contender, Contender, Contender, Contender];

  let memory: ReturnType<ReturnType<typeof watchMemory>>[];
  // The app's peak resident memory in each round: flat when serving more events takes no more
  // (peaks, not samples: a sample falls anywhere in the garbage collector's saw-tooth).
  const roundRss: number[] = [];
  let soak: Awaited<ReturnType<typeof runSoak>>;
  try {
    for (const c of contenders) {
      c.server = await c.start();
      await sendLoad(new URL(endpoint(c.port)), c.warmup.deliveries, secret, concurrency);
    }
    console.log("Servers started and warmed up. Rounds (events/s):");
    const watches = contenders.map((c) => watchMemory(c.server?.child.pid ?? 0));
    const size = Math.ceil(workload.deliveries.length / rounds);
    // PostgreSQL's CPU is that of the bench database's backends only (the three servers' pools:
    // the two idle ones use next to nothing), not the rest of a shared cluster.
    await withClient(databaseUrl, async (monitor) => {
      for (let r = 0; r < rounds; r++) {
        const order = contenders.map(
          (_, i) => contenders[(i + r) % contenders.length] as Contender,
        );
        const line: string[] = [];
        const watchRound = watchMemory(ours.server?.child.pid ?? 0);
        for (const c of order) {
          const pid = c.server?.child.pid ?? 0;
          const before = { server: cpuMs(pid), postgres: await backendCpu(monitor) };
          const slice = c.workload.deliveries.slice(r * size, (r + 1) * size);
          const load = await sendLoad(new URL(endpoint(c.port)), slice, secret, concurrency);
          c.cpu.server += cpuMs(pid) - before.server;
          c.cpu.postgres += cpuBetween(before.postgres, await backendCpu(monitor));
          c.loads.push(load);
          line.push(`${c.name} ${fmt(load.sent / load.seconds)}`);
        }
        roundRss.push(watchRound().peak);
        console.log(
          `  ${r + 1}. ${line.join(" · ")} (${ours.name}: peak ${fmt(roundRss.at(-1) ?? 0)} MB RSS)`,
        );
      }
    });
    memory = watches.map((stop) => stop());
    process.stdout.write("Soak test (emulator: duplicates + out of order)… ");
    soak = await runSoak(emulator, databaseUrl, 8, 400);
    console.log(`${fmt(soak.seconds, 1)} s`);
  } finally {
    for (const c of contenders) await c.server?.stop();
    await emulator.stop();
  }

  console.log();
  const header = [
    "server",
    "events/s",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "CPU µs/event",
    "(PostgreSQL)",
  ];
  const widths = [24, 10, 9, 9, 9, 14, 14];
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("");
  console.log(row(header));
  const results = contenders.map((c) => ({ c, t: totals(c) }));
  for (const { c, t } of results) {
    const sent = c.loads.reduce((n, l) => n + l.sent, 0);
    const perEvent = (ms: number) => fmt((ms * 1000) / sent);
    console.log(
      row([
        c.name,
        fmt(t.eventsPerSecond),
        fmt(t.p50, 1),
        fmt(t.p99, 1),
        fmt(t.errors),
        perEvent(c.cpu.server),
        perEvent(c.cpu.postgres),
      ]),
    );
  }
  const [b, f, o, q] = results.map((r) => r.t) as [
    ReturnType<typeof totals>,
    ReturnType<typeof totals>,
    ReturnType<typeof totals>,
    ReturnType<typeof totals>,
  ];
  const throughput = o.eventsPerSecond / f.eventsPerSecond;
  const p99 = o.p99 / f.p99;
  // In the order the rounds ran (sorted, they would read as a trend).
  const perRound = ours.loads.map(
    (l, i) => l.sent / l.seconds / ((floor.loads[i]?.sent ?? 0) / (floor.loads[i]?.seconds ?? 1)),
  );
  console.log(
    `(CPU of PostgreSQL: the backends of database ${new URL(databaseUrl).pathname.slice(1)} only, from /proc: 0 when PostgreSQL runs elsewhere; not its WAL writer or checkpointer)`,
  );
  console.log();
  console.log(`floor / bare        ${fmt(f.eventsPerSecond / b.eventsPerSecond, 2)}× events/s`);
  console.log(
    `ours / floor        ${fmt(throughput, 2)}× events/s (rounds 1 to ${rounds}: ${perRound.map((x) => fmt(x, 2)).join(", ")}; median ${fmt(percentile([...perRound], 50), 2)}; target ≥ 1: ${throughput >= 1 ? "met" : "MISSED"})`,
  );
  console.log(`ours / floor p99    ${fmt(p99, 2)}× (target ≤ 1: ${p99 <= 1 ? "met" : "MISSED"})`);
  console.log(
    `quiet / floor       ${fmt(q.eventsPerSecond / f.eventsPerSecond, 2)}× events/s, p99 ${fmt(q.p99 / f.p99, 2)}× (logging silent, metrics endpoint off)`,
  );
  console.log(
    `ours / quiet        ${fmt(o.eventsPerSecond / q.eventsPerSecond, 2)}× events/s, p99 ${fmt(o.p99 / q.p99, 2)}× (what logging and metrics cost)`,
  );
  const growth = (roundRss.at(-1) ?? 0) / (roundRss[0] ?? 1) - 1;
  console.log(
    `ours memory         ${growth >= 0 ? "+" : ""}${fmt(growth * 100, 1)}% peak RSS from round 1 to round ${rounds} (${roundRss.map((m) => fmt(m)).join(", ")} MB; target flat, ≤ +10%: ${growth <= 0.1 ? "met" : "MISSED"})`,
  );
  console.log("memory (RSS, MB)    after warm-up → at the end, peak");
  for (const [i, c] of contenders.entries()) {
    const m = memory[i];
    if (m)
      console.log(`  ${c.name.padEnd(22)}${fmt(m.first)} → ${fmt(m.last)}, peak ${fmt(m.peak)}`);
  }

  console.log();
  const checks: [Contender, Check[]][] = [
    [bare, [await checkStored(inSchema(databaseUrl, bare.schema), workload)]],
    [floor, [await checkStored(inSchema(databaseUrl, floor.schema), workload)]],
    [
      ours,
      [await checkStored(databaseUrl, workload), ...(await checkApplied(databaseUrl, workload))],
    ],
    [
      quiet,
      [
        await checkStored(databaseUrl, quietWorkload),
        ...(await checkApplied(databaseUrl, quietWorkload)),
      ],
    ],
  ];
  for (const [c, list] of checks) printChecks(`Database after ${c.name}:`, list);
  printChecks(
    `Soak: ${soak.operations} operations at the emulator, ${soak.deliveries} deliveries (${soak.duplicates} duplicates), held back and released newest first:`,
    soak.checks,
  );
  console.log(`\nTotal ${fmt((performance.now() - started) / 1000)} s; server logs in ${LOGS}/`);
  const all = [...checks.flatMap(([, list]) => list), ...soak.checks];
  const undelivered = b.undelivered + f.undelivered + o.undelivered + q.undelivered;
  if (undelivered > 0 || all.some((c) => !c.ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
