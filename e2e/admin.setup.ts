import { test as setup } from "@playwright/test";
import { ADMIN_EMAIL, signUp } from "./fixtures";

// Runs once before the app's specs: the platform admin (listed in ADMIN_EMAILS) signs up.
setup("the platform admin has an account", async ({ page }) => {
  await signUp(page, ADMIN_EMAIL, "Platform Admin");
});
