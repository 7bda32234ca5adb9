import { checkPage, forEachLayout, test } from "./layout";

// A seller connected to a Stripe account with a balance, payments and a payout.
forEachLayout("a connected seller's pages", () => {
  test.beforeEach(async ({ asSeller }) => {
    await asSeller();
  });
  for (const path of ["/dashboard", "/settings"]) {
    test(path, async ({ page }) => {
      await checkPage(page, path);
    });
  }
});
