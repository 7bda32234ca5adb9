/**
 * A person on the emulator's authorize page, in Chromium: sign in, create an account, skip the
 * form, deny; Stripe's sign-in session; the platform's OAuth switched off; and an invalid
 * redirect_uri that must never be redirected to.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import type Stripe from "stripe";
import {
  type Recorder,
  type RunningEmulator,
  control,
  seedAccount,
  startRecorder,
  startTestEmulator,
  stripeFor,
} from "../test/helpers";

let platform: Recorder;
let emulator: RunningEmulator;
let redirectUri: string;

test.beforeAll(async () => {
  platform = await startRecorder();
  redirectUri = `${platform.url}/api/stripe/connect/callback`;
  emulator = await startTestEmulator({ redirectUris: [redirectUri] });
});
test.afterAll(async () => {
  await emulator.stop();
  await platform.close();
});

/** Waits for the browser to land on the platform's callback and returns its query. */
async function callbackParams(page: Page): Promise<URLSearchParams> {
  await page.waitForURL((url) => url.href.startsWith(redirectUri));
  return new URL(page.url()).searchParams;
}

async function exchange(code: string | null): Promise<Stripe.Account> {
  const stripe = stripeFor(emulator);
  const token = await stripe.oauth.token({ grant_type: "authorization_code", code: code ?? "" });
  return stripe.accounts.retrieve(token.stripe_user_id ?? "");
}

test("signs in to a seeded account with the keyboard and connects it", async ({ page }) => {
  const seeded = await seedAccount(emulator, { password: "correct horse" });
  const state = "St4te+with/odd=chars&more";
  await page.goto(emulator.authorizeUrl({ state, redirect_uri: redirectUri }));
  await page.getByRole("link", { name: "Sign in to an existing account instead" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to your Stripe account" })).toBeVisible();

  await page.getByLabel("Email").fill(seeded.email ?? "");
  await page.getByLabel("Password").fill("wrong");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Incorrect email or password.");

  await page.getByLabel("Password").fill("correct horse");
  await page.getByLabel("Password").press("Enter");
  const params = await callbackParams(page);
  expect(params.get("code")).toMatch(/^ac_/);
  expect(params.get("scope")).toBe("read_write");
  expect(params.get("state")).toBe(state);
  expect((await exchange(params.get("code"))).id).toBe(seeded.id);
});

test("creates a new account, prefilled from stripe_user, and connects it", async ({ page }) => {
  await page.goto(
    emulator.authorizeUrl({
      state: "new-account",
      "stripe_user[email]": "maker@example.com",
      "stripe_user[business_name]": "Maker & Sons",
      "stripe_user[url]": "https://maker.example",
      "stripe_user[country]": "CA",
    }),
  );
  await expect(page.getByRole("heading", { name: "Create your Stripe account" })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("maker@example.com");
  await expect(page.getByLabel("Business name")).toHaveValue("Maker & Sons");
  await expect(page.getByLabel("Business website")).toHaveValue("https://maker.example");
  await expect(page.getByLabel("Country (two-letter code)")).toHaveValue("CA");
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByLabel("Password").fill("a password");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  const params = await callbackParams(page);
  expect(params.get("state")).toBe("new-account");
  expect(await exchange(params.get("code"))).toMatchObject({
    email: "maker@example.com",
    country: "CA",
    default_currency: "cad",
    business_profile: { name: "Maker & Sons", url: "https://maker.example" },
  });
});

test("skips the form in test mode", async ({ page }) => {
  await page.goto(emulator.authorizeUrl({ state: "skipped", stripe_landing: "login" }));
  await page.locator("#skip-account-app").click();
  const params = await callbackParams(page);
  expect(params.get("state")).toBe("skipped");
  const account = await exchange(params.get("code"));
  expect(account.details_submitted).toBe(false);
});

test("denies the request", async ({ page }) => {
  await page.goto(emulator.authorizeUrl({ state: "denied" }));
  await page.getByRole("button", { name: "Deny", exact: true }).click();
  const params = await callbackParams(page);
  expect(params.get("error")).toBe("access_denied");
  expect(params.get("error_description")).toBe("The user denied your request");
  expect(params.get("state")).toBe("denied");
  expect(params.has("code")).toBe(false);
});

test("shows an invalid redirect_uri as an error page and does not redirect", async ({ page }) => {
  const before = platform.requests.length;
  const response = await page.goto(
    emulator.authorizeUrl({ redirect_uri: `${platform.url}/elsewhere` }),
  );
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("invalid_redirect_uri");
  expect(page.url().startsWith(emulator.url)).toBe(true);
  expect(platform.requests.length).toBe(before);
});

test("sends a seller signed in to Stripe and already connected straight back with a new code", async ({
  page,
  browser,
}) => {
  const seeded = await seedAccount(emulator);
  await page.goto(emulator.authorizeUrl({ state: "first", stripe_landing: "login" }));
  await page.getByLabel("Email").fill(seeded.email ?? "");
  await page.getByLabel("Password").fill("password");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  const first = await callbackParams(page);
  expect((await exchange(first.get("code"))).id).toBe(seeded.id);

  // Signed in (the emulator's session cookie) and connected: no page, a new code, the new state.
  const shown = page.waitForEvent("response", (r) => r.url().startsWith(emulator.url));
  await page.goto(emulator.authorizeUrl({ state: "second", stripe_landing: "login" }));
  expect((await shown).status()).toBe(302);
  const second = await callbackParams(page);
  expect(second.get("state")).toBe("second");
  expect(second.get("scope")).toBe("read_write");
  expect(second.get("code")).toMatch(/^ac_/);
  expect(second.get("code")).not.toBe(first.get("code"));
  expect((await exchange(second.get("code"))).id).toBe(seeded.id);

  // always_prompt=true asks again; so does a browser that is not signed in to Stripe.
  await page.goto(emulator.authorizeUrl({ state: "third", always_prompt: "true" }));
  await expect(page.getByRole("heading", { name: "Create your Stripe account" })).toBeVisible();
  const other = await browser.newPage();
  await other.goto(emulator.authorizeUrl({ state: "fourth" }));
  await expect(other.getByRole("heading", { name: "Create your Stripe account" })).toBeVisible();
  await other.close();

  // Signed in but no longer connected: asked again.
  await stripeFor(emulator).oauth.deauthorize({
    client_id: emulator.config.clientId,
    stripe_user_id: seeded.id,
  });
  await page.goto(emulator.authorizeUrl({ state: "fifth" }));
  await expect(page.getByRole("heading", { name: "Create your Stripe account" })).toBeVisible();
});

test("refuses every request with Stripe's message while the platform's OAuth is off", async ({
  page,
}) => {
  const before = platform.requests.length;
  await control(emulator, "POST", "/settings", { oauth_enabled: false });
  try {
    const response = await page.goto(emulator.authorizeUrl({ state: "off" }));
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText(
      "Standard OAuth is disabled for this Stripe Connect integration.",
    );
    expect(page.url().startsWith(emulator.url)).toBe(true);
    expect(platform.requests.length).toBe(before);
  } finally {
    await control(emulator, "POST", "/settings", { oauth_enabled: true });
  }
  await page.goto(emulator.authorizeUrl({ state: "on" }));
  await expect(page.getByRole("heading", { name: "Create your Stripe account" })).toBeVisible();
});
