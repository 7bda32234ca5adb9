import type { Page } from "@playwright/test";
import { test } from "./test";
import { connect, seedAccount, signInAsAdmin, signUp } from "./fixtures";

// `npm run screenshots`: the README's pictures, made from the running app so they stay current:
// the seller's Settings and dashboard and the admin's overview and accounts list, at desktop
// width in light mode, and a phone in dark mode.
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage });
}

test("README screenshots", async ({ page, request }) => {
  await page.setViewportSize(DESKTOP);
  const account = await seedAccount(request, "Robin's Ceramics");
  await signUp(page, undefined, "Robin Seller");
  await shoot(page, "settings-not-connected");
  await connect(page, account);
  await shoot(page, "settings-connected");
  await page.goto("/dashboard");
  await page.getByTestId("balance").waitFor();
  await page.getByRole("region", { name: "Recent payouts" }).waitFor();
  await shoot(page, "dashboard", true);

  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize(PHONE);
  await page.reload();
  await page.getByTestId("balance").waitFor();
  await shoot(page, "dashboard-phone-dark", true);
});

test("README screenshots, admin", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signInAsAdmin(page);
  await page.goto("/admin");
  await page.getByRole("heading", { level: 1 }).waitFor();
  await shoot(page, "admin-overview", true);
  await page.goto("/admin/accounts");
  await page.getByRole("table").waitFor();
  await shoot(page, "admin-accounts");

  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize(PHONE);
  await page.reload();
  // The rows, not the filters above them: the table's top at the top of the screen.
  await page.getByRole("table").evaluate((table) => {
    table.scrollIntoView();
  });
  await shoot(page, "admin-accounts-phone-dark");
});
