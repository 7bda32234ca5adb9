import { expect, test } from "./test";
import { inbox, PASSWORD, signUp, uniqueEmail, waitForMail } from "./fixtures";

test("a new seller signs up, lands on Settings not connected, signs out and back in", async ({
  page,
}) => {
  const email = await signUp(page, uniqueEmail(), "Grace Seller");

  await expect(page.getByText(email).first()).toBeVisible();
  await expect(page.getByTestId("connection-status")).toHaveText("Not connected");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(["Dashboard", "Settings"]);
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("search", { name: "Find an account" })).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings$/);
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Grace Seller");
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  const email = await signUp(page);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText(
    "Wrong email or password.",
  );
  await expect(page).toHaveURL(/\/sign-in$/);
  // Focus is on the message, the address is still there, and "Forgot password?" takes it along.
  await expect(page.getByTestId("error-summary")).toBeFocused();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password\?email=/);
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByRole("link", { name: "Back to sign in" }).click();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create a seller account" })).toBeVisible();
});

test("sign-up explains a short password, a weak one and a missing name, keeping what was typed", async ({
  page,
}) => {
  const email = uniqueEmail();
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByLabel("Password")).toHaveValue("short");
  // Focus is on the summary, which names each field to fix and leads to it; each field says why.
  const summary = page.getByTestId("error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Check the 2 fields marked below");
  await expect(page.getByLabel("Name")).toHaveAccessibleDescription("Enter your name.");
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(
    /^Use at least 10 characters\./,
  );
  await summary.getByRole("link", { name: "Name" }).click();
  await expect(page.getByLabel("Name")).toBeFocused();

  // A good password is kept too, while another field is fixed.
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Email").fill("not an address");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue(PASSWORD);
  await page.getByLabel("Email").fill(email);

  for (const weak of ["1234567890", "password12"]) {
    await page.getByLabel("Name").fill("Someone");
    await page.getByLabel("Password").fill(weak);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText(/This password is too easy to guess/)).toBeVisible();
  }
  expect(await inbox(email)).toEqual([]);
});

test("sign-up answers the same for a taken address, changes nothing, and tells only its owner", async ({
  page,
}) => {
  const email = await signUp(page);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Someone Else");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("someone elses long phrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(
    page.getByText(`If that address can be used, we've sent a link to ${email}`),
  ).toBeVisible();
  await waitForMail(email, /You already have a Seller Connect account/);

  // "Sign in instead" is a link to sign-in, the address already filled in.
  await page.getByRole("link", { name: "Sign in instead" }).click();
  await expect(page).toHaveURL(/\/sign-in\?email=/);
  await expect(page.getByLabel("Email")).toHaveValue(email);
  // The account keeps its own password.
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Test Seller");
});

test("a forged callbackUrl never sends the user off-site", async ({ page }) => {
  const email = await signUp(page);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  // The URL parser drops tabs and line breaks, so `/<TAB>/evil.example` is `//evil.example`.
  for (const forged of [
    "https://evil.example/",
    "//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
  ]) {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(forged)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/settings$/);
    // Signed in, the same link redirects on the server: to our own Settings too.
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(forged)}`);
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/settings$/);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
  }
});
