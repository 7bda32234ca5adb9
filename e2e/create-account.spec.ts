/**
 * The second door, in Chromium: a new seller without a Stripe account chooses "Create a Stripe
 * account", goes through Stripe's hosted onboarding (the emulator's), comes back to Settings and
 * sees the account In review, then Ready once Stripe has verified it; the dashboard shows its
 * balance (read with the Stripe-Account header), and an admin finds it in the list as created.
 */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import {
  expectAccessible,
  flushWebhooks,
  signInAsAdmin,
  signUp,
  stripeEmulator,
  uniqueEmail,
} from "./fixtures";

/** Settings, once every webhook Stripe sent so far has been delivered. */
async function settingsAfterWebhooks(page: Page, request: APIRequestContext) {
  await flushWebhooks(request);
  await page.goto("/settings");
}

test("a new seller creates a Stripe account, onboards at Stripe, and is In review, then Ready", async ({
  page,
  browser,
  request,
}) => {
  test.slow(); // a sign-up by mail, Stripe's onboarding, the dashboard and the admin list
  await signUp(page, uniqueEmail("created"), "Rosa Created");
  await expect(page.getByRole("link", { name: "Connect my Stripe account" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Create a Stripe account" }).click();
  await expect(page.getByRole("heading", { name: /^Set up payments for/ })).toBeVisible();
  await page.getByRole("button", { name: "Skip (use test data)" }).click();

  // Back on Settings: details submitted, Stripe verifying them.
  await expect(page).toHaveURL(/\/settings\?connect=onboarded$/);
  const readiness = page.getByTestId("readiness");
  await expect(readiness).toContainText("In review");
  await expect(page.getByTestId("connection-source")).toHaveText(
    "Created for you by the marketplace",
  );
  await expect(page.getByRole("button", { name: "Continue setup at Stripe" })).toHaveCount(0);
  await expectAccessible(page);
  const account = (await page.getByTestId("connection-account-id").textContent()) ?? "";
  expect(account).toMatch(/^acct_/);

  // Stripe verifies; its thin notifications (and its account.updated) bring Ready.
  const stripe = stripeEmulator(request);
  await stripe.verifyPending(account);
  await stripe.flushThinEvents();
  const thin = (await stripe.thinDeliveries()).filter((d) => d.account === account);
  expect(thin.map((d) => d.event_type)).toContain("v2.core.account[requirements].updated");
  expect(thin.map((d) => d.attempts.at(-1)?.status)).toEqual(thin.map(() => 200));
  await settingsAfterWebhooks(page, request);
  await expect(readiness).toContainText("Ready");

  // The dashboard reads the account's balance as the account (the Stripe-Account header).
  await stripe.createCharge(account, { amount: 4200, currency: "usd", description: "Mug" });
  await page.goto("/dashboard");
  const available = page.getByTestId("balance");
  await expect(available.getByRole("heading", { name: "Available now" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent payments" })).toContainText("$42.00");

  // An admin finds it among the created accounts.
  const admin = await browser.newPage();
  await signInAsAdmin(admin);
  await admin.goto(`/admin/accounts?source=created&q=${account}`);
  const row = admin.getByRole("row", { name: /Rosa Created/ });
  await expect(row).toContainText("Created");
  await expect(admin.getByLabel("Source")).toHaveValue("created");
  await row.getByRole("link", { name: "Rosa Created" }).click();
  await expect(admin.getByTestId("connection-status")).toContainText("Created");
  await admin.close();
});

test("a seller who leaves onboarding unfinished continues where they left off", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("resume"), "Rui Resume");
  await page.getByRole("button", { name: "Create a Stripe account" }).click();
  await page.getByRole("button", { name: /^Return to / }).click();

  await expect(page).toHaveURL(/\/settings\?connect=onboarding_unfinished$/);
  const account = (await page.getByTestId("connection-account-id").textContent()) ?? "";
  await page.getByRole("button", { name: "Continue setup at Stripe" }).click();
  await expect(page.getByRole("heading", { name: /^Set up payments for/ })).toBeVisible();
  await page.getByRole("button", { name: "Skip (use test data)" }).click();

  await expect(page).toHaveURL(/\/settings\?connect=onboarded$/);
  await expect(page.getByTestId("connection-account-id")).toHaveText(account);
  await expect(page.getByTestId("readiness")).toContainText("In review");
});
