import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test } from "./test";
import {
  accountAtStripe,
  connect,
  flushWebhooks,
  seedAccount,
  signInAsAdmin,
  signUp,
  uniqueEmail,
} from "./fixtures";

const XSS = "<img src=x onerror=alert(1)>";

/** Fails the test if the page ever runs a script's alert(). */
function watchForInjection(page: Page) {
  page.on("dialog", (dialog) => {
    throw new Error(`A script ran: ${dialog.message()}`);
  });
}

async function search(page: Page, fields: { q?: string; status?: string; mode?: string }) {
  if (fields.q !== undefined) await page.getByLabel("Search").fill(fields.q);
  if (fields.status) await page.getByLabel("Status").selectOption({ label: fields.status });
  if (fields.mode) await page.getByLabel("Mode").selectOption({ label: fields.mode });
  await page.getByRole("button", { name: "Apply" }).click();
}

test("an admin searches, filters, pages, exports, opens an account and force-disconnects it", async ({
  page,
  browser,
  request,
}) => {
  // A seller whose business name is markup, connected through Stripe's page.
  const account = await seedAccount(request, XSS);
  const email = uniqueEmail("findme");
  await signUp(page, email, "Findable Seller");
  await connect(page, account);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  watchForInjection(admin);
  await signInAsAdmin(admin);
  await admin
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Accounts" })
    .click();
  await expect(admin.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();

  // Pages forward and back (the setup seeded more than a page), the cursor in the URL.
  const rows = admin.getByRole("region", { name: "Stripe connections" }).getByRole("row");
  await expect(rows).toHaveCount(51); // the header and 50 connections
  const firstRow = await rows.nth(1).textContent();
  await admin.getByRole("link", { name: "Next →" }).click();
  await expect(admin).toHaveURL(/\/admin\/accounts\?after=/);
  await expect(rows.nth(1)).not.toHaveText(firstRow ?? "");
  await admin.getByRole("link", { name: "← Previous" }).click();
  await expect(admin).toHaveURL(/\/admin\/accounts\?before=/);
  await expect(rows.nth(1)).toHaveText(firstRow ?? "");
  await expect(admin.getByRole("link", { name: "← Previous" })).toHaveCount(0);

  // Search by a fragment of the seller's email: one row, the business name shown as text.
  const fragment = email.slice(0, email.indexOf("@")).slice(-6);
  await search(admin, { q: fragment });
  await expect(admin.getByTestId("result-count")).toHaveText("1 connection");
  const row = rows.filter({ hasText: email });
  await expect(row).toContainText("Findable Seller");
  await expect(row).toContainText(XSS);
  await expect(row).toContainText(account.id);
  await expect(admin.locator('img[src="x"]')).toHaveCount(0);

  // Filters narrow it, and live in the URL: a reload (or a shared link) shows the same view.
  await search(admin, { status: "Revoked" });
  await expect(admin.getByRole("heading", { name: "No connections match" })).toBeVisible();
  await search(admin, { status: "Connected", mode: "Test" });
  await expect(admin).toHaveURL(/status=connected&mode=test/);
  await admin.reload();
  await expect(admin.getByLabel("Status")).toHaveValue("connected");
  await expect(admin.getByLabel("Search")).toHaveValue(fragment);
  await expect(rows.filter({ hasText: email })).toHaveCount(1);

  // The filtered list as CSV.
  const [download] = await Promise.all([
    admin.waitForEvent("download"),
    admin.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toMatch(
    /^"connection_id","seller_name","seller_email","business_name","stripe_account_id",/,
  );
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(
    `"Findable Seller","${email}","${XSS}","${account.id}","connected","test",`,
  );

  // The account: its seller, history, events, and the live view from Stripe.
  await row.getByRole("link", { name: "Findable Seller" }).click();
  await expect(admin.getByRole("heading", { name: XSS, level: 1 })).toBeVisible();
  const history = admin.getByRole("region", { name: "History" });
  await expect(history.getByRole("row").filter({ hasText: "Connected" })).toContainText(
    "Findable Seller",
  );
  // Stripe's webhook about the new connection is listed with its payload.
  await flushWebhooks(request);
  await admin.reload();
  const events = admin.getByRole("region", { name: "Webhook events" });
  await expect(events).toContainText("account.application.authorized");
  await expect(events).toContainText("Processed");
  await expect(admin.getByTestId("balance")).toContainText("$1,234.56");
  await expect(admin.getByRole("region", { name: "Recent payments" })).toContainText("Order #1001");

  // Refresh from Stripe: compared with Stripe, audited in the history.
  await admin.getByRole("button", { name: "Refresh from Stripe" }).click();
  await expect(admin.getByText(/^Refreshed from Stripe: the stored account details/)).toBeVisible();
  await expect(history.getByRole("row").filter({ hasText: "Refreshed from Stripe" })).toContainText(
    "Platform Admin",
  );

  // Force-disconnect, from the keyboard: the dialog asks for a reason, Escape backs out.
  const trigger = admin.getByRole("button", { name: "Force disconnect" });
  await trigger.press("Enter");
  const dialog = admin.getByRole("dialog");
  await expect(dialog).toContainText(`Force-disconnect ${XSS}?`);
  await expect(dialog.getByLabel("Reason")).toBeFocused();
  await admin.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await trigger.press("Enter");
  await admin.keyboard.type("Suspected card testing (ticket 4242)");
  await dialog.getByRole("button", { name: "Yes, force disconnect" }).click();
  await expect(admin).toHaveURL(/\?outcome=disconnected$/);
  await expect(admin.getByTestId("outcome")).toContainText("The connection was ended");
  await expect(admin.getByTestId("connection-status")).toContainText("Disconnected");
  await expect(admin.getByTestId("live-unavailable")).toBeVisible();
  await expect(history.getByRole("row").filter({ hasText: "Force-disconnected" })).toContainText(
    "Platform Admin",
  );
  await expect(history).toContainText("Suspected card testing (ticket 4242)");
  await adminContext.close();

  // The seller sees it on Settings (not the admin's internal reason), and Stripe agrees.
  await page.goto("/settings");
  await expect(page.getByTestId("connection-status")).toHaveText("Disconnected");
  await expect(page.getByTestId("connection-ended")).toContainText(
    "An admin disconnected your account",
  );
  await expect(page.locator("main")).not.toContainText("Suspected card testing");
  expect((await accountAtStripe(request, account)).connection).toBeNull();
});

test("the admin overview shows totals, the weekly chart and failed events", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Platform overview" })).toBeVisible();
  // The setup seeded 60 sellers (63 connections, most of them connected).
  expect(
    Number((await page.getByTestId("total-all").textContent())?.replace(/,/g, "")),
  ).toBeGreaterThanOrEqual(63);
  await expect(
    page.getByRole("img", { name: /New connections and revocations per week/ }),
  ).toBeVisible();
  await page.getByText("Show the figures").click();
  await expect(
    page.getByRole("region", { name: "New connections and revocations per week" }).getByRole("row"),
  ).toHaveCount(13);
  // Seller 30 of the seed has a failed event; its link opens the list searched by its account.
  const failed = page.getByRole("region", { name: "Failed webhook events" });
  await failed.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/admin\/accounts\?q=acct_/);
  await expect(page.getByTestId("result-count")).toHaveText(/^[1-9] connections?$/);
});

test("a search too short for the index explains itself; an unknown account is not found", async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto("/admin/accounts?q=ab");
  await expect(page.getByText(/at least 3 letters or digits in a row to search/)).toBeVisible();
  await expect(page.getByLabel("Search")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("region", { name: "Stripe connections" })).toHaveCount(0);
  const response = await page.goto("/admin/accounts/no-such-connection");
  expect(response?.status()).toBe(404);
});
