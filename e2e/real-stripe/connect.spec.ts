import { expect, test } from "../test";
import { testEnv } from "@/lib/env";
import { signUp } from "../fixtures";

const configured = Boolean(
  testEnv().E2E_REAL_STRIPE_SECRET_KEY && testEnv().E2E_REAL_STRIPE_CLIENT_ID,
);
const why =
  "Real Stripe test mode not configured: set E2E_REAL_STRIPE_SECRET_KEY (sk_test_…) and E2E_REAL_STRIPE_CLIENT_ID (ca_…) to run it.";
if (!configured) console.log(`[real-stripe] skipped. ${why}`);

test("a seller connects a new test-mode account on Stripe's real Connect page", async ({
  page,
}) => {
  test.skip(!configured, why);
  test.setTimeout(120_000);
  await signUp(page);
  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  await expect(page).toHaveURL(/^https:\/\/connect\.stripe\.com\//);
  // Stripe's test mode offers to skip its onboarding form.
  await page.locator("#skip-account-app").click();
  await expect(page).toHaveURL(/\/settings\?connect=connected$/, { timeout: 60_000 });
  await expect(page.getByTestId("connection-account-id")).toHaveText(/^acct_/);

  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("Disconnected");
});
