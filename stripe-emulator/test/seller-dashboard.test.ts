/**
 * What a seller's dashboard reads, through stripe-node as the app sends it (platform key +
 * Stripe-Account): charges with their balance transaction expanded (fee and net), payouts
 * filtered by arrival date, and the account's payout schedule.
 */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningEmulator,
  caught,
  connectedAccount,
  control,
  startTestEmulator,
  stripeFor,
} from "./helpers";

let emulator: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startTestEmulator();
  stripe = stripeFor(emulator);
});
afterAll(() => emulator.stop());

const DAY = 86_400;

describe("charges with their balance transaction", () => {
  it("expands data.balance_transaction on a list: Stripe's fee and the net", async () => {
    const { account } = await connectedAccount(emulator, {
      charges: [{ amount: 2500, currency: "usd", description: "Order #1" }],
    });
    const options = { stripeAccount: account.id };
    const list = await stripe.charges.list({ expand: ["data.balance_transaction"] }, options);
    const txn = list.data[0]?.balance_transaction as Stripe.BalanceTransaction;
    // 2.9 % + 30 cents of $25.00.
    expect(txn).toMatchObject({ object: "balance_transaction", amount: 2500, fee: 103, net: 2397 });
    expect(txn.fee_details).toEqual([
      expect.objectContaining({ type: "stripe_fee", amount: 103, currency: "usd" }),
    ]);

    // Without expand, the id, as Stripe answers; the stored charge keeps it.
    const plain = await stripe.charges.list({}, options);
    expect(plain.data[0]?.balance_transaction).toBe(txn.id);

    const one = await stripe.charges.retrieve(
      plain.data[0]?.id ?? "",
      { expand: ["balance_transaction"] },
      options,
    );
    expect(one.balance_transaction).toMatchObject({ id: txn.id, net: 2397 });
  });

  it("refuses an expansion it does not serve, naming it", async () => {
    const { account } = await connectedAccount(emulator);
    const error = await caught(
      stripe.charges.list({ expand: ["data.customer"] }, { stripeAccount: account.id }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      param: "expand",
      message: expect.stringContaining(
        "This property cannot be expanded (data.customer)",
      ) as unknown,
    });
  });
});

describe("payouts by arrival date", () => {
  it("seeds payouts with their dates and filters by arrival_date and created", async () => {
    const now = Math.floor(Date.now() / 1000);
    const { account } = await connectedAccount(emulator, {
      payouts: [
        { amount: 1000, currency: "usd", created: now - 40 * DAY, arrival_date: now - 38 * DAY },
        { amount: 2000, currency: "usd", created: now - 12 * DAY, arrival_date: now - 10 * DAY },
        {
          amount: 3000,
          currency: "usd",
          status: "in_transit",
          created: now - DAY,
          arrival_date: now + DAY,
        },
      ],
    });
    const options = { stripeAccount: account.id };
    const all = await stripe.payouts.list({}, options);
    expect(all.data.map((p) => [p.amount, p.arrival_date])).toEqual([
      [3000, now + DAY],
      [2000, now - 10 * DAY],
      [1000, now - 38 * DAY],
    ]);
    const recent = await stripe.payouts.list({ arrival_date: { gte: now - 30 * DAY } }, options);
    expect(recent.data.map((p) => p.amount)).toEqual([3000, 2000]);
    const arrived = await stripe.payouts.list(
      { arrival_date: { gte: now - 30 * DAY, lte: now } },
      options,
    );
    expect(arrived.data.map((p) => p.amount)).toEqual([2000]);
    const made = await stripe.payouts.list({ created: now - 12 * DAY }, options);
    expect(made.data.map((p) => p.amount)).toEqual([2000]);

    const error = await caught(
      stripe.rawRequest("GET", "/v1/payouts?arrival_date[after]=1", undefined, options),
    );
    expect(error).toMatchObject({ statusCode: 400, code: "parameter_unknown" });
  });
});

describe("the payout schedule", () => {
  it("is Stripe's default unless seeded, with an anchor only where its interval has one", async () => {
    const { account } = await connectedAccount(emulator);
    expect(account.settings?.payouts?.schedule).toEqual({ delay_days: 2, interval: "daily" });

    const { account: weekly } = await connectedAccount(emulator, {
      payout_schedule: { interval: "weekly", weekly_anchor: "friday", delay_days: 7 },
    });
    const read = await stripe.accounts.retrieve(weekly.id, {}, { stripeAccount: weekly.id });
    expect(read.settings?.payouts?.schedule).toEqual({
      delay_days: 7,
      interval: "weekly",
      weekly_anchor: "friday",
    });

    const refused = await control(emulator, "POST", "/accounts", {
      email: "anchor@example.com",
      business_name: "Anchor",
      payout_schedule: { interval: "daily", monthly_anchor: 3 },
    });
    expect(refused.status).toBe(400);
  });

  it("changes with an update, sent as account.updated with the previous schedule", async () => {
    const { account } = await connectedAccount(emulator);
    const updated = await emulator.client.updateAccount(account.id, {
      payout_schedule: { interval: "monthly", monthly_anchor: 31, delay_days: 3 },
    });
    expect(updated.settings?.payouts?.schedule).toEqual({
      delay_days: 3,
      interval: "monthly",
      monthly_anchor: 31,
    });
    const events = await stripe.events.list(
      { type: "account.updated" },
      { stripeAccount: account.id },
    );
    expect(events.data[0]?.data.previous_attributes).toMatchObject({
      settings: { payouts: { schedule: { interval: "daily", delay_days: 2 } } },
    });
  });
});
