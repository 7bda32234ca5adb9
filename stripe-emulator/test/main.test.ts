/**
 * `npm run stripe:emulator` (src/main.ts) as a person starts it: its own process, configured by
 * the environment. What it says when it cannot start must name the cause and the fix in one line.
 */
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type CommandRun, runCommand } from "./helpers";

const require = createRequire(import.meta.url);
const MAIN = path.join(import.meta.dirname, "..", "src", "main.ts");

/** Runs the emulator in `cwd` with `env` (see runCommand). */
function runEmulator(cwd: string, env: Record<string, string>): Promise<CommandRun> {
  return runCommand([require.resolve("tsx/cli"), MAIN], cwd, env);
}

const STACK_LINE = /^\s+at /m;

describe("npm run stripe:emulator", () => {
  it("starts with STRIPE_EMULATOR_STATE_FILE=memory:// and keeps its state in memory", async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), "emulator-"));

    const run = await runEmulator(cwd, { STRIPE_EMULATOR_STATE_FILE: "memory://" });

    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/State file: +none \(state is in memory\)/);
    expect(run.code).toBe(0);
    expect(await readdir(cwd)).toEqual([]); // no file or folder named after memory://
  }, 60_000);

  it("refuses a state file that is not JSON in one line naming the file and the fix", async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), "emulator-"));
    const file = path.join(cwd, "state.json");
    await writeFile(file, '{"version": 1, "accounts": {');

    const run = await runEmulator(cwd, { STRIPE_EMULATOR_STATE_FILE: file });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`state file ${file} is not valid JSON`);
    expect(run.stderr).toMatch(/Delete it .*memory:\/\//);
    expect(run.stderr).not.toMatch(STACK_LINE);
  }, 60_000);

  it("says in one line that its port is taken, and exits", async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), "emulator-"));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = await runEmulator(cwd, { STRIPE_EMULATOR_PORT: String(port) });

      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(
        `Stripe emulator: 127.0.0.1:${String(port)} is already in use (another emulator, or \`npm run dev\` already running?). Stop that process, or set STRIPE_EMULATOR_PORT to a free port.`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);
});
