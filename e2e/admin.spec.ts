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
  // The first page's first connection (by its link: tests on the other worker may change its
  // status meanwhile, or connect new sellers ahead of it).
  const firstHref = (await rows.nth(1).getByTestId("row-link").getAttribute("href")) ?? "";
  const firstConnection = rows.filter({ has: admin.locator(`a[href="${firstHref}"]`) });
  await admin.getByRole("link", { name: "Next →" }).click();
  await expect(admin).toHaveURL(/\/admin\/accounts\?after=/);
  await expect(firstConnection).toHaveCount(0);
  await admin.getByRole("link", { name: "← Previous" }).click();
  await expect(admin).toHaveURL(/\/admin\/accounts\?before=/);
  await expect(firstConnection).toHaveCount(1);
  // Back on the first page's rows; whether a "← Previous" shows depends on the sellers the other
  // worker connected meanwhile (newer ones come first), so only the way forward is certain.
  await expect(admin.getByRole("link", { name: "Next →" })).toBeVisible();

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

/**
 * Opens the overview, reads a figure, clicks it, and returns the figure and the list's count text;
 * the two are read again while another test changes the connections in between (two workers).
 */
async function openFigure(page: Page, testId: string, url: RegExp) {
  await page.goto("/admin");
  const figure = page.getByTestId(testId);
  const value = ((await figure.textContent()) ?? "").match(/^[\d,]+/)?.[0] ?? "";
  await figure.click();
  await expect(page).toHaveURL(url);
  return { value, count: (await page.getByTestId("result-count").textContent()) ?? "" };
}

/** The list's count text says it shows `value` connections (all of them, or a page of them). */
function countsAs(count: string, value: string): boolean {
  return new RegExp(`^(1–50 of )?${value} connections?$`).test(count);
}

test("the accounts list counts exactly, sorts by its headers, opens a row anywhere, and groups a seller's connections", async ({
  page,
}) => {
  await signInAsAdmin(page);
  // The overview's "All" figure opens the whole list, which counts as many, exactly.
  await expect
    .poll(async () => {
      const { value, count } = await openFigure(page, "total-all", /\/admin\/accounts$/);
      return count === `1–50 of ${value} connections`;
    })
    .toBe(true);
  const count = page.getByTestId("result-count");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(count).toHaveText(/^51–\d+ of [\d,]+ connections$/);

  // Sorting by a header: newest first, then the other way round; the header says which.
  const table = page.getByRole("region", { name: "Stripe connections" });
  const lastEvent = table.getByRole("columnheader", { name: /Last event/ });
  const connected = table.getByRole("columnheader", { name: /Connected since/ });
  await expect(connected).toHaveAttribute("aria-sort", "descending");
  await lastEvent.getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/accounts\?sort=last_event_desc$/);
  await expect(lastEvent).toHaveAttribute("aria-sort", "descending");
  await expect(connected).not.toHaveAttribute("aria-sort");
  await expect(count).toHaveText(/^1–50 of [\d,]+ connections$/);
  await lastEvent.getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/accounts\?sort=last_event_asc$/);
  await expect(lastEvent).toHaveAttribute("aria-sort", "ascending");

  // A seller's other connections (the seed's sellers who reconnected): "+1 more" beside them
  // opens the list of that seller's.
  await page.goto("/admin/accounts?status=disconnected");
  await table
    .getByRole("link", { name: /^\+1 more/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/admin\/accounts\?q=/);
  await expect(count).toHaveText("2 connections");

  // A click anywhere on a row opens its account; the row's links are the seller's and "+1 more"
  // (the row itself adds no tab stop).
  const row = table.getByRole("row").nth(2);
  await expect(row.getByRole("link")).toHaveCount(2);
  // The mouse clicks where the cell is on screen: scrolled into view first (the header and the
  // filters can push the list below the fold).
  await row.getByRole("cell").nth(4).scrollIntoViewIfNeeded();
  const cell = await row.getByRole("cell").nth(4).boundingBox();
  if (!cell) throw new Error("no cell");
  await page.mouse.click(cell.x + cell.width / 2, cell.y + cell.height / 2);
  await expect(page).toHaveURL(/\/admin\/accounts\/[\w-]+$/);
  await expect(page.getByRole("region", { name: "History" })).toBeVisible();
});

test("the overview's figures open the accounts list filtered by them", async ({ page }) => {
  await signInAsAdmin(page);
  await expect
    .poll(async () => {
      const { value, count } = await openFigure(page, "total-revoked", /\?status=revoked$/);
      return countsAs(count, value);
    })
    .toBe(true);
  await expect(page.getByLabel("Status")).toHaveValue("revoked");
  await expect
    .poll(async () => {
      const { value, count } = await openFigure(
        page,
        "readiness-total-ready",
        /\?status=connected&readiness=ready$/,
      );
      return countsAs(count, value);
    })
    .toBe(true);
  // The live/test split opens the list narrowed by mode as well.
  await page.goto("/admin");
  await page
    .getByRole("link", { name: /^[\d,]+ test$/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/admin\/accounts\?status=connected&mode=test$/);
  await expect(page.getByLabel("Mode")).toHaveValue("test");
});

test("an admin copies an account's Stripe account id and its seller's user id in one click", async ({
  browser,
}) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await signInAsAdmin(page);
  // An ended connection: its page makes no call to Stripe.
  await page.goto("/admin/accounts?status=disconnected");
  await page
    .getByRole("region", { name: "Stripe connections" })
    .getByTestId("row-link")
    .first()
    .click();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  const accountId =
    (await page
      .getByText(/^acct_\w+$/)
      .first()
      .textContent()) ?? "";
  await page.getByRole("button", { name: `Copy ${accountId}` }).click();
  await expect(page.getByRole("button", { name: `Copied ${accountId}` })).toHaveText("Copied");
  await expect(page.getByRole("status").filter({ hasText: "to the clipboard" })).toHaveText(
    `Copied ${accountId} to the clipboard.`,
  );
  expect(await clipboard()).toBe(accountId);

  await page.getByRole("button", { name: "Copy the user id" }).click();
  await expect(page.getByRole("button", { name: "Copied the user id" })).toBeVisible();
  const userId = await clipboard();
  expect(userId).toMatch(/^\w{20,}$/);
  await expect(page.getByText(userId, { exact: true })).toBeVisible();
  // The account id's button is back to "Copy" once focus left it.
  await expect(page.getByRole("button", { name: `Copy ${accountId}` })).toHaveText("Copy");
  await context.close();
});
