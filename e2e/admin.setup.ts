import { spawnSync } from "node:child_process";
import { expect, test as setup } from "./test";
import { EMBEDDED_CLIENT_ENV } from "@/lib/db/embedded-client";
import { childEnv } from "@/lib/env";
import { e2eDatabaseUrl } from "./database";
import { ADMIN_EMAIL, signUp } from "./fixtures";

// Runs once before the app's specs: the platform admin (listed in ADMIN_EMAILS) signs up.
setup("the platform admin has an account", async ({ page }) => {
  await signUp(page, ADMIN_EMAIL, "Platform Admin");
});

// More connections than one page of the admin list holds, through the documented seed command.
// The specs have not started yet, so the seed has the embedded database to itself.
setup("sixty sellers are seeded", () => {
  const seed = spawnSync("npm", ["run", "db:seed", "--", "--sellers", "60"], {
    env: childEnv({ DATABASE_URL: e2eDatabaseUrl(), ...EMBEDDED_CLIENT_ENV }),
    encoding: "utf8",
  });
  expect(seed.status, seed.stderr).toBe(0);
});
