/**
 * A seller on the emulator's Stripe-hosted onboarding, in Chromium, as an Account Link opens it:
 * the form finished by hand (its errors first), "Skip" with test data, leaving for the platform
 * without finishing, and a used or expired link sending the browser to the platform's refresh_url.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import type Stripe from "stripe";
import * as helpers from "../test/helpers";

/** The platform's side (its refresh and return URLs), the emulator, and stripe-node on it. */
let platform: helpers.Recorder;
let emulator: helpers.RunningEmulator;
let stripe: Stripe;

test.beforeAll(async () => {
  [platform, emulator] = await Promise.all([
    helpers.startRecorder(),
    helpers.startTestEmulator({ platformName: "Seller Connect" }),
  ]);
  stripe = helpers.stripeFor(emulator);
});
test.afterAll(() => Promise.all([emulator.stop(), platform.close()]));

let sellers = 0;
/** A new account as the platform creates one, and an onboarding link for it. */
async function accountWithLink(): Promise<{ account: string; url: string }> {
  sellers += 1;
  const account = await stripe.v2.core.accounts.create({
    contact_email: `onboarding-${sellers}-${Date.now()}@example.com`,
    display_name: "Rosen Pottery",
    dashboard: "full",
    identity: { country: "US", entity_type: "individual" },
    defaults: { responsibilities: { fees_collector: "stripe", losses_collector: "stripe" } },
    configuration: { merchant: { capabilities: { card_payments: { requested: true } } } },
  });
  const link = await stripe.v2.core.accountLinks.create({
    account: account.id,
    use_case: {
      type: "account_onboarding",
      account_onboarding: {
        refresh_url: `${platform.url}/onboard/refresh`,
        return_url: `${platform.url}/onboard/return`,
      },
    },
  });
  return { account: account.id, url: link.url };
}

async function landsOn(page: Page, path: string): Promise<void> {
  await page.waitForURL((url) => url.href === `${platform.url}${path}`);
}

test("finishes the form by hand: its errors first, then In review at Stripe", async ({ page }) => {
  const { account, url } = await accountWithLink();
  await page.goto(url);
  await expect(
    page.getByRole("heading", { name: "Set up payments for Seller Connect" }),
  ).toBeVisible();
  await expect(page.getByLabel("Business name")).toHaveValue("Rosen Pottery");
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByLabel("Business website").fill("not a website");
  await page.getByRole("button", { name: "Agree and submit" }).click();
  await expect(page.getByRole("alert")).toContainText("fields need your attention");
  await expect(page.getByLabel("Business website")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a website starting with https://.")).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  expect((await stripe.accounts.retrieve(account)).details_submitted).toBe(false);

  await page.getByLabel("Business website").fill("https://rosen.example");
  await page.getByLabel("What you sell").fill("Hand-thrown pottery");
  await page.getByLabel("Support phone").fill("+1 555 555 0100");
  await page.getByLabel("First name").fill("Jenny");
  await page.getByLabel("Last name").fill("Rosen");
  await page.getByLabel("Date of birth").fill("1985-04-12");
  await page.getByLabel("ID number (test: 000000000)").fill("000000000");
  await page.getByLabel("Bank routing number (test: 110000000)").fill("110000000");
  await page.getByLabel("Bank account number (test: 000123456789)").fill("000123456789");
  await page.getByRole("button", { name: "Agree and submit" }).click();
  await landsOn(page, "/onboard/return");

  const submitted = await stripe.accounts.retrieve(account);
  expect(submitted).toMatchObject({
    details_submitted: true,
    business_profile: { url: "https://rosen.example", product_description: "Hand-thrown pottery" },
    requirements: {
      currently_due: [],
      pending_verification: ["individual.verification.document"],
    },
    capabilities: { card_payments: "pending", transfers: "pending" },
  });
  const v2 = await stripe.v2.core.accounts.retrieve(account, { include: ["identity"] });
  expect(v2.identity?.individual).toMatchObject({ given_name: "Jenny", surname: "Rosen" });
});

test("Skip fills Stripe's test data and returns to the platform", async ({ page }) => {
  const { account, url } = await accountWithLink();
  await page.goto(url);
  await page.getByRole("button", { name: "Skip (use test data)" }).click();
  await landsOn(page, "/onboard/return");
  const submitted = await stripe.accounts.retrieve(account);
  expect(submitted.details_submitted).toBe(true);
  expect(submitted.requirements?.pending_verification).toEqual([
    "individual.verification.document",
  ]);

  await emulator.client.verifyPending(account);
  const ready = await stripe.accounts.retrieve(account);
  expect([ready.charges_enabled, ready.payouts_enabled]).toEqual([true, true]);
});

test("a used link, a reload of it, and an expired one go to refresh_url", async ({ page }) => {
  const { account, url } = await accountWithLink();
  await page.goto(url);
  await expect(page.getByRole("button", { name: "Agree and submit" })).toBeVisible();
  await page.reload();
  await landsOn(page, "/onboard/refresh");

  const link = await stripe.v2.core.accountLinks.create({
    account,
    use_case: {
      type: "account_onboarding",
      account_onboarding: {
        refresh_url: `${platform.url}/onboard/refresh`,
        return_url: `${platform.url}/onboard/return`,
      },
    },
  });
  await emulator.client.advanceClock(301);
  await page.goto(link.url);
  await landsOn(page, "/onboard/refresh");
  expect((await stripe.accounts.retrieve(account)).details_submitted).toBe(false);
});

test("leaving without finishing returns to the platform and changes nothing", async ({ page }) => {
  const { account, url } = await accountWithLink();
  await page.goto(url);
  await page.getByLabel("First name").fill("Jenny");
  await page.getByRole("button", { name: "Return to Seller Connect" }).click();
  await landsOn(page, "/onboard/return");
  const after = await stripe.accounts.retrieve(account);
  expect(after.details_submitted).toBe(false);
  expect(after.requirements?.currently_due).toContain("individual.verification.document");

  // The link is used up: the platform must make a new one (its refresh_url does).
  await page.goto(url);
  await landsOn(page, "/onboard/refresh");
});
