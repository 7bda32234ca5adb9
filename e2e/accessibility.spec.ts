import { expect, test } from "@playwright/test";
import { expectAccessible, signInAsAdmin } from "./fixtures";

test("public pages have no serious accessibility violations", async ({ page }) => {
  for (const path of ["/", "/sign-in", "/sign-up", "/no-such-page"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
});

test("signed-in pages have no serious accessibility violations, at desktop and phone width", async ({
  page,
}) => {
  await signInAsAdmin(page);
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 375, height: 740 },
  ]) {
    await page.setViewportSize(viewport);
    for (const path of ["/settings", "/dashboard", "/admin", "/admin/accounts"]) {
      await page.goto(path);
      await expect(page.locator("h1")).toBeVisible();
      await expectAccessible(page);
    }
  }
});

test("the navigation works from the keyboard", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Seller Connect" })).toBeFocused();
});
