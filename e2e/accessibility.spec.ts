import type { Page } from "@playwright/test";
import { expect, test } from "./test";
import { connectedSeller, expectAccessible, openAccountAsAdmin, signInAsAdmin } from "./fixtures";

test("public pages have no serious accessibility violations", async ({ page }) => {
  for (const path of [
    "/",
    "/sign-in",
    "/sign-up",
    "/forgot-password",
    "/reset-password?token=not-a-token",
    "/verify-email?token=not-a-token",
    "/invite?token=not-a-token",
    "/no-such-page",
  ]) {
    await page.goto(path);
    await expectAccessible(page);
  }
});

const viewports = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 375, height: 740 },
];

/** Opens an account's page (an ended connection: no call to Stripe), with its dialogs' markup. */
async function openEndedAccount(page: Page): Promise<void> {
  await page.goto("/admin/accounts?status=disconnected");
  await page.getByRole("region", { name: "Stripe connections" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
}

// One test per page and width: each axe scan of a signed-in page takes seconds on a busy machine,
// so one test for all sixteen outgrew any sensible timeout.
for (const { name, width, height } of viewports) {
  test.describe(`signed-in pages have no serious accessibility violations at ${name} width`, () => {
    test.use({ viewport: { width, height } });
    test.beforeEach(async ({ page }) => {
      await signInAsAdmin(page);
    });

    for (const path of [
      "/settings",
      "/dashboard",
      "/admin",
      "/admin/accounts",
      "/admin/accounts?q=zzqqxxnomatch",
      "/admin/accounts?q=ab",
      "/admin/team",
      "/admin/system",
    ]) {
      test(path, async ({ page }) => {
        await page.goto(path);
        await expect(page.locator("h1")).toBeVisible();
        await expectAccessible(page);
      });
    }

    test("an account's page", async ({ page }) => {
      await openEndedAccount(page);
      await expectAccessible(page);
    });
  });
}

test("the force-disconnect dialog has no serious accessibility violations", async ({
  page,
  browser,
  request,
}) => {
  // A connection Stripe knows (a seeded one is not at Stripe: its page finds no access there).
  const seller = await browser.newContext();
  const account = await connectedSeller(await seller.newPage(), request);
  await seller.close();
  await openAccountAsAdmin(page, account.id);
  await page.getByRole("button", { name: "Force disconnect" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectAccessible(page);
});

test("the navigation works from the keyboard", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Seller Connect" })).toBeFocused();
});
