/** The package's own test run (`npm test` in stripe-emulator/); the repository's root runs the same files. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // Room for a machine under load; slow steps set their own.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
