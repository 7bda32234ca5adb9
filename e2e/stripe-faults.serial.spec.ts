import { expect, test } from "@playwright/test";
import { approveOnStripe, connectedSeller, EMULATOR_URL, seedAccount } from "./emulator";
import { signUp } from "./fixtures";

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
  await request.post(`${EMULATOR_URL}/_emulator/faults`, {
    data: { path: "/oauth/token", status: 500, times: 3 },
  });
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
  await request.post(`${EMULATOR_URL}/_emulator/faults`, {
    data: { path: "/oauth/deauthorize", status: 503, times: 3 },
  });

  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page).toHaveURL(/\/settings\?disconnect=stripe_unavailable$/);
  await expect(page.getByTestId("connection-status")).toContainText("Connected");

  // Once Stripe is back, the same button works.
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("Disconnected");
});

test("a Stripe error while loading the dashboard shows a retry, not a broken page", async ({
  page,
  request,
}) => {
  await connectedSeller(page, request);
  await request.post(`${EMULATOR_URL}/_emulator/faults`, {
    data: { path: "/v1/balance", status: 500, times: 3 },
  });
  await page.goto("/dashboard");
  await expect(page.getByTestId("retry-notice")).toContainText("Stripe did not answer just now.");
  await expect(page.getByRole("region", { name: "Recent payments" })).toContainText("Order #1001");

  await page.getByRole("link", { name: "Retry" }).click();
  await expect(page.getByTestId("balance")).toContainText("$1,234.56");
});
