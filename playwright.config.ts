import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";
import { chromiumPath } from "./e2e/chromium";
import { e2eDatabasePort, e2eDatabaseUrl } from "./e2e/database";
import { EMBEDDED_CLIENT_ENV } from "./lib/db/embedded-client";
import { testEnv } from "./lib/env";
import { EMULATOR } from "./lib/stripe/emulator-defaults";

const config = testEnv();
const port = config.E2E_PORT;
const baseURL = `http://localhost:${port}`;
const emulatorPort = String(config.E2E_STRIPE_EMULATOR_PORT);
// A second app server on the same database, for "authorize on one, callback on the other".
const secondPort = port + 1;
const embeddedDbPort = String(e2eDatabasePort());
const mailPort = config.E2E_MAIL_PORT;
const sharedEnv = {
  APP_URL: baseURL,
  // The tests' own mail catcher (below); e2e/fixtures.ts reads its inbox.
  SMTP_URL: `smtp://127.0.0.1:${String(mailPort)}`,
  NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
  ADMIN_EMAILS: "admin@e2e.test",
  // Every test comes from 127.0.0.1: per-address limits ×20 (per-account limits stay as they are).
  RATE_LIMIT_ADDRESS_FACTOR: "20",
  // A line per request from four servers would bury the test report: warnings and errors only
  // (tests/log.test.ts checks the request lines on servers of its own).
  LOG_LEVEL: "warn",
  // `npm run build`'s telemetry notice is noise in the test log.
  NEXT_TELEMETRY_DISABLED: "1",
  // Code exchange and deauthorize: 10 s (production: 30 s), so that e2e/stripe-faults.serial.spec.ts
  // can make Stripe slower than that within a test's time. Page reads keep the default (5 s).
  STRIPE_OAUTH_TIMEOUT_MS: "10000",
  // Deployed as N stateless app instances and one worker (README "Scale-out"): the two app
  // servers below only queue jobs, the worker works them (every mail the tests read is its work).
  JOBS: "off",
  // One retry, 5 s after the first, then dead-lettered: e2e/system.spec.ts sees it within minutes.
  WEBHOOK_RETRY_LIMIT: "1",
  WEBHOOK_RETRY_DELAY_SECONDS: "5",
};

/** What a process needs to join the first server's database and emulator. */
const secondServerEnv = {
  DATABASE_URL: e2eDatabaseUrl(),
  ...EMBEDDED_CLIENT_ENV,
  STRIPE_SECRET_KEY: EMULATOR.secretKey,
  STRIPE_CONNECT_CLIENT_ID: EMULATOR.clientId,
  STRIPE_API_BASE: `http://127.0.0.1:${emulatorPort}`,
  STRIPE_CONNECT_BASE: `http://127.0.0.1:${emulatorPort}`,
  STRIPE_CONNECT_WEBHOOK_SECRET: EMULATOR.connectWebhookSecret,
  STRIPE_THIN_WEBHOOK_SECRET: EMULATOR.thinWebhookSecret,
};

const realStripe =
  config.E2E_REAL_STRIPE_SECRET_KEY && config.E2E_REAL_STRIPE_CLIENT_ID
    ? { secretKey: config.E2E_REAL_STRIPE_SECRET_KEY, clientId: config.E2E_REAL_STRIPE_CLIENT_ID }
    : undefined;
const realStripePort = port + 2;

export default defineConfig({
  forbidOnly: Boolean(config.CI),
  retries: config.CI ? 1 : 0,
  workers: 2,
  reporter: config.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices["Desktop Chrome"],
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "app-setup", testDir: "e2e", testMatch: /.*\.setup\.ts/, use: { baseURL } },
    {
      name: "app",
      testDir: "e2e",
      testIgnore: [/\.serial\.spec\.ts$/, /real-stripe\//],
      dependencies: ["app-setup"],
      use: { baseURL },
    },
    // Specs that inject faults into the shared emulator run alone, after the others.
    {
      name: "app-serial",
      testDir: "e2e",
      testMatch: /\.serial\.spec\.ts$/,
      dependencies: ["app"],
      fullyParallel: false,
      use: { baseURL },
    },
    // The emulator's own authorize-page tests start their own emulator instance.
    { name: "stripe-emulator", testDir: "stripe-emulator/e2e" },
    // Real Stripe test mode: runs only with E2E_REAL_STRIPE_* set (the spec says why it skips).
    {
      name: "real-stripe",
      testDir: "e2e/real-stripe",
      use: { baseURL: `http://localhost:${realStripePort}` },
    },
    ...(config.SCREENSHOTS
      ? [
          {
            name: "screenshots",
            testDir: "e2e",
            testMatch: /\.shot\.ts$/,
            dependencies: ["app-setup"],
            use: { baseURL },
          },
        ]
      : []),
  ],
  webServer: [
    {
      // A real SMTP server that keeps every message, with an HTTP inbox for the tests.
      command: `tsx scripts/mail-catcher.ts ${String(mailPort)} ${String(mailPort + 1)}`,
      url: `http://127.0.0.1:${String(mailPort + 1)}/messages`,
      timeout: 60_000,
      reuseExistingServer: !config.CI,
      stdout: "pipe",
    },
    {
      // The production build, on a throwaway embedded database, with the Stripe emulator.
      command: "npm run build && tsx scripts/serve.ts start",
      url: `${baseURL}/api/health/ready`,
      timeout: 300_000,
      reuseExistingServer: !config.CI,
      stdout: "pipe",
      env: {
        ...sharedEnv,
        PORT: String(port),
        PGLITE_DATA_DIR: "memory://",
        EMBEDDED_DB_PORT: embeddedDbPort,
        STRIPE_EMULATOR_PORT: emulatorPort,
        STRIPE_EMULATOR_STATE_FILE: "memory://",
        STRIPE_EMULATOR_IN_PRODUCTION: "true",
        // Two workers act as many sellers and admins at once, all on the platform's one key:
        // above Stripe's 25 requests a second in bursts. Rate limits have their own tests.
        STRIPE_EMULATOR_RATE_LIMIT: "100",
      },
    },
    {
      // The same build on another port, sharing the first one's database and emulator.
      command: `node scripts/wait-for-url.mjs ${baseURL}/api/health/ready && tsx scripts/serve.ts start`,
      url: `http://localhost:${secondPort}/api/health/ready`,
      timeout: 300_000,
      reuseExistingServer: !config.CI,
      stdout: "pipe",
      env: { ...sharedEnv, ...secondServerEnv, PORT: String(secondPort) },
    },
    {
      // The worker (npm run worker) on the same database: it works every job of both servers.
      command: `node scripts/wait-for-url.mjs ${baseURL}/api/health/ready && npm run --silent worker`,
      wait: { stderr: /\[worker\] working/ },
      timeout: 300_000,
      reuseExistingServer: !config.CI,
      stdout: "pipe",
      env: { ...sharedEnv, ...secondServerEnv, JOBS: "inline" },
    },
    ...(realStripe
      ? [
          {
            command: `node scripts/wait-for-url.mjs ${baseURL}/api/health/ready && tsx scripts/serve.ts start`,
            url: `http://localhost:${realStripePort}/api/health/ready`,
            timeout: 300_000,
            reuseExistingServer: !config.CI,
            stdout: "pipe" as const,
            env: {
              ...sharedEnv,
              APP_URL: `http://localhost:${realStripePort}`,
              PORT: String(realStripePort),
              PGLITE_DATA_DIR: "memory://",
              EMBEDDED_DB_PORT: "0",
              // Alone on its database: it works its own jobs.
              JOBS: "inline",
              STRIPE_SECRET_KEY: realStripe.secretKey,
              STRIPE_CONNECT_CLIENT_ID: realStripe.clientId,
            },
          },
        ]
      : []),
  ],
});
