import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./test";
import { connect, EMULATOR_URL, seedAccount, signUp, type SeededAccount } from "./fixtures";

const DAY = 86_400;
/** A payout on its way, due on 15 Jan 2031 (00:00 UTC): the next payout whatever today is. */
const JAN_15_2031 = Date.UTC(2031, 0, 15) / 1000;

/**
 * The fixtures' Stripe account (a balance, two payments) with other payouts: two that arrived
 * within the last 30 days (three and ten days ago), an older one, a failed one and, unless told
 * otherwise, one on its way; paid out weekly.
 */
function seedShop(
  request: APIRequestContext,
  fields: { payouts_enabled?: boolean; withPayoutOnItsWay?: boolean } = {},
): Promise<SeededAccount> {
  const now = Math.floor(Date.now() / 1000);
  const arrived = (daysAgo: number, amount: number, status: "paid" | "failed" = "paid") => ({
    amount,
    currency: "usd",
    status,
    created: now - (daysAgo + 2) * DAY,
    arrival_date: now - daysAgo * DAY,
  });
  const onItsWay = {
    amount: 31400,
    currency: "usd",
    status: "in_transit" as const,
    created: now,
    arrival_date: JAN_15_2031,
  };
  return seedAccount(request, undefined, {
    payouts_enabled: fields.payouts_enabled ?? true,
    payout_schedule: { interval: "weekly", weekly_anchor: "friday", delay_days: 7 },
    payouts: [
      arrived(45, 99900),
      arrived(10, 25000),
      arrived(3, 10000),
      arrived(2, 7700, "failed"),
      ...(fields.withPayoutOnItsWay === false ? [] : [onItsWay]),
    ],
  });
}

test("a connected seller sees what is available, the next payout, fees and net, and 30 days of payouts", async ({
  page,
  request,
}) => {
  const account = await seedShop(request);
  await signUp(page);
  await connect(page, account);
  await page.goto("/dashboard");

  const available = page.getByTestId("balance");
  await expect(available.getByRole("heading", { name: "Available now" })).toBeVisible();
  await expect(available).toContainText("$1,234.56");
  await expect(available).toContainText("Pending: $50.00");

  const next = page.getByTestId("next-payout-headline");
  await expect(next).toContainText("Next payout on 15 Jan 2031");
  await expect(next).toContainText("$314.00");

  // Each payment's amount, Stripe's fee (2.9 % + 30¢) and the net.
  const payments = page.getByRole("region", { name: "Recent payments" });
  const order = payments.getByRole("row", { name: /Order #1001/ });
  await expect(order).toContainText("$25.00");
  await expect(order).toContainText("$1.03");
  await expect(order).toContainText("$23.97");
  await expect(payments.getByRole("row", { name: /Order #1002/ })).toContainText("$40.48");

  // The chart: the two payouts that arrived in the last 30 days (not the older or failed one),
  // as a summary, and day by day in its table.
  await expect(page.getByRole("img", { name: /Payouts, last 30 days/ })).toBeVisible();
  await expect(page.getByTestId("payouts-chart-summary")).toContainText("$350.00 in 2 payouts");
  const figures = page.getByRole("table", { name: "Payouts, last 30 days, by day" });
  await expect(figures.getByRole("row")).toHaveCount(3);
  await expect(figures).toContainText("$250.00");
  await expect(figures).toContainText("$100.00");
  await expect(figures).not.toContainText("$999.00");
  await expect(figures).not.toContainText("$77.00");

  await expect(page.getByTestId("payout-schedule")).toHaveText(
    "Weekly on Friday, 7 days after payment",
  );
  // With the emulator, "View all in Stripe" opens its stand-in of the seller's Stripe Dashboard.
  for (const what of ["balance", "payments", "payouts"]) {
    await expect(
      page.getByRole("link", { name: `View all in Stripe (${what}, opens in a new tab)` }),
    ).toHaveAttribute("href", `${EMULATOR_URL}/dashboard/${account.id}`);
  }
});

test("with no payout on its way, the headline says payouts are paused", async ({
  page,
  request,
}) => {
  const account = await seedShop(request, { payouts_enabled: false, withPayoutOnItsWay: false });
  await signUp(page);
  await connect(page, account);
  await page.goto("/dashboard");
  await expect(page.getByTestId("next-payout-headline")).toContainText("Payouts are paused");
});
