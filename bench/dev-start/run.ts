/**
 * `npm run bench:dev-start`: seconds from `npm run dev` to the first page served, on a fresh
 * embedded database (created, migrated, seeded) and then on the existing one. Median of --runs
 * (default 3) each. Uses its own data folder and ports (BENCH_DEV_START_PORT,
 * BENCH_DEV_START_STRIPE_EMULATOR_PORT, BENCH_DEV_START_EMBEDDED_DB_PORT; free ones by default;
 * the mail catcher always takes a free one), so it can run beside a dev server.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { childEnv } from "@/lib/env";
import { devStartBenchEnv } from "../env";

const { values: flags } = parseArgs({ options: { runs: { type: "string", default: "3" } } });

/** `port`, or when it is 0 one that is free now (the app's and the emulator's must be known). */
async function portOrFree(port: number): Promise<number> {
  if (port !== 0) return port;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

async function timeToFirstPage(
  dataDir: string,
  ports: { app: number; emulator: number; database: number },
): Promise<number> {
  const started = performance.now();
  const child = spawn("npm", ["run", "dev"], {
    detached: true,
    stdio: "ignore",
    env: childEnv({
      PORT: String(ports.app),
      PGLITE_DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(ports.database),
      STRIPE_EMULATOR_PORT: String(ports.emulator),
      STRIPE_EMULATOR_STATE_FILE: path.join(dataDir, "stripe-emulator.json"),
      // Not the default 1025, which a dev server running beside this one holds.
      MAIL_CATCHER_PORT: "0",
    }),
  });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://localhost:${String(ports.app)}/`)).ok)
          return (performance.now() - started) / 1000;
      } catch {
        // not up yet
      }
      if (performance.now() - started > 120_000) throw new Error("no page within 120 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const runs = Number(flags.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number above 0");
  const config = devStartBenchEnv();
  const ports = {
    app: await portOrFree(config.BENCH_DEV_START_PORT),
    emulator: await portOrFree(config.BENCH_DEV_START_STRIPE_EMULATOR_PORT),
    database: config.BENCH_DEV_START_EMBEDDED_DB_PORT,
  };
  const fresh: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(path.join(tmpdir(), "seller-connect-dev-"));
    fresh.push(await timeToFirstPage(dir, ports));
    warm.push(await timeToFirstPage(dir, ports));
    await rm(dir, { recursive: true, force: true });
  }
  const show = (xs: number[]) =>
    `median ${median(xs).toFixed(1)} s  (runs: ${xs.map((x) => x.toFixed(1)).join(", ")})`;
  console.log(
    `npm run dev → first page served (GET /, compiled on demand; app on port ${String(ports.app)}, emulator on ${String(ports.emulator)})`,
  );
  console.log(`  fresh database (create, migrate, seed): ${show(fresh)}`);
  console.log(`  existing database:                      ${show(warm)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
