/**
 * A bad setting stops start-up with a message naming the variable: the launcher (`npm start`,
 * `npm run dev`) before it starts anything, and the server's own start (`next start` run
 * directly: instrumentation.ts) before it migrates or serves.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, inject, it, vi } from "vitest";
import { childEnv } from "@/lib/env";

const require = createRequire(import.meta.url);
// Starting Node and tsx takes seconds, much more on a busy machine.
const SLOW = { timeout: 300_000 };

let folder: string | undefined;
const running = new Set<ChildProcess>();
afterEach(() => {
  // A launcher that did start (the fault this file is about) must not outlive its test.
  for (const child of running) child.kill("SIGTERM");
});
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

/**
 * A server that only holds a port, so that Next.js cannot listen on it. It drops every connection
 * at once (the launcher asks the port whether the app is ready): a connection left open would
 * keep it from closing.
 */
function holdPort() {
  return createServer((socket) => socket.destroy());
}

/** `tsx scripts/serve.ts <mode>` (what `npm start` / `npm run dev` run) with `env` on top. */
async function launch(
  mode: "start" | "dev",
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; dataDir: string }> {
  folder ??= await mkdtemp(path.join(tmpdir(), "seller-connect-startup-"));
  const dataDir = path.join(folder, `pglite-${mode}-${String(Date.now())}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/serve.ts", mode], {
      env: childEnv({
        DATABASE_URL: "",
        NODE_ENV: mode === "start" ? "production" : "development",
        PGLITE_DATA_DIR: dataDir,
        EMBEDDED_DB_PORT: "0",
        PORT: "3551",
        STRIPE_EMULATOR_PORT: "3552",
        MAIL_CATCHER_PORT: "0",
        SMTP_URL: "smtp://127.0.0.1:2525",
        NEXTAUTH_SECRET: "a-long-enough-secret-for-production-use-0123456789",
        STRIPE_EMULATOR_IN_PRODUCTION: "true",
        ...env,
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      running.delete(child);
      resolve({ code, output, dataDir });
    });
  });
}

describe("the launcher refuses a bad setting before it starts anything", () => {
  it.each([
    ["start", { NEXTAUTH_SECRET: "too-short" }, "NEXTAUTH_SECRET must be at least 32 characters"],
    [
      "start",
      { STRIPE_SECRET_KEY: "sk_test_abc123", STRIPE_EMULATOR_IN_PRODUCTION: "" },
      "STRIPE_CONNECT_CLIENT_ID is required when STRIPE_SECRET_KEY is set",
    ],
    [
      "start",
      { STRIPE_SECRET_KEY: "sk_test_abc123", STRIPE_CONNECT_CLIENT_ID: "ca_abc123" },
      "STRIPE_CONNECT_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set",
    ],
    ["start", { STRIPE_EMULATOR_IN_PRODUCTION: "" }, "STRIPE_SECRET_KEY is required in production"],
    ["start", { SMTP_URL: "" }, "SMTP_URL is required when NODE_ENV=production"],
    [
      "dev",
      { STRIPE_SECRET_KEY: "sk_test_abc123", SMTP_URL: "" },
      "STRIPE_CONNECT_CLIENT_ID is required when STRIPE_SECRET_KEY is set",
    ],
  ] as const)("%s with %j: names the variable", SLOW, async (mode, env, message) => {
    const run = await launch(mode, env);
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toContain(message);
    // Stopped before the database, the emulator or Next.js started.
    expect(existsSync(run.dataDir)).toBe(false);
    expect(run.output).not.toMatch(/embedded PostgreSQL \(PGlite\)|▲ Next\.js|Ready in/);
  });
});

describe("the launcher's log", () => {
  it("has no request line per health check of the Stripe emulator", SLOW, async () => {
    // Next.js cannot listen on a port held here, so `npm run dev` starts everything and then ends.
    const held = holdPort();
    await new Promise<void>((resolve) => held.listen(3553, resolve));
    try {
      const run = await launch("dev", {
        PORT: "3553",
        STRIPE_EMULATOR_PORT: "3554",
        STRIPE_EMULATOR_STATE_FILE: "memory://",
        SEED_DEMO_USERS: "false",
        SMTP_URL: "",
      });
      expect(run.output).toContain("Stripe emulator listening on http://127.0.0.1:3554");
      expect(run.output).toContain("EADDRINUSE");
      expect(run.output).not.toMatch(/GET \/_emulator/);
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  });

  it(
    "starts Next.js with its telemetry disabled (its notice and reports are noise)",
    SLOW,
    async () => {
      // What Next.js gets is seen from inside it: a file preloaded into every Node process the
      // launcher starts reports the setting in the one that runs Next.js's CLI. Unset here, so only
      // the launcher can have set it.
      folder ??= await mkdtemp(path.join(tmpdir(), "seller-connect-startup-"));
      const probe = path.join(folder, "telemetry-probe.cjs");
      await writeFile(
        probe,
        `if (/next[\\/]dist[\\/]bin[\\/]next$/.test(process.argv[1] ?? "")) {
  console.error("[probe] Next.js started with NEXT_TELEMETRY_DISABLED=" + (process.env.NEXT_TELEMETRY_DISABLED ?? "(unset)"));
}
`,
      );
      // Next.js cannot listen on a port held here, so it starts and ends at once.
      const held = holdPort();
      await new Promise<void>((resolve) => held.listen(0, resolve));
      try {
        const run = await launch("dev", {
          PORT: String((held.address() as AddressInfo).port),
          NODE_OPTIONS: `--require ${probe}`,
          NEXT_TELEMETRY_DISABLED: "",
          // Nothing else to start: the tests' database, and Stripe settings that are never called.
          DATABASE_URL: inject("databaseUrl"),
          STRIPE_SECRET_KEY: "sk_test_abc123",
          STRIPE_CONNECT_CLIENT_ID: "ca_abc123",
          STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_abc123",
          SEED_DEMO_USERS: "false",
        });
        expect(run.output).toContain("[probe] Next.js started with NEXT_TELEMETRY_DISABLED=1");
      } finally {
        await new Promise((resolve) => held.close(resolve));
      }
    },
  );
});

describe("the server's own start (instrumentation.ts)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    for (const name of ["NEXT_RUNTIME", "STRIPE_SECRET_KEY", "STRIPE_CONNECT_CLIENT_ID"]) {
      vi.stubEnv(name, "");
    }
  });

  it("stops the process on a bad setting, naming it, before migrating", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_abc123");
    vi.stubEnv("STRIPE_CONNECT_CLIENT_ID", "ca_abc123");
    vi.stubEnv("STRIPE_CONNECT_WEBHOOK_SECRET", "");
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => {
      logged.push(line);
    });
    vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const { register } = await import("@/instrumentation");
    await expect(register()).rejects.toThrow("exit 1");
    expect(logged.join("\n")).toContain(
      "STRIPE_CONNECT_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set",
    );
  });
});
