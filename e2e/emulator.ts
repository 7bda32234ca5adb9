import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { testEnv } from "@/lib/env";
import { signUp } from "./fixtures";

/** The Stripe emulator the e2e app server talks to, and its control API (stripe-emulator/README.md). */
export const EMULATOR_URL = `http://127.0.0.1:${testEnv().E2E_STRIPE_EMULATOR_PORT}`;

export interface SeededAccount {
  id: string;
  email: string;
  businessName: string;
}

/** A Stripe test account on the emulator with a balance, two payments and a payout. */
export async function seedAccount(
  request: APIRequestContext,
  name?: string,
): Promise<SeededAccount> {
  const suffix = randomUUID().slice(0, 8);
  const email = `shop-${suffix}@stripe.test`;
  const businessName = name ?? `Shop ${suffix}`;
  const response = await request.post(`${EMULATOR_URL}/_emulator/accounts`, {
    data: {
      email,
      business_name: businessName,
      balance: {
        available: [{ amount: 123456, currency: "usd" }],
        pending: [{ amount: 5000, currency: "usd" }],
      },
      charges: [
        { amount: 2500, currency: "usd", description: "Order #1001" },
        { amount: 4200, currency: "usd", description: "Order #1002" },
      ],
      payouts: [{ amount: 10000, currency: "usd" }],
    },
  });
  expect(response.ok()).toBe(true);
  const account = (await response.json()) as { id: string };
  return { id: account.id, email, businessName };
}

export async function emulatorPost(request: APIRequestContext, path: string, data: object = {}) {
  const response = await request.post(`${EMULATOR_URL}/_emulator${path}`, { data });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return response;
}

/**
 * The seller revokes the platform's access from their Stripe Dashboard. With `webhook: false`
 * Stripe's deauthorized event never reaches the app (a missed event): only Stripe's answers to
 * the app's own calls (403 account_invalid) tell it.
 */
export async function revokeAtStripe(
  request: APIRequestContext,
  account: SeededAccount,
  { webhook = true }: { webhook?: boolean } = {},
): Promise<void> {
  await emulatorPost(request, `/accounts/${account.id}/revoke`, { deliver_webhook: webhook });
}

/** Makes the emulator fail the next `times` requests to `path` (stripe-node tries 3 times). */
export async function injectFault(
  request: APIRequestContext,
  fault: { path: string; status?: number; delay_ms?: number; times: number },
): Promise<void> {
  await emulatorPost(request, "/faults", fault);
}

/** Waits until the emulator has delivered every webhook event so far (retries included). */
export async function flushWebhooks(request: APIRequestContext): Promise<void> {
  await emulatorPost(request, "/webhooks/flush");
}

/** On the emulator's authorize page: signs in to `account` and presses Connect. */
export async function approveOnStripe(page: Page, account: SeededAccount): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/oauth/authorize`));
  await page.getByRole("link", { name: "Sign in to an existing account instead" }).click();
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("password");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
}

/**
 * From Settings: Connect with Stripe → sign in on Stripe → back on Settings, connected; returns
 * the callback URL Stripe sent the browser to (with its code and state).
 */
export async function connectCapturingCallback(page: Page, account: SeededAccount): Promise<URL> {
  await page.getByRole("link", { name: "Connect with Stripe" }).click();
  const callback = page.waitForRequest((r) =>
    r.url().includes("/api/stripe/connect/callback?code="),
  );
  await approveOnStripe(page, account);
  const url = new URL((await callback).url());
  await expect(page).toHaveURL(/\/settings\?connect=connected$/);
  return url;
}

/** From Settings: Connect with Stripe → sign in on Stripe → back on Settings, connected. */
export async function connect(page: Page, account: SeededAccount): Promise<void> {
  await page.goto("/settings");
  await page.getByRole("link", { name: "Connect with Stripe" }).click();
  await approveOnStripe(page, account);
  await expect(page).toHaveURL(/\/settings\?connect=connected$/);
  await expect(page.getByTestId("connection-status")).toContainText("Connected");
}

/** A new seller, signed up and connected to a freshly seeded Stripe account. */
export async function connectedSeller(
  page: Page,
  request: APIRequestContext,
): Promise<SeededAccount> {
  const account = await seedAccount(request);
  await signUp(page);
  await connect(page, account);
  return account;
}

/** Settings → Disconnect → confirm. */
export async function disconnectFromSettings(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
}
