import { expect, test } from "./test";
import {
  approveOnStripe,
  connectedSeller,
  disconnectFromSettings,
  EMULATOR_URL,
  injectFault,
  seedAccount,
} from "./emulator";
import { signInAsAdmin, signUp } from "./fixtures";

// These inject faults into the one emulator every spec shares: they run alone (see the config).
test.describe.configure({ mode: "serial" });

test.afterEach(async ({ request }) => {
  await request.delete(`${EMULATOR_URL}/_emulator/faults`);
});

test("Stripe answering 500 to the code exchange connects nothing and asks to retry", async ({
  page,
  request,
}) => {
  const account = await seedAccount(request);
  await signUp(page);
  await page.getByRole("link", { name: "Connect with Stripe" }).click();
  // stripe-node tries three times (two retries): fail all of them.
  await injectFault(request, { path: "/oauth/token", status: 500, times: 3 });
  await approveOnStripe(page, account);
  await expect(page).toHaveURL(/\/settings\?connect=stripe_unavailable$/);
  await expect(page.getByTestId("outcome")).toContainText("Stripe could not be reached");
  await expect(page.getByTestId("connection-status")).toHaveText("Not connected");
});

test("Stripe down while disconnecting changes nothing and asks to retry", async ({
  page,
  request,
}) => {
  await connectedSeller(page, request);
  await injectFault(request, { path: "/oauth/deauthorize", status: 503, times: 3 });

  await disconnectFromSettings(page);
  await expect(page).toHaveURL(/\/settings\?disconnect=stripe_unavailable$/);
  await expect(page.getByTestId("connection-status")).toContainText("Connected");

  // Once Stripe is back, the same button works.
  await disconnectFromSettings(page);
  await expect(page.getByTestId("connection-status")).toHaveText("Disconnected");
});

test("a Stripe error while loading the dashboard shows a retry, not a broken page", async ({
  page,
  request,
}) => {
  await connectedSeller(page, request);
  await injectFault(request, { path: "/v1/balance", status: 500, times: 3 });
  await page.goto("/dashboard");
  await expect(page.getByTestId("retry-notice")).toContainText("Stripe did not answer just now.");
  await expect(page.getByRole("region", { name: "Recent payments" })).toContainText("Order #1001");

  await page.getByRole("link", { name: "Retry" }).click();
  await expect(page.getByTestId("balance")).toContainText("$1,234.56");
});

test("Stripe down while an admin force-disconnects changes nothing and says so", async ({
  page,
  browser,
  request,
}) => {
  const account = await connectedSeller(page, request);

  const admin = await browser.newPage();
  await signInAsAdmin(admin);
  await admin.goto(`/admin/accounts?q=${encodeURIComponent(account.id)}`);
  await admin.getByRole("link", { name: "Test Seller" }).click();
  await injectFault(request, { path: "/oauth/deauthorize", status: 503, times: 3 });
  await admin.getByRole("button", { name: "Force disconnect" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Testing an outage");
  await dialog.getByRole("button", { name: "Yes, force disconnect" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Stripe could not be reached");
  await expect(dialog.getByLabel("Reason")).toHaveValue("Testing an outage");
  await admin.reload();
  await expect(admin.getByTestId("connection-status")).toContainText("Connected");
  await expect(admin.getByRole("region", { name: "History" })).toContainText("Failed");

  await page.goto("/settings");
  await expect(page.getByTestId("connection-status")).toContainText("Connected");
  await admin.close();
});
