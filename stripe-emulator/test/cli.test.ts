/**
 * The package's command, `stripe-connect-emulator` (bin/), as `npx` runs it: `--help` lists every
 * option and environment variable (the same ones the README documents), flags set their variable,
 * and a wrong flag is refused in one line.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../package.json";
import { runCommand } from "./helpers";

const ROOT = path.join(import.meta.dirname, "..");
const BIN = path.join(ROOT, packageJson.bin["stripe-connect-emulator"]);

function run(args: string[], env: Record<string, string> = {}) {
  return runCommand([BIN, ...args], ROOT, env);
}

/** The variables in the README's "Environment variables" table. */
async function documentedVariables(): Promise<string[]> {
  const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^\| `(STRIPE_EMULATOR_[A-Z_]+)` +\|/gm)].map((m) => m[1] ?? "");
}

describe("the stripe-connect-emulator command", () => {
  it("--help prints the usage, every option with its variable and default, and exits", async () => {
    const { code, stdout, stderr } = await run(["--help"]);

    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: stripe-connect-emulator [options]");
    expect(stdout).not.toContain("listening");
    const documented = await documentedVariables();
    expect(documented.length).toBeGreaterThan(10);
    for (const name of documented) {
      const flag = name.slice("STRIPE_EMULATOR_".length).toLowerCase().replaceAll("_", "-");
      expect(stdout).toContain(`--${flag} <value>  (${name})`);
    }
    const listed = [...stdout.matchAll(/\((STRIPE_EMULATOR_[A-Z_]+)\)/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...documented].sort());
    expect(stdout).toMatch(/--port <value> {2}\(STRIPE_EMULATOR_PORT\)\n.*default: 12111/);
    expect(stdout).toContain("-h, --help");
  }, 60_000);

  it("--version prints the package's version", async () => {
    const { code, stdout } = await run(["--version"]);

    expect(code).toBe(0);
    expect(stdout.trim()).toBe(packageJson.version);
  }, 60_000);

  it("a flag sets its variable and wins over the environment", async () => {
    const { code, stdout } = await run(
      ["--client-id", "ca_fromflag", "--state-file", "memory://"],
      {
        STRIPE_EMULATOR_CLIENT_ID: "ca_fromenv",
        STRIPE_EMULATOR_REDIRECT_URIS: "http://127.0.0.1:9/callback",
      },
    );

    expect(code).toBe(0);
    expect(stdout).toMatch(/Stripe emulator listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain("Client id:       ca_fromflag");
    expect(stdout).toContain("Redirect URIs:   http://127.0.0.1:9/callback");
    expect(stdout).toMatch(/State file: +none/);
  }, 60_000);

  it("refuses an unknown flag or a bad value in one line, naming it", async () => {
    const unknown = await run(["--prot", "1"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr.trim()).toBe(
      "stripe-connect-emulator: Unknown option '--prot'. Run `stripe-connect-emulator --help` for the options.",
    );

    const bad = await run(["--port", "eighty"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("STRIPE_EMULATOR_PORT must be a whole number");
  }, 60_000);
});
