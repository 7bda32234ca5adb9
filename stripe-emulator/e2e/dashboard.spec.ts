/**
 * A seller on the emulator's stand-in for their Stripe Dashboard, in Chromium (under its CSP, with
 * no scripts): an identity document due by a date is provided, then verified; another fails
 * verification and is provided again. Accessible (axe) at each state.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import {
  type RunningEmulator,
  connectedAccount,
  startTestEmulator,
  stripeFor,
} from "../test/helpers";

const DOCUMENT = "individual.verification.document";

let emulator: RunningEmulator;

test.beforeAll(async () => {
  emulator = await startTestEmulator();
});
test.afterAll(() => emulator.stop());

async function expectAccessible(page: Page): Promise<void> {
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
}

test("provides a due document and has it verified", async ({ page }) => {
  const { account } = await connectedAccount(emulator, { business_name: "Corner Shop" });
  await emulator.client.requirementsDue(account.id, {
    requirements: [DOCUMENT],
    deadline: Date.UTC(2030, 0, 12) / 1000,
  });
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });

  await page.goto(emulator.client.dashboardUrl(account.id));
  await expect(page.getByRole("heading", { name: "Stripe Dashboard: Corner Shop" })).toBeVisible();
  await expect(page.getByText("Due by 2030-01-12 00:00 UTC.")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: `Provide ${DOCUMENT}` }).click();
  await expect(page.getByRole("heading", { name: "Pending verification" })).toBeVisible();
  await expect(page).toHaveURL(emulator.client.dashboardUrl(account.id));
  await expectAccessible(page);
  const stripe = stripeFor(emulator);
  expect((await stripe.accounts.retrieve(account.id)).requirements?.pending_verification).toEqual([
    DOCUMENT,
  ]);

  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("Nothing is due: your account is fully set up.")).toBeVisible();
  expect((await stripe.accounts.retrieve(account.id)).requirements).toMatchObject({
    currently_due: [],
    pending_verification: [],
  });
  expect(errors).toEqual([]); // nothing the CSP refused
});

test("a failed verification shows the error, and the document can be provided again", async ({
  page,
}) => {
  const { account } = await connectedAccount(emulator);
  await emulator.client.requirementsDue(account.id, { requirements: [DOCUMENT] });
  await emulator.client.restrictAccount(account.id);

  await page.goto(emulator.client.dashboardUrl(account.id));
  await expect(page.getByText("Payments paused; payouts paused.")).toBeVisible();
  await page.getByRole("button", { name: `Provide ${DOCUMENT}` }).press("Enter");
  await page.getByRole("button", { name: "Fail verification" }).click();
  await expect(page.getByText("The document could not be verified.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Past due" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: `Provide ${DOCUMENT}` }).click();
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("Payments enabled; payouts enabled.")).toBeVisible();
});
