import { expect, test } from "./test";
import { accountAtStripe, connect, connectedSeller, openAccountAsAdmin } from "./fixtures";

const REASON = "Internal: card testing pattern, risk ticket 9001";
const SELLER_MESSAGE =
  "We paused your shop while we review recent disputed payments on your account.";

test("a force-disconnect with a block: the seller cannot reconnect and reads the message meant for them, until an admin unblocks", async ({
  page,
  browser,
  request,
}) => {
  const account = await connectedSeller(page, request);
  const admin = await openAccountAsAdmin(await browser.newPage(), account.id);

  // Force-disconnect, blocking reconnection: the message to the seller is required then.
  await admin.getByRole("button", { name: "Force disconnect" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByLabel("Reason").fill(REASON);
  await expect(dialog.getByLabel("Message to the seller")).toHaveCount(0);
  await dialog.getByLabel("Block reconnection").check();
  // Only spaces are no message: the dialog says so, focused, and keeps everything as it was.
  await dialog.getByLabel("Message to the seller").fill(" ".repeat(30));
  await dialog.getByRole("button", { name: "Yes, force disconnect" }).click();
  await expect(dialog.getByTestId("error-summary")).toBeFocused();
  await expect(dialog.getByLabel("Message to the seller")).toHaveAccessibleDescription(
    /^Write the message the seller will read/,
  );
  await expect(dialog.getByLabel("Reason")).toHaveValue(REASON);
  await expect(dialog.getByLabel("Block reconnection")).toBeChecked();
  await dialog.getByLabel("Message to the seller").fill(SELLER_MESSAGE);
  await dialog.getByRole("button", { name: "Yes, force disconnect" }).click();
  await expect(admin).toHaveURL(/\?outcome=disconnected$/);
  const blocks = admin.getByTestId("connect-blocks");
  await expect(blocks).toContainText("Platform Admin");
  await expect(blocks).toContainText(REASON);
  await expect(blocks).toContainText(SELLER_MESSAGE);
  const history = admin.getByRole("region", { name: "History" });
  await expect(history.getByRole("row").filter({ hasText: "Reconnection blocked" })).toContainText(
    "Platform Admin",
  );
  expect((await accountAtStripe(request, account)).connection).toBeNull();

  // The seller: the message and how to reach support, no Connect button, never the reason.
  await page.goto("/settings");
  const blocked = page.getByTestId("connect-blocked");
  await expect(blocked).toContainText(SELLER_MESSAGE);
  await expect(blocked).toContainText("Contact the marketplace's support");
  await expect(page.getByRole("link", { name: "Connect my Stripe account" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create a Stripe account" })).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText(REASON);
  await page.goto("/dashboard");
  await expect(page.locator("main")).toContainText(SELLER_MESSAGE);
  await expect(page.locator("main")).not.toContainText(REASON);
  // Typing the address does not help: the route refuses, without going to Stripe.
  await page.goto("/api/stripe/connect/authorize");
  await expect(page).toHaveURL(/\/settings\?connect=blocked$/);
  await expect(page.getByTestId("outcome")).toContainText("does not allow you to connect");

  // The admin unblocks (confirmed in a dialog); the seller connects the same account again.
  await admin.reload();
  await admin.getByRole("button", { name: "Unblock" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Yes, unblock" }).click();
  await expect(admin).toHaveURL(/\?outcome=unblocked$/);
  await expect(admin.getByTestId("connect-blocks")).toHaveCount(0);
  await expect(history.getByRole("row").filter({ hasText: "Unblocked" })).toContainText(
    "Platform Admin",
  );
  await admin.close();

  await connect(page, account);
  await expect(page.getByTestId("connection-account-id")).toHaveText(account.id);
});
