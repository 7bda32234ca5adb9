import { expect, test } from "./test";
import { connect, openAccountAsAdmin, seedAccount, signUp, uniqueEmail } from "./fixtures";

const REASON = "Chargebacks above threshold (risk ticket 5150)";
const SELLER = "Audited Seller";

test("an admin finds a force-disconnect in the audit log: who did it, to which seller, and why", async ({
  page,
  browser,
  request,
}) => {
  // A seller signs up and connects, an admin force-disconnects, then reads and filters the log.
  test.slow();
  const account = await seedAccount(request);
  const email = await signUp(page, uniqueEmail(), SELLER);
  await connect(page, account);

  const admin = await openAccountAsAdmin(await browser.newPage(), account.id, SELLER);
  await admin.getByRole("button", { name: "Force disconnect" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: "Yes, force disconnect" }).click();
  await expect(admin).toHaveURL(/\?outcome=disconnected$/);

  // The whole log, newest first: the entry names the admin, the seller and their account.
  await admin.goto("/admin/audit");
  await expect(admin.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const log = admin.getByRole("region", { name: "Audit log" });
  const entry = log
    .getByRole("row")
    .filter({ hasText: "Force-disconnected" })
    .filter({ hasText: email });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Platform Admin");
  await expect(entry).toContainText(SELLER);
  await expect(entry).toContainText(account.id);
  await expect(entry).toContainText(REASON);

  // Filtered by the seller's email and the action: that entry alone, in the URL to share.
  await admin.getByLabel("Seller").fill(email);
  await admin.getByLabel("What").selectOption({ label: "Force-disconnected" });
  await admin.getByRole("button", { name: "Apply" }).click();
  await expect(admin).toHaveURL(/action=force_disconnect/);
  await expect(log.getByRole("row")).toHaveCount(2);
  await expect(entry).toHaveCount(1);

  // The seller opens their account page from it.
  await entry.getByRole("link", { name: SELLER }).click();
  await expect(admin.getByRole("heading", { name: "Connection", exact: true })).toBeVisible();
  await expect(admin.getByTestId("connection-status")).toContainText("Disconnected");
  await admin.close();
});
