/** The benchmarks' child processes: waiting for one to end, and for a server to answer. */
import type { ChildProcess } from "node:child_process";

/** Resolves when `child` exits with 0; rejects, naming its command, otherwise. */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${child.spawnargs.join(" ")} exited with ${String(code)}`));
    });
  });
}

/** Resolves once `url` answers 2xx (polled every 250 ms, up to `seconds`), unless `server` exits. */
export async function waitUntilUp(url: string, server: ChildProcess, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (server.exitCode !== null) throw new Error(`${server.spawnargs.join(" ")} exited`);
    const up = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer`);
}
