/** Starting, watching and stopping the servers under test. */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import type pg from "pg";
import { childEnv } from "@/lib/env";

export interface Server {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Node's own options for the servers under test: `--cpu-prof-dir=DIR` when the benchmark is run
 * with `--cpu-prof DIR` (each server writes its V8 CPU profile there when it stops).
 */
const nodeOptions: string[] = [];

/** Each server started from now on writes a CPU profile into `dir` when it stops. */
export function profileServersInto(dir: string): void {
  nodeOptions.push("--cpu-prof", `--cpu-prof-dir=${dir}`);
}

/** Starts `node args…` with `env` added to ours, its output going to the file `log`. */
function spawnNode(args: string[], env: Record<string, string>, log: string): ChildProcess {
  const child = spawn(process.execPath, [...nodeOptions, ...args], {
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = createWriteStream(log);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  return child;
}

/** Runs `node args…` to completion, its output kept in `log`; throws if it fails. */
export async function runNode(args: string[], env: Record<string, string>, log: string) {
  const child = spawnNode(args, env, log);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`node ${args.join(" ")} failed (${String(code)}): see ${log}`);
}

/** Starts `node args…` and waits until `url` answers (any status). */
export async function startServer(
  name: string,
  args: string[],
  env: Record<string, string>,
  url: string,
  log: string,
): Promise<Server> {
  const taken = await fetch(url, { method: "POST" }).then(
    () => true,
    () => false,
  );
  if (taken)
    throw new Error(`${name}: something already answers at ${url} (set BENCH_WEBHOOKS_PORT)`);
  const child = spawnNode(args, env, log);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): see ${log}`);
    try {
      await fetch(url, { method: "POST" });
      return { name, child, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await stop();
  throw new Error(`${name} did not answer at ${url}: see ${log}`);
}

/** Resident memory of a process and its descendants, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const id of descendants(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

function descendants(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return [pid, ...(children ? children.split(/\s+/) : []).flatMap((c) => descendants(Number(c)))];
  } catch {
    return [];
  }
}

/** Fields of /proc/PID/stat after the command name (field 3 is [0]). */
function stat(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text
      .slice(text.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
  } catch {
    return [];
  }
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU time in ms a process tree has used (its threads; not its children that have exited). */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const id of descendants(pid)) {
    const f = stat(id);
    ticks += (f[11] ?? 0) + (f[12] ?? 0);
  }
  return (ticks * 1000) / TICKS;
}

/**
 * CPU ms used so far by each PostgreSQL backend serving `client`'s database, by pid (but
 * `client`'s own): pg_stat_activity's pids read in /proc, so only on this machine (0 elsewhere).
 * The cluster's other databases, and its shared processes (WAL writer, checkpointer), are not
 * counted.
 */
export async function backendCpu(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
  );
  return new Map(rows.map(({ pid }) => [pid, cpuMs(pid)]));
}

/**
 * CPU ms the backends used between two readings of backendCpu: one that started since counts
 * from 0; one that ended since is not counted (the pools keep theirs open through a round).
 */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, used] of after) ms += used - (before.get(pid) ?? 0);
  return ms;
}

/** Samples a process tree's RSS every 250 ms until stopped: first, last and peak, in MB. */
export function watchMemory(pid: number) {
  const samples = [rssMb(pid)];
  const timer = setInterval(() => samples.push(rssMb(pid)), 250);
  return () => {
    clearInterval(timer);
    samples.push(rssMb(pid));
    return { first: samples[0] ?? 0, last: samples.at(-1) ?? 0, peak: Math.max(...samples) };
  };
}
