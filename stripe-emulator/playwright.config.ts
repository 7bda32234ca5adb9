/**
 * The package's own browser tests (`npm run test:e2e` in stripe-emulator/): the authorize page in
 * Chromium. Each spec starts its own emulator on a free port, so no web server is configured.
 * The repository's root runs the same specs as its "stripe-emulator" project.
 */
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium when installed, else Playwright's own download.
      executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
    },
  },
});
