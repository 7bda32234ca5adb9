import type { Page } from "@playwright/test";
import { expect, test } from "./test";
import {
  connectedSeller,
  EMULATOR_URL,
  expectAccessible,
  flushWebhooks,
  signInAsAdmin,
  stripeEmulator,
} from "./fixtures";

const ID_DOCUMENT = "individual.verification.document";
const JAN_12_2027 = Date.UTC(2027, 0, 12) / 1000;

/** Settings, once every webhook Stripe sent so far has been delivered. */
async function settingsAfterWebhooks(page: Page, request: Parameters<typeof flushWebhooks>[0]) {
  await flushWebhooks(request);
  await page.goto("/settings");
}

test("a seller provides the identity document Stripe asks for: Action needed, In review, Ready", async ({
  page,
  request,
}) => {
  const account = await connectedSeller(page, request);
  const readiness = page.getByTestId("readiness");
  await expect(readiness).toContainText("Ready");

  // Stripe asks for an identity document, by 12 Jan 2027.
  await stripeEmulator(request).requirementsDue(account.id, {
    requirements: [ID_DOCUMENT],
    deadline: JAN_12_2027,
  });
  await settingsAfterWebhooks(page, request);
  await expect(readiness).toContainText("Action needed");
  await expect(page.getByTestId("readiness-needed")).toHaveText("Identity document");
  await expect(page.getByTestId("readiness-deadline")).toHaveText(
    "Stripe will pause payouts on 12 Jan 2027 unless you provide: Identity document.",
  );
  await expectAccessible(page);

  // "Finish at Stripe" opens the seller's Stripe Dashboard (the emulator's stand-in), where they
  // provide it.
  const finish = page.getByRole("link", { name: "Finish at Stripe" });
  await expect(finish).toHaveAttribute("href", `${EMULATOR_URL}/dashboard/${account.id}`);
  const [stripeDashboard] = await Promise.all([page.waitForEvent("popup"), finish.click()]);
  await stripeDashboard.getByRole("button", { name: `Provide ${ID_DOCUMENT}` }).click();
  await expect(stripeDashboard).toHaveURL(`${EMULATOR_URL}/dashboard/${account.id}`);
  await expect(stripeDashboard.getByRole("button", { name: `Provide ${ID_DOCUMENT}` })).toHaveCount(
    0,
  );
  await stripeDashboard.close();

  await settingsAfterWebhooks(page, request);
  await expect(readiness).toContainText("In review");
  await expect(page.getByTestId("readiness-verifying")).toHaveText(
    "Stripe is verifying: Identity document.",
  );

  // Stripe verifies it.
  await stripeEmulator(request).verifyRequirements(account.id, { requirements: [ID_DOCUMENT] });
  await settingsAfterWebhooks(page, request);
  await expect(readiness).toContainText("Ready");
  await expect(page.getByRole("link", { name: "Finish at Stripe" })).toHaveCount(0);
});

test("a seller past due and then restricted is told so with the reason, and the admin list says Restricted", async ({
  page,
  browser,
  request,
}) => {
  const account = await connectedSeller(page, request);
  const stripe = stripeEmulator(request);
  await stripe.requirementsDue(account.id, {
    requirements: [ID_DOCUMENT],
    deadline: JAN_12_2027,
  });
  await stripe.requirementsPastDue(account.id);
  await settingsAfterWebhooks(page, request);
  const readiness = page.getByTestId("readiness");
  await expect(readiness).toContainText("Restricted");
  await expect(readiness).toHaveAttribute("role", "alert");
  await expect(readiness).toContainText("Payouts are paused.");
  await expect(readiness).toContainText("Identity document (past due)");

  await stripe.restrictAccount(account.id);
  await settingsAfterWebhooks(page, request);
  await expect(readiness).toContainText("Restricted");
  await expect(readiness).toContainText("Payments and payouts are paused.");
  await expect(page.getByTestId("readiness-reason")).toHaveText(
    "Reason given by Stripe: Information Stripe asked for is past due.",
  );
  await expectAccessible(page);
  await page.goto("/dashboard");
  await expect(page.getByTestId("readiness")).toContainText("Restricted");
  await expectAccessible(page);

  // The admin's list, filtered to restricted accounts, shows it as Restricted.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInAsAdmin(admin);
  await admin.goto(`/admin/accounts?readiness=restricted&q=${account.id}`);
  const row = admin
    .getByRole("region", { name: "Stripe connections" })
    .getByRole("row")
    .filter({ hasText: account.businessName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Restricted");

  // The account page's Requirements say why, in words and in Stripe's names.
  await row.getByRole("link").first().click();
  const requirements = admin.getByTestId("requirements");
  await expect(requirements.getByTestId("requirements-readiness")).toHaveText("Restricted");
  await expect(requirements.getByTestId("requirements-past-due")).toHaveText(
    `Identity document ${ID_DOCUMENT}`,
  );
  await expect(requirements.getByTestId("requirements-disabled-reason")).toHaveText(
    "Information Stripe asked for is past due requirements.past_due",
  );
  await expect(
    requirements.getByRole("link", { name: /Open in Stripe Dashboard/ }),
  ).toHaveAttribute("href", `${EMULATOR_URL}/dashboard/${account.id}`);
  await expectAccessible(admin);
  await adminContext.close();
});
