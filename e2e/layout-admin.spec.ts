import { checkPage, forEachLayout, test } from "./layout";

// The admin's own pages, and the seller pages as an admin (who has no Stripe connection) sees them.
forEachLayout("admin pages", () => {
  test.beforeEach(async ({ asAdmin }) => {
    await asAdmin();
  });
  for (const path of [
    "/admin",
    "/admin/audit",
    "/admin/team",
    "/admin/system",
    "/settings",
    "/dashboard",
  ]) {
    test(path, async ({ page }) => {
      await checkPage(page, path);
    });
  }
});
