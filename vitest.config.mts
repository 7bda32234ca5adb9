import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const resolve = {
  alias: {
    "@": root,
    // Outside Next.js, "server-only" would throw; in tests lib/ modules run on the server anyway.
    "server-only": path.join(root, "node_modules/server-only/empty.js"),
  },
};

export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "stripe-emulator/**/*.test.ts"],
          environment: "node",
          // Room for a machine under load (CI shares its cores); slow steps set their own.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Integration tests share one real database (embedded PGlite, or TEST_DATABASE_URL),
        // so their files run one at a time.
        resolve,
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/global-setup.ts"],
          setupFiles: ["tests/setup.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
