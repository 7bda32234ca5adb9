import { test } from "./test";
import { connect, seedAccount, signUp } from "./fixtures";

// `npm run screenshots`: the README's pictures, made from the running app so they stay current.
test("README screenshots", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const account = await seedAccount(request, "Robin's Ceramics");
  await signUp(page, undefined, "Robin Seller");
  await page.screenshot({ path: "docs/screenshots/settings-not-connected.png" });
  await connect(page, account);
  await page.screenshot({ path: "docs/screenshots/settings-connected.png" });
  await page.goto("/dashboard");
  await page.getByTestId("balance").waitFor();
  await page.getByRole("region", { name: "Recent payouts" }).waitFor();
  await page.screenshot({ path: "docs/screenshots/dashboard.png", fullPage: true });
});
