/**
 * `npm run dev` / `npm start`: starts what the app needs, then Next.js.
 *
 * - No DATABASE_URL: starts the embedded PostgreSQL (PGlite, persisted in PGLITE_DATA_DIR) and
 *   points the app at it with a pool of one connection.
 * - Applies pending migrations (the app does so again at start-up, under an advisory lock).
 * - `dev`: creates the demo users (SEED_DEMO_USERS=false to skip).
 * - No STRIPE_SECRET_KEY: starts the bundled Stripe emulator (the stripe-connect-emulator command) on
 *   STRIPE_EMULATOR_PORT, registered with our callback and webhook URLs, and prints its URLs.
 * - `dev` without SMTP_URL: starts a local mail catcher (scripts/mail-catcher.ts) on
 *   MAIL_CATCHER_PORT and prints each message's subject and links (`start` requires SMTP_URL).
 * - Then runs `next dev` or `next start` on PORT, says when it is ready (GET /api/health/ready
 *   answers 200; if that takes over two minutes, which check fails), and stops everything when it
 *   exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { EMBEDDED_CLIENT_ENV } from "@/lib/db/embedded-client";
import { migrateDatabase } from "@/lib/db/migrations";
import { describeMail, startMailCatcher } from "./mail-catcher";
import { isListening } from "./port";
import { checkServerConfig } from "@/lib/config-check";
import { childEnv, launcherEnv } from "@/lib/env";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";

type Mode = "dev" | "start";

const require = createRequire(import.meta.url);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [command, ...args], { stdio: "inherit", env });
}

function waitForExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode ?? 1);
      return;
    }
    child.once("exit", (code, signal) => {
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * Waits until the emulator accepts connections on `port` (it listens once it is ready). Probed
 * with bare TCP connections, not requests, so its request log stays free of health checks.
 */
async function waitUntilUp(port: number, child: ChildProcess, seconds = 120): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (child.exitCode !== null) throw new Error(`the Stripe emulator exited (${child.exitCode})`);
    if (await isListening(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the Stripe emulator did not listen on 127.0.0.1:${String(port)}`);
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (arg !== "dev" && arg !== "start") throw new Error("usage: serve.ts dev|start");
  const mode: Mode = arg;
  const config = launcherEnv();
  const stops: (() => Promise<void>)[] = [];
  // Exit codes of services that ended on their own: the launcher stops when one does.
  const failed: Promise<number>[] = [];
  const appUrl = config.APP_URL ?? `http://localhost:${config.PORT}`;
  const extra: Record<string, string> = { APP_URL: appUrl, NEXTAUTH_URL: appUrl };

  // Every setting is checked before anything starts, as the server will see it (`next start`
  // runs with NODE_ENV=production); a bad one stops here with its name. The embedded database's
  // URL is not known yet: the one it will have stands in.
  checkServerConfig(
    childEnv({
      ...extra,
      NODE_ENV: mode === "start" ? "production" : "development",
      DATABASE_URL:
        config.DATABASE_URL ??
        `postgresql://postgres:postgres@127.0.0.1:${String(config.EMBEDDED_DB_PORT || 54329)}/postgres`,
    }),
  );

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const embedded: EmbeddedPostgres = await startEmbeddedPostgres({
      dataDir: config.PGLITE_DATA_DIR,
      port: config.EMBEDDED_DB_PORT,
    });
    stops.push(() => embedded.stop());
    databaseUrl = embedded.url;
    extra.DATABASE_URL = databaseUrl;
    Object.assign(extra, EMBEDDED_CLIENT_ENV);
    console.log(
      `[serve] embedded PostgreSQL (PGlite) in ${config.PGLITE_DATA_DIR}: ${databaseUrl}`,
    );
  }

  await migrateDatabase(databaseUrl, {
    allowChanged: config.MIGRATIONS_ALLOW_CHANGED,
    log: (line) => {
      console.log(`[serve] ${line}`);
    },
  });

  if (!config.STRIPE_SECRET_KEY) {
    const port = String(config.STRIPE_EMULATOR_PORT);
    const emulator = run(
      require.resolve("stripe-connect-emulator/bin"),
      [],
      childEnv({
        STRIPE_EMULATOR_PORT: port,
        STRIPE_EMULATOR_CLIENT_ID: EMULATOR.clientId,
        STRIPE_EMULATOR_SECRET_KEY: EMULATOR.secretKey,
        STRIPE_EMULATOR_REDIRECT_URIS: `${appUrl}/api/stripe/connect/callback`,
        STRIPE_EMULATOR_WEBHOOK_ENDPOINTS: `${appUrl}/api/stripe/webhooks ${EMULATOR.connectWebhookSecret}`,
        // Thin (v2) event notifications, to the app's second endpoint with its own secret.
        STRIPE_EMULATOR_EVENT_DESTINATIONS: `${appUrl}/api/stripe/webhooks/thin ${EMULATOR.thinWebhookSecret}`,
        STRIPE_EMULATOR_STATE_FILE: config.STRIPE_EMULATOR_STATE_FILE,
      }),
    );
    let stopping = false;
    stops.push(async () => {
      stopping = true;
      emulator.kill("SIGTERM");
      await waitForExit(emulator);
    });
    // An emulator that stops on its own (its port taken, a damaged state file: it says why) stops
    // us too, even when another process answered on its port meanwhile.
    failed.push(
      waitForExit(emulator).then((code) => {
        if (stopping) return new Promise<number>(() => undefined);
        console.error(`[serve] the Stripe emulator exited (code ${String(code)}): stopping.`);
        return 1;
      }),
    );
    await waitUntilUp(config.STRIPE_EMULATOR_PORT, emulator);
    extra.STRIPE_EMULATOR_PORT = port;
  }

  if (mode === "dev" && !config.SMTP_URL) {
    const catcher = await startMailCatcher({
      smtpPort: config.MAIL_CATCHER_PORT,
      onMessage: (mail) => {
        console.log(describeMail(mail));
      },
    });
    stops.push(() => catcher.stop());
    extra.SMTP_URL = `smtp://127.0.0.1:${String(catcher.smtpPort)}`;
    console.log(
      `[serve] mail is caught on ${extra.SMTP_URL} and printed here (nothing is delivered)`,
    );
  }

  if (mode === "dev" && config.SEED_DEMO_USERS !== false) {
    const seed = run(
      require.resolve("tsx/cli"),
      ["--conditions=react-server", "prisma/seed.ts"],
      childEnv(extra),
    );
    if ((await waitForExit(seed)) !== 0) throw new Error("seeding the demo users failed");
  }

  const next = run(
    require.resolve("next/dist/bin/next"),
    [mode, "-p", String(config.PORT)],
    // Next's telemetry notice is noise in every start's log.
    childEnv({ ...extra, NEXT_TELEMETRY_DISABLED: "1" }),
  );
  void announceWhenReady(config.PORT, next);
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      next.kill(signal);
    });
  }
  const code = await Promise.race([waitForExit(next), ...failed]);
  if (next.exitCode === null) {
    next.kill("SIGTERM");
    await waitForExit(next);
  }
  await stopAll();
  process.exit(code);
}

/** Logs once the app answers ready, or which checks fail after two minutes (and keeps waiting). */
async function announceWhenReady(port: number, next: ChildProcess): Promise<void> {
  const url = `http://localhost:${String(port)}/api/health/ready`;
  const started = Date.now();
  let complained = false;
  while (next.exitCode === null) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) {
        console.log(`[serve] ready on http://localhost:${String(port)}`);
        return;
      }
      if (!complained && Date.now() - started > 120_000) {
        complained = true;
        console.warn(`[serve] not ready yet: ${JSON.stringify(await response.json())}`);
      }
    } catch {
      // not listening yet (or not answering)
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().catch((error: unknown) => {
  console.error(`[serve] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
