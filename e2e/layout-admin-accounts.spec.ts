import { checkPage, forEachLayout, test } from "./layout";

// The accounts list (full, with no match, with a search too short) and two account pages.
forEachLayout("the admin's accounts pages", () => {
  test.beforeEach(async ({ asAdmin }) => {
    await asAdmin();
  });
  for (const path of [
    "/admin/accounts",
    "/admin/accounts?q=zzqqxxnomatch",
    "/admin/accounts?q=ab",
  ]) {
    test(path, async ({ page }) => {
      await checkPage(page, path);
    });
  }

  test("a connected account's page, live from Stripe", async ({ page, connectedAccountPath }) => {
    await checkPage(page, connectedAccountPath);
  });

  test("an ended connection's page", async ({ page, endedAccountPath }) => {
    await checkPage(page, endedAccountPath);
  });
});
