import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { testEnv } from "./lib/env";

const config = testEnv();
const port = config.E2E_PORT;
const baseURL = `http://localhost:${port}`;

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own download. */
function chromiumPath(): string | undefined {
  if (config.CHROMIUM_PATH) return config.CHROMIUM_PATH;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

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
    { name: "app", testDir: "e2e", dependencies: ["app-setup"], use: { baseURL } },
  ],
  webServer: {
    // The production build, on a throwaway embedded database.
    command: "npm run build && tsx scripts/serve.ts start",
    url: `${baseURL}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: !config.CI,
    stdout: "pipe",
    env: {
      PORT: String(port),
      APP_URL: baseURL,
      PGLITE_DATA_DIR: "memory://",
      EMBEDDED_DB_PORT: "0",
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      ADMIN_EMAILS: "admin@e2e.test",
    },
  },
});
