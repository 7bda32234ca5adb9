import { expectAccessible } from "./fixtures";
import { COLOR_SCHEMES, expect, test } from "./layout";

// Every page, at phone and desktop width, light and dark: e2e/layout*.spec.ts.

for (const colorScheme of COLOR_SCHEMES) {
  test.describe(`in ${colorScheme} mode`, () => {
    test.use({ colorScheme });

    test("the force-disconnect dialog has no accessibility violations", async ({
      page,
      asAdmin,
      connectedAccountPath,
    }) => {
      // A connection Stripe knows (a seeded one is not at Stripe: its page finds no access there).
      // The dialog is only opened, never confirmed: the worker's seller stays connected.
      await asAdmin();
      await page.goto(connectedAccountPath);
      await page.getByRole("button", { name: "Force disconnect" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await expectAccessible(page);
    });
  });
}

test("the navigation works from the keyboard", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Seller Connect" })).toBeFocused();
});
