import type { Locator } from "@playwright/test";
import { expect, test } from "./test";
import {
  approveOnStripe,
  clearFaults,
  connectedSeller,
  disconnectFromSettings,
  expectAccessible,
  flushWebhooks,
  injectFault,
  seedAccount,
  openAccountAsAdmin,
  signUp,
} from "./fixtures";

// These inject faults into the one emulator every spec shares: they run alone (see the config).
test.describe.configure({ mode: "serial" });

// A fault a test left unused must not reach the next one.
test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

test("Stripe answering 500 to the code exchange connects nothing and asks to retry", async ({
  page,
  request,
}) => {
  const account = await seedAccount(request);
  await signUp(page);
  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  // The code is exchanged once, never retried (lib/stripe/timeouts.ts).
  await injectFault(request, { path: "/oauth/token", status: 500, times: 1 });
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
  // Deauthorize is sent once (no automatic retry: lib/stripe/timeouts.ts).
  await injectFault(request, { path: "/oauth/deauthorize", status: 503, times: 1 });

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
  // A page read is tried twice (one retry): fail both.
  await injectFault(request, { path: "/v1/balance", status: 500, times: 2 });
  await page.goto("/dashboard");
  await expect(page.getByTestId("retry-notice")).toContainText("Stripe did not answer just now.");
  await expect(page.getByRole("region", { name: "Recent payments" })).toContainText("Order #1001");

  await page.getByRole("link", { name: "Retry" }).click();
  await expect(page.getByTestId("balance")).toContainText("$1,234.56");
});

/** A page of the platform admin, signed in, on the admin console's page of `account`. */
test("Stripe down while an admin force-disconnects changes nothing and says so", async ({
  page,
  browser,
  request,
}) => {
  const account = await connectedSeller(page, request);

  const admin = await openAccountAsAdmin(await browser.newPage(), account.id);
  await injectFault(request, { path: "/oauth/deauthorize", status: 503, times: 1 });
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

/** Longer than the e2e app's timeouts: 10 s for OAuth calls, 5 s for page reads. */
const SLOW_MS = 12_000;

/**
 * Clicks a submit button and sees it show, before the answer comes, that its request is running:
 * disabled, marked busy, labelled `busyLabel`. Seen from inside the page (a MutationObserver):
 * while a form's post is under way, Playwright's own queries wait for the page that answers it.
 */
async function submitAndExpectBusy(button: Locator, busyLabel: string): Promise<void> {
  const page = button.page();
  let seen = false;
  await page.exposeFunction("reportBusyButton", () => {
    seen = true;
  });
  await page.evaluate((label) => {
    const report = (window as unknown as { reportBusyButton: () => void }).reportBusyButton;
    const observer = new MutationObserver(() => {
      const busy = [...document.querySelectorAll("button")].some(
        (b) => b.textContent === label && b.disabled && b.getAttribute("aria-busy") === "true",
      );
      if (!busy) return;
      observer.disconnect();
      report();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  }, busyLabel);
  await button.click();
  await expect.poll(() => seen, { message: `a busy "${busyLabel}" button` }).toBe(true);
}

test("a slow Stripe: the dashboard says so within seconds, with the stored account details", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const account = await connectedSeller(page, request);
  // Both attempts of each read (one retry) are slow.
  await injectFault(request, { path: "/v1/balance", delay_ms: SLOW_MS, times: 2 });
  await injectFault(request, { path: `/v1/accounts/${account.id}`, delay_ms: SLOW_MS, times: 2 });
  await page.goto("/dashboard", { waitUntil: "commit" });
  // While Stripe has not answered, each panel is a placeholder heard as loading, and accessible.
  await expect(
    page.getByRole("status").filter({ hasText: "Loading available now" }),
  ).toBeAttached();
  await expectAccessible(page);
  const banner = page.getByTestId("stripe-down");
  await expect(banner).toContainText("Stripe is slow to answer", { timeout: 60_000 });
  await expect(banner.getByTestId("last-known")).toContainText(account.businessName);
});

test("Stripe down: the dashboard shows one banner with the stored snapshot and its time, and one Retry", async ({
  page,
  request,
}) => {
  const account = await connectedSeller(page, request);
  // Every read of the dashboard fails, both attempts of each (one retry): Stripe is down.
  await injectFault(request, { path: "/v1/*", status: 503, times: 20 });
  await page.goto("/dashboard");

  const banner = page.getByTestId("stripe-down");
  await expect(banner.getByRole("heading")).toHaveText("Stripe is not answering right now");
  // The snapshot stored when the seller connected, and as of when.
  await expect(banner.getByTestId("stripe-down-as-of")).toContainText(
    /as of \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC/,
  );
  const snapshot = banner.getByTestId("last-known");
  await expect(snapshot).toContainText(account.businessName);
  await expect(snapshot).toContainText("Daily, 2 days after payment");
  await expect(page.getByRole("link", { name: "Retry" })).toHaveCount(1);
  await expect(page.getByTestId("retry-notice")).toHaveCount(0);
  await expect(page.getByTestId("balance")).toHaveCount(0);

  // Once Stripe is back, the one Retry brings the live figures.
  await clearFaults(request);
  await page.getByRole("link", { name: "Retry" }).click();
  await expect(page.getByTestId("balance")).toContainText("$1,234.56");
  await expect(page.getByTestId("stripe-down")).toHaveCount(0);
});

test("a slow disconnect shows its progress, and Stripe's answer settles it as the seller's", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await connectedSeller(page, request);
  await injectFault(request, { path: "/oauth/deauthorize", delay_ms: SLOW_MS, times: 1 });

  await page.getByRole("button", { name: "Disconnect" }).click();
  await submitAndExpectBusy(
    page.getByRole("button", { name: "Yes, disconnect" }),
    "Disconnecting…",
  );
  await expect(page).toHaveURL(/\/settings\?disconnect=unconfirmed$/, { timeout: 60_000 });
  await expect(page.getByTestId("outcome")).toContainText("Stripe has not confirmed");

  // Stripe carries it out late; its event ends the connection as the seller's own disconnect.
  await flushWebhooks(request);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("connection-status")).toHaveText("Disconnected");
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("connection-ended")).toContainText(
    "You disconnected your Stripe account",
  );
  await expect(page.getByTestId("connection-ended")).not.toContainText("revoked");
});

test("a slow force-disconnect shows it is running, then what Stripe said; it ends as the admin's force-disconnect", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const account = await connectedSeller(page, request);
  const admin = await openAccountAsAdmin(await browser.newPage(), account.id);
  await injectFault(request, { path: "/oauth/deauthorize", delay_ms: SLOW_MS, times: 1 });

  await admin.getByRole("button", { name: "Force disconnect" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Testing a slow Stripe");
  await submitAndExpectBusy(
    dialog.getByRole("button", { name: "Yes, force disconnect" }),
    "Disconnecting…",
  );
  // Stripe answers after the app stopped waiting: unless the check that follows already sees
  // the access gone (a busy machine), the admin is told it is not confirmed yet.
  await expect(admin).toHaveURL(/\?outcome=(unconfirmed|disconnected)$/, { timeout: 60_000 });
  await expect(admin.getByTestId("outcome")).toContainText(
    new URL(admin.url()).searchParams.get("outcome") === "unconfirmed"
      ? "Stripe has not confirmed the disconnection yet"
      : "The connection was ended",
  );

  // Stripe's event ends it as the admin's force-disconnect (whose reason the seller never sees).
  await flushWebhooks(request);
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId("connection-status")).toContainText("Disconnected");
  }).toPass({ timeout: 60_000 });
  await admin.close();
  await page.goto("/settings");
  await expect(page.getByTestId("connection-ended")).toContainText(
    "An admin disconnected your account",
  );
  await expect(page.locator("main")).not.toContainText("Testing a slow Stripe");
});

test("a code exchange Stripe answers too late: the seller is told, and Settings shows the connection", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const account = await seedAccount(request);
  await signUp(page);
  await page.getByRole("link", { name: "Connect my Stripe account" }).click();
  await injectFault(request, { path: "/oauth/token", delay_ms: SLOW_MS, times: 1 });
  await approveOnStripe(page, account);
  await expect(page).toHaveURL(/\/settings\?connect=unconfirmed/, { timeout: 60_000 });
  await expect(page.getByTestId("outcome")).toContainText("We could not confirm the connection");

  // Stripe did connect, late: its event (or the check Settings runs) settles it, with no second
  // exchange (which would have revoked it) and nothing asked of the seller.
  await flushWebhooks(request);
  await expect(async () => {
    await page.goto("/settings");
    await expect(page.getByTestId("connection-status")).toContainText("Connected");
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("unconfirmed-connection")).toHaveCount(0);
  await page.goto("/dashboard");
  await expect(page.getByTestId("balance")).toContainText("$1,234.56");
});

test("a slow refresh on the admin account page shows it is running until it answers", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const account = await connectedSeller(page, request);
  const admin = await openAccountAsAdmin(await browser.newPage(), account.id);
  await injectFault(request, { path: `/v1/accounts/${account.id}`, delay_ms: SLOW_MS, times: 2 });

  await admin.getByRole("button", { name: "Refresh from Stripe" }).click();
  await expect(admin.getByRole("button", { name: "Refreshing…" })).toBeDisabled();
  // The page's own live cards may take one of the slow answers: either outcome is an answer.
  await expect(admin).toHaveURL(/outcome=(stripe_unavailable|refresh_unchanged)$/, {
    timeout: 60_000,
  });
  await expect(admin.getByTestId("connection-status")).toContainText("Connected");
  await admin.close();
});
