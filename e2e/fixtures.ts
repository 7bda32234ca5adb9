import { randomUUID } from "node:crypto";
import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { linkTo, waitForMail } from "./mail";

export const ADMIN_EMAIL = "admin@e2e.test";
export const PASSWORD = "a-long-enough-password";

export function uniqueEmail(prefix = "seller"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@e2e.test`;
}

/** Fills in and sends the sign-up form, and waits for its "we've sent a link" answer. */
export async function submitSignUp(page: Page, email: string, name = "Test Seller") {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(
    page.getByText(`If that address can be used, we've sent a link to ${email}`),
  ).toBeVisible();
}

/** Opens the verification link mailed to `email` and confirms it. */
export async function verifyByMail(page: Page, email: string): Promise<void> {
  const mail = await waitForMail(email, /Confirm your email address/);
  await page.goto(linkTo(mail, "/verify-email"));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page).toHaveURL(/\/(sign-in\?notice=verified|settings\?verified=1)$/);
}

/**
 * Signs up through the form as a new seller would: the verification mail, the link in it, then
 * sign-in, ending on Settings.
 */
export async function signUp(
  page: Page,
  email = uniqueEmail(),
  name = "Test Seller",
): Promise<string> {
  await submitSignUp(page, email, name);
  await verifyByMail(page, email);
  await signIn(page, email);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  return email;
}

/** Signs in as the platform admin, whom e2e/admin.setup.ts signed up. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await signIn(page, ADMIN_EMAIL);
}

/** Signs `page` in as the platform admin and opens the account page of `stripeAccountId`. */
export async function openAccountAsAdmin(
  page: Page,
  stripeAccountId: string,
  sellerName = "Test Seller",
): Promise<Page> {
  await signInAsAdmin(page);
  await page.goto(`/admin/accounts?q=${encodeURIComponent(stripeAccountId)}`);
  await page.getByRole("link", { name: sellerName }).click();
  await expect(page.getByRole("heading", { name: "Connection", exact: true })).toBeVisible();
  return page;
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
}

/** No serious or critical accessibility violations on the current page. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(
    severe.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}
