import { expect, test } from "./test";
import {
  accountAtStripe,
  approveOnStripe,
  connect,
  connectCapturingCallback,
  connectedSeller,
  disconnectFromSettings,
  EMULATOR_URL,
  seedAccount,
  signUp,
} from "./fixtures";

test("a seller connects, sees their Stripe data, and disconnects", async ({ page, request }) => {
  const account = await seedAccount(request);
  await signUp(page);
  await expect(page.getByTestId("connection-status")).toHaveText("Not connected");

  await connect(page, account);
  await expect(page.getByTestId("outcome")).toHaveText("Your Stripe account is connected.");
  await expect(page.getByTestId("connection-business-name")).toHaveText(account.businessName);
  await expect(page.getByTestId("connection-account-id")).toHaveText(account.id);
  await expect(page.getByTestId("connection-status")).toContainText("Test mode");

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Dashboard" })
    .click();
  await expect(page.getByTestId("balance")).toContainText("$1,234.56");
  await expect(page.getByTestId("balance")).toContainText("$50.00");
  const payments = page.getByRole("region", { name: "Recent payments" });
  await expect(payments).toContainText("Order #1001");
  await expect(payments).toContainText("$25.00");
  await expect(payments).toContainText("$42.00");
  await expect(page.getByRole("region", { name: "Recent payouts" })).toContainText("$100.00");
  await expect(page.getByRole("link", { name: "Open your Stripe Dashboard" })).toHaveAttribute(
    "href",
    `${EMULATOR_URL}/dashboard/${account.id}`,
  );

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("dialog")).toContainText(`Disconnect ${account.businessName}?`);
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page).toHaveURL(/\/settings\?disconnect=disconnected$/);
  await expect(page.getByTestId("connection-status")).toHaveText("Disconnected");
  await expect(page.getByTestId("connection-ended")).toContainText(
    "You disconnected your Stripe account",
  );
  await expect(page.getByRole("link", { name: "Connect my Stripe account" })).toBeVisible();

  // Stripe agrees: the platform lost access.
  expect((await accountAtStripe(request, account)).connection).toBeNull();
});

test("denying on Stripe's page changes nothing and says so", async ({ page }) => {
  await signUp(page);
  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page).toHaveURL(/\/settings\?connect=denied$/);
  await expect(page.getByTestId("outcome")).toContainText("You cancelled connecting");
  await expect(page.getByTestId("connection-status")).toHaveText("Not connected");
});

test("the profile form keeps what was typed after an error and leads to the field to fix", async ({
  page,
}) => {
  await signUp(page, undefined, "Profile Seller");
  await page.getByLabel("Business name").fill("Kept & Co");
  await page.getByLabel("Website").fill("kept.example");
  await page.getByRole("button", { name: "Save profile" }).click();
  const summary = page.getByTestId("error-summary");
  await expect(summary).toBeFocused();
  const website = page.getByLabel("Website");
  await expect(website).toHaveAccessibleDescription(
    /^Enter a full web address starting with https/,
  );
  await expect(website).toHaveValue("kept.example");
  await expect(page.getByLabel("Business name")).toHaveValue("Kept & Co");
  await summary.getByRole("link", { name: "Website" }).click();
  await expect(website).toBeFocused();

  await website.fill("https://kept.example");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(summary).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("Business name")).toHaveValue("Kept & Co");
  await expect(website).toHaveValue("https://kept.example");
});

test("a new Stripe account made with “Skip this form” connects, prefilled from the profile", async ({
  page,
}) => {
  await signUp(page, undefined, "Prefill Seller");
  await page.getByLabel("Business name").fill("Prefill & Co");
  await page.getByLabel("Website").fill("https://prefill.example");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  await expect(page.getByLabel("Business name")).toHaveValue("Prefill & Co");
  await expect(page.getByLabel("Business website")).toHaveValue("https://prefill.example");
  await page.locator("#skip-account-app").click();
  await expect(page).toHaveURL(/\/settings\?connect=connected$/);
  await expect(page.getByTestId("connection-status")).toContainText("Connected");
  await expect(page.getByTestId("connection-account-id")).toHaveText(/^acct_/);
});

test("reloading the callback after success shows the connection, not an error", async ({
  page,
  request,
}) => {
  const account = await seedAccount(request);
  await signUp(page);
  const callbackUrl = (await connectCapturingCallback(page, account)).toString();

  await page.goto(callbackUrl);
  await expect(page).toHaveURL(/\/settings\?connect=connected$/);
  await expect(page.getByTestId("connection-account-id")).toHaveText(account.id);
  // The code was not exchanged twice (which would have revoked the connection at Stripe).
  await page.goto("/dashboard");
  await expect(page.getByTestId("balance")).toContainText("$1,234.56");
});

test("a forged state is refused without connecting anything", async ({ page }) => {
  await signUp(page);
  await page.goto(
    "/api/stripe/connect/callback?code=ac_forged&scope=read_write&state=forged-state",
  );
  await expect(page).toHaveURL(/\/settings\?connect=invalid_state$/);
  await expect(page.getByTestId("outcome")).toContainText("That connection link is not valid");
  await expect(page.getByTestId("connection-status")).toHaveText("Not connected");
});

test("another seller's callback URL (code and state) is refused", async ({
  page,
  browser,
  request,
}) => {
  const account = await seedAccount(request);
  await signUp(page);
  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  // Keep Stripe's redirect back (its Location) instead of following it: the first seller's
  // callback never runs, as if the link had been intercepted.
  let stolen = "";
  await page.route("**/oauth/authorize/confirm", async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    stolen = response.headers().location ?? "";
    await route.fulfill({ status: 200, body: "intercepted" });
  });
  await approveOnStripe(page, account);
  await expect.poll(() => stolen).toContain("code=ac_");

  const attacker = await browser.newPage();
  await signUp(attacker);
  await attacker.goto(stolen);
  await expect(attacker).toHaveURL(/\/settings\?connect=invalid_state$/);
  await expect(attacker.getByTestId("connection-status")).toHaveText("Not connected");
  await attacker.close();
});

test("a code used twice is refused with a clear message", async ({ page, request }) => {
  const account = await seedAccount(request);
  await signUp(page);
  const firstCode = (await connectCapturingCallback(page, account)).searchParams.get("code") ?? "";
  await disconnectFromSettings(page);
  await expect(page.getByTestId("connection-status")).toHaveText("Disconnected");

  // A fresh attempt (new state) comes back with the old, spent code.
  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/oauth/authorize`));
  const state = new URL(page.url()).searchParams.get("state") ?? "";
  await page.goto(
    `/api/stripe/connect/callback?code=${firstCode}&scope=read_write&state=${encodeURIComponent(state)}`,
  );
  await expect(page).toHaveURL(/\/settings\?connect=expired$/);
  // A state past its lifetime gets the same answer: tests/connect.test.ts moves the clock for it.
  await expect(page.getByTestId("outcome")).toContainText("expired before it was finished");
  await expect(page.getByTestId("connection-status")).toHaveText("Disconnected");
});

test("an account already connected to another seller is refused", async ({
  page,
  browser,
  request,
}) => {
  const account = await connectedSeller(page, request);

  const other = await browser.newPage();
  await signUp(other);
  await other.getByRole("link", { name: "Connect my Stripe account" }).click();
  await approveOnStripe(other, account);
  await expect(other).toHaveURL(/\/settings\?connect=already_connected_elsewhere$/);
  await expect(other.getByTestId("connection-status")).toHaveText("Not connected");
  await other.close();

  await page.reload();
  await expect(page.getByTestId("connection-status")).toContainText("Connected");
});

test("authorize on one app server and the callback on another succeeds (no state in memory)", async ({
  page,
  request,
}) => {
  const account = await seedAccount(request);
  await signUp(page);
  // Same site, other server: the session cookie is shared, the state lives in the database.
  const second = new URL(page.url());
  second.port = String(Number(second.port) + 1);
  second.pathname = "/api/stripe/connect/authorize";
  second.search = "";
  await page.goto(second.toString());
  await approveOnStripe(page, account); // redirect_uri is APP_URL: the first server
  await expect(page).toHaveURL(/localhost:\d+\/settings\?connect=connected$/);
  await expect(page.getByTestId("connection-account-id")).toHaveText(account.id);
});
