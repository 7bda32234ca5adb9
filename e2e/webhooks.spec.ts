import { expect, test } from "./test";
import { connectedSeller, flushWebhooks, stripeEmulator } from "./fixtures";

test("a seller who revokes access from their Stripe Dashboard sees it on Settings, with no action", async ({
  page,
  request,
}) => {
  const account = await connectedSeller(page, request);

  // The seller revokes from Stripe's side: only the webhook tells the app.
  await stripeEmulator(request).revoke(account.id);
  await flushWebhooks(request);

  await page.reload();
  await expect(page.getByTestId("connection-status")).toHaveText("Access revoked");
  await expect(page.getByTestId("connection-ended")).toContainText(
    "You revoked the marketplace's access from Stripe",
  );
  await expect(page.getByRole("link", { name: "Connect my Stripe account" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Stripe access was revoked" })).toBeVisible();
});

test("a business name changed at Stripe shows on Settings", async ({ page, request }) => {
  const account = await connectedSeller(page, request);
  await expect(page.getByTestId("connection-business-name")).toHaveText(account.businessName);

  const renamed = `${account.businessName} Renamed`;
  await stripeEmulator(request).updateAccount(account.id, { business_name: renamed });
  await flushWebhooks(request);

  await page.reload();
  await expect(page.getByTestId("connection-business-name")).toHaveText(renamed);
});

test("the webhook endpoint takes only signed POSTs", async ({ request }) => {
  expect((await request.get("/api/stripe/webhooks")).status()).toBe(405);
  expect((await request.put("/api/stripe/webhooks", { data: {} })).status()).toBe(405);
  const unsigned = await request.post("/api/stripe/webhooks", {
    data: { id: "evt_forged", object: "event", type: "account.application.deauthorized" },
  });
  expect(unsigned.status()).toBe(400);
  expect(await unsigned.json()).toEqual({ error: "Bad request" });
});
