import { checkPage, forEachLayout, test } from "./layout";

// Pages a signed-out visitor opens (the token pages with a token that is not one).
const PUBLIC_PAGES = [
  "/",
  "/sign-in",
  "/sign-up",
  "/forgot-password",
  "/reset-password?token=not-a-token",
  "/verify-email?token=not-a-token",
  "/invite?token=not-a-token",
  "/no-such-page",
];

forEachLayout("public pages", () => {
  for (const path of PUBLIC_PAGES) {
    test(path, async ({ page }) => {
      await checkPage(page, path);
    });
  }
});
