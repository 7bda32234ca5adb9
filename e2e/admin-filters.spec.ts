import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./test";
import {
  connect,
  flushWebhooks,
  seedAccount,
  signInAsAdmin,
  signUp,
  stripeEmulator,
} from "./fixtures";

const DAY_S = 24 * 60 * 60;
const ID_DOCUMENT = "individual.verification.document";

/** The view's filters as the URL has them ("" for Any: the form sends every select). */
function expectFiltersInUrl(page: Page, expected: Record<string, string>) {
  return expect
    .poll(() => {
      const params = new URL(page.url()).searchParams;
      return Object.fromEntries(
        Object.keys(expected).map((name) => [name, params.get(name) ?? ""]),
      );
    })
    .toEqual(expected);
}

/** Picks `option` in the select labelled `label` (or "Any") and applies the form. */
async function filter(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).selectOption({ label: option });
  await page.getByRole("button", { name: "Apply" }).click();
}

test("an admin narrows the accounts list by deadline, future requirements and capabilities", async ({
  page,
  browser,
  request,
}) => {
  // Two sellers whose business names share a token (a search finds both, and only them): one
  // with an identity document due in 3 days and card payments inactive, one with requirements
  // that become due in 60 days.
  const token = `Filters${randomUUID().slice(0, 8)}`;
  const urgent = await seedAccount(request, `${token} Urgent`);
  const later = await seedAccount(request, `${token} Later`);
  for (const account of [urgent, later]) {
    await signUp(page);
    await connect(page, account);
    await page.context().clearCookies();
  }
  const stripe = stripeEmulator(request);
  const now = Math.floor(Date.now() / 1000);
  await stripe.requirementsDue(urgent.id, {
    requirements: [ID_DOCUMENT],
    deadline: now + 3 * DAY_S,
  });
  await stripe.setCapability(urgent.id, "card_payments", { status: "inactive" });
  await stripe.futureRequirements(later.id, {
    requirements: ["external_account"],
    deadline: now + 60 * DAY_S,
  });
  await flushWebhooks(request);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInAsAdmin(admin);
  await admin.goto("/admin/accounts");
  await admin.getByLabel("Search").fill(token);
  await admin.getByRole("button", { name: "Apply" }).click();
  const rows = admin.getByRole("region", { name: "Stripe connections" }).getByRole("row");
  const listed = rows.filter({ hasText: token });
  await expect(admin.getByTestId("result-count")).toHaveText("2 connections");

  // Deadline within 7 days: only the urgent one, and the view is in the URL.
  await filter(admin, "Deadline", "Within 7 days (or passed)");
  await expectFiltersInUrl(admin, { deadline: "7", upcoming: "", capability: "" });
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(urgent.businessName);

  // Future requirements instead: only the other one.
  await admin.getByLabel("Deadline", { exact: true }).selectOption({ label: "Any" });
  await filter(admin, "Future requirements", "Some upcoming");
  await expectFiltersInUrl(admin, { deadline: "", upcoming: "1", capability: "" });
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(later.businessName);

  // Capabilities inactive as well: neither has both.
  await filter(admin, "Capabilities", "Payments or transfers inactive");
  await expectFiltersInUrl(admin, { deadline: "", upcoming: "1", capability: "inactive" });
  await expect(admin.getByRole("heading", { name: "No connections match" })).toBeVisible();

  // Capabilities alone: the urgent one again; a reload keeps the selects as the URL says.
  await admin.getByLabel("Future requirements", { exact: true }).selectOption({ label: "Any" });
  await admin.getByRole("button", { name: "Apply" }).click();
  await expectFiltersInUrl(admin, { deadline: "", upcoming: "", capability: "inactive" });
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(urgent.businessName);
  await admin.reload();
  await expect(admin.getByLabel("Capabilities", { exact: true })).toHaveValue("inactive");
  await expect(admin.getByLabel("Future requirements", { exact: true })).toHaveValue("");
  await adminContext.close();
});
