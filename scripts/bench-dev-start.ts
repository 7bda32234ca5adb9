/**
 * `npm run bench:dev-start`: seconds from `npm run dev` to the first page served, on a fresh
 * embedded database (created, migrated, seeded) and then on the existing one. Median of --runs
 * (default 3) each. Uses its own ports and data folder, so it can run beside a dev server.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { childEnv } from "@/lib/env";

const PORT = 3450;
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 3;

async function timeToFirstPage(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn("npm", ["run", "dev"], {
    detached: true,
    stdio: "ignore",
    env: childEnv({
      PORT: String(PORT),
      PGLITE_DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: "54450",
      STRIPE_EMULATOR_PORT: "12450",
      STRIPE_EMULATOR_STATE_FILE: path.join(dataDir, "stripe-emulator.json"),
    }),
  });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://localhost:${PORT}/`)).ok)
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
  const fresh: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(path.join(tmpdir(), "seller-connect-dev-"));
    fresh.push(await timeToFirstPage(dir));
    warm.push(await timeToFirstPage(dir));
    await rm(dir, { recursive: true, force: true });
  }
  const show = (xs: number[]) =>
    `median ${median(xs).toFixed(1)} s  (runs: ${xs.map((x) => x.toFixed(1)).join(", ")})`;
  console.log("npm run dev → first page served (GET /, compiled on demand)");
  console.log(`  fresh database (create, migrate, seed): ${show(fresh)}`);
  console.log(`  existing database:                      ${show(warm)}`);
}

void main();
