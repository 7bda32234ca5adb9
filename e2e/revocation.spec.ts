import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./test";
import { connectedSeller, openAccountAsAdmin, revokeAtStripe } from "./fixtures";

// What a page shows when it finds Stripe refusing access (403 account_invalid) that no webhook
// told us of: one state everywhere on the page, recorded by the check the page sends once.
const ACCESS_GONE = "Stripe reports that the marketplace no longer has access to this account";
// The same, as the seller reads it (in the second person).
const YOUR_ACCESS_GONE =
  "Stripe reports that the marketplace no longer has access to your Stripe account";

/**
 * The same signed-in user in another browser context where the page's own check (a server
 * action: a POST with a Next-Action header) is held unanswered: the page as rendered, before
 * anything was recorded.
 */
async function withCheckHeld(browser: Browser, page: Page): Promise<Page> {
  const context = await browser.newContext({ storageState: await page.context().storageState() });
  await context.route("**/*", async (route) => {
    const held = route.request().method() === "POST" && route.request().headers()["next-action"];
    // A held request is never answered: closing the context ends it.
    if (!held) await route.continue();
  });
  return context.newPage();
}

test("a seller whose access was revoked at Stripe, unheard of, sees it on the whole dashboard, and it is recorded", async ({
  page,
  browser,
  request,
}) => {
  const account = await connectedSeller(page, request);
  await page.goto("/dashboard");
  await expect(page.getByTestId("balance")).toContainText("$1,234.56");
  await revokeAtStripe(request, account, { webhook: false });

  // As rendered: one state (no panel of Stripe data, nothing "connected"), and nothing written.
  const rendered = await withCheckHeld(browser, page);
  await rendered.goto("/dashboard");
  await expect(rendered.getByRole("heading", { name: "Stripe access was revoked" })).toBeVisible();
  await expect(rendered.getByRole("button", { name: "Recording it…" })).toBeDisabled();
  await expect(rendered.getByRole("main")).toContainText(YOUR_ACCESS_GONE);
  await expect(rendered.getByTestId("balance")).toHaveCount(0);
  await expect(rendered.getByTestId("revoked-notice")).toHaveCount(0);
  await rendered.goto("/settings");
  await expect(rendered.getByTestId("connection-status")).toContainText("Connected");
  await rendered.context().close();

  // In a browser, the page's own check records it, and the page shows what was recorded.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard\?checked=revoked$/);
  await expect(page.getByRole("heading", { name: "Stripe access was revoked" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(YOUR_ACCESS_GONE);
  await expect(page.getByTestId("record-lost-access")).toHaveCount(0);
  await page.goto("/settings");
  await expect(page.getByTestId("connection-status")).toHaveText("Access revoked");
  await expect(page.getByTestId("connection-ended")).toContainText(YOUR_ACCESS_GONE);

  // The record: ended by Stripe, with the reason, in the connection's history.
  const admin = await openAccountAsAdmin(await browser.newPage(), account.id);
  await expect(admin.getByTestId("connection-status")).toContainText("Access revoked");
  await expect(admin.getByText(/ by Stripe$/)).toBeVisible();
  const revoked = admin
    .getByRole("region", { name: "History" })
    .getByRole("row")
    .filter({ hasText: "Revoked from Stripe" });
  await expect(revoked).toContainText("Stripe");
  await expect(revoked).toContainText(ACCESS_GONE);
  await admin.close();
});

test("an admin whose account page finds access revoked at Stripe sees one state on it, and it is recorded", async ({
  page,
  browser,
  request,
}) => {
  const account = await connectedSeller(page, request);
  const admin = await openAccountAsAdmin(await browser.newPage(), account.id);
  await expect(admin.getByTestId("balance")).toContainText("$1,234.56");
  const accountPage = admin.url();
  await revokeAtStripe(request, account, { webhook: false });

  // As rendered: every card agrees that Stripe refuses access; none says "Connected".
  const rendered = await withCheckHeld(browser, admin);
  await rendered.goto(accountPage);
  await expect(rendered.getByRole("button", { name: "Recording it…" })).toBeDisabled();
  await expect(rendered.getByTestId("connection-status")).toContainText("Access revoked at Stripe");
  await expect(rendered.getByTestId("access-lost")).toContainText(ACCESS_GONE);
  await expect(rendered.getByTestId("live-unavailable")).toContainText(ACCESS_GONE);
  for (const card of ["Connection", "Seller"]) {
    const section = rendered.locator("section", {
      has: rendered.getByRole("heading", { name: card, exact: true }),
    });
    await expect(section.getByText("Connected", { exact: true })).toHaveCount(0);
    await expect(section.getByText("Access revoked at Stripe")).toBeVisible();
  }
  await expect(rendered.getByTestId("balance")).toHaveCount(0);
  await expect(rendered.getByRole("button", { name: "Force disconnect" })).toHaveCount(0);
  await expect(
    rendered.getByRole("region", { name: "History" }).getByText("Revoked from Stripe"),
  ).toHaveCount(0);
  await rendered.context().close();

  // In a browser, the page sends its check once; it comes back recorded, and says so.
  await admin.goto(accountPage);
  await expect(admin).toHaveURL(/\?outcome=refresh_revoked$/);
  await expect(admin.getByTestId("outcome")).toContainText(
    "the marketplace no longer has access: the connection is now revoked",
  );
  await expect(admin.getByTestId("connection-status")).toContainText("Access revoked");
  await expect(admin.getByText(/ by Stripe$/)).toBeVisible();
  await expect(admin.getByTestId("live-unavailable")).toBeVisible();
  const rows = admin.getByRole("region", { name: "History" }).getByRole("row");
  const revoked = rows.filter({ hasText: "Revoked from Stripe" });
  await expect(revoked).toHaveCount(1);
  await expect(revoked).toContainText(ACCESS_GONE);
  await expect(rows.filter({ hasText: "Refreshed from Stripe" })).toContainText("Platform Admin");
  await admin.close();

  await page.goto("/settings");
  await expect(page.getByTestId("connection-status")).toHaveText("Access revoked");
  await expect(page.getByTestId("connection-ended")).toContainText(YOUR_ACCESS_GONE);
});
