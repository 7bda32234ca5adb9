/**
 * Emulated objects against Stripe's own example of each resource (fixtures/stripe-fixtures.json,
 * see fixtures/README.md): the same keys, recursively, with values of the same JSON type.
 * Values may differ. A null on either side is accepted: Stripe's example then says nothing about the
 * type, or the field is nullable, which tsc already checks (the emulator builds every object with
 * stripe-node's types, so it cannot put null where they do not allow it).
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fixtures from "../fixtures/stripe-fixtures.json";
import {
  type RunningEmulator,
  connectedAccount,
  control,
  startTestEmulator,
  stripeFor,
} from "./helpers";
import { type Json, shapeDifferences as differences } from "./shape";

/**
 * Fields the emulator adds to Stripe's example, each for a reason: stripe-node 23's types require
 * the first two (the example predates them); Connect events carry `account`; `account.updated`
 * carries `previous_attributes`; a connected account's external accounts (payout destinations)
 * carry their `account` and `default_for_currency`, and a card its `currency`, which Stripe's
 * examples (a customer's) leave out.
 */
const ALLOWED_EXTRA_FIELDS = [
  ".business_profile.specified_commercial_transactions_act_url",
  ".payment_method_details.card.electronic_commerce_indicator",
  "event.account",
  "event.data.previous_attributes",
  "bank_account.account",
  "bank_account.default_for_currency",
  "card.account",
  "card.currency",
  "card.default_for_currency",
];

/**
 * Fields of Stripe's example the emulator leaves out, each for a reason: Stripe returns an
 * account's `external_accounts` only to a platform that controls it (`controller.is_controller`),
 * which a Standard account's platform does not.
 */
const ALLOWED_MISSING_FIELDS = [".external_accounts"];

/** The comparison (test/shape.ts), with the fields the emulator may add or leave out. */
function shapeDifferences(actual: unknown, example: Json, path: string): string[] {
  return differences(actual, example, path, {
    extra: ALLOWED_EXTRA_FIELDS,
    missing: ALLOWED_MISSING_FIELDS,
  });
}

const examples = fixtures.resources as Record<keyof typeof fixtures.resources, Json>;

/** Stripe's example event, with `data.object` replaced by the example of the object it carries. */
function exampleEvent(event: Stripe.Event): Json {
  const object = (event.data.object as { object: keyof typeof examples }).object;
  return {
    ...(fixtures.resources.event as { [key: string]: Json }),
    data: { object: examples[object] },
  };
}

let emulator: RunningEmulator;
let account: Stripe.Account;
const options = () => ({ stripeAccount: account.id });

beforeAll(async () => {
  emulator = await startTestEmulator();
  ({ account } = await connectedAccount(emulator, {
    charges: [{ amount: 1999, currency: "usd", description: "Example" }],
    payouts: [{ amount: 500, currency: "usd" }],
  }));
  await control(emulator, "POST", `/accounts/${account.id}`, { business_name: "Renamed" });
});
afterAll(() => emulator.stop());

describe("emulated objects have the shape of Stripe's examples", () => {
  it("account", async () => {
    const read = await stripeFor(emulator).accounts.retrieve(account.id);
    expect(shapeDifferences(read, examples.account, "account")).toEqual([]);
  });

  it("balance", async () => {
    const balance = await stripeFor(emulator).balance.retrieve({}, options());
    expect(shapeDifferences(balance, examples.balance, "balance")).toEqual([]);
  });

  it("charge", async () => {
    const { data } = await stripeFor(emulator).charges.list({}, options());
    expect(data).toHaveLength(1);
    expect(shapeDifferences(data[0], examples.charge, "charge")).toEqual([]);
  });

  it("payout", async () => {
    const { data } = await stripeFor(emulator).payouts.list({}, options());
    expect(shapeDifferences(data[0], examples.payout, "payout")).toEqual([]);
  });

  it("balance_transaction", async () => {
    const { data } = await stripeFor(emulator).balanceTransactions.list({}, options());
    expect(data.map((t) => t.type).sort()).toEqual(["charge", "payout"]);
    for (const txn of data)
      expect(shapeDifferences(txn, examples.balance_transaction, "balance_transaction")).toEqual(
        [],
      );
  });

  it("event, with each kind of data.object (application, account, charge, payout)", async () => {
    const { data } = await stripeFor(emulator).events.list({}, options());
    expect(data.map((e) => e.type).sort()).toEqual([
      "account.application.authorized",
      "account.updated",
      "charge.succeeded",
      "payout.paid",
    ]);
    for (const event of data)
      expect(shapeDifferences(event, exampleEvent(event), "event")).toEqual([]);
  });

  it("capability, bank_account, card and person, in the events that carry them", async () => {
    const { account: other } = await connectedAccount(emulator);
    await control(emulator, "POST", `/accounts/${other.id}`, { charges_enabled: false });
    await control(emulator, "POST", `/accounts/${other.id}/external_accounts`, {});
    await control(emulator, "POST", `/accounts/${other.id}/external_accounts`, { object: "card" });
    await control(emulator, "POST", `/accounts/${other.id}/persons`, { first_name: "Jane" });
    const { data } = await stripeFor(emulator).events.list({}, { stripeAccount: other.id });
    const carried = data.filter(
      (e) => e.type !== "account.updated" && !e.type.includes("application"),
    );
    expect(carried.map((e) => e.type).sort()).toEqual([
      "account.external_account.created",
      "account.external_account.created",
      "capability.updated",
      "person.created",
    ]);
    for (const event of carried) {
      const object = event.data.object as { object: keyof typeof examples };
      const envelope = { ...event, data: { ...event.data, object: null } };
      expect(shapeDifferences(envelope, exampleEvent(event), "event")).toEqual([]);
      expect(shapeDifferences(object, examples[object.object], object.object)).toEqual([]);
    }
  });

  it("account and capability (/v1/accounts/:id/capabilities) at each step of the requirements lifecycle", async () => {
    const { account: seller } = await connectedAccount(emulator);
    const document = "individual.verification.document";
    const { client } = emulator;
    const steps: [string, () => Promise<unknown>][] = [
      ["due", () => client.requirementsDue(seller.id, { requirements: [document], deadline: 2e9 })],
      ["past due", () => client.requirementsPastDue(seller.id)],
      ["restricted", () => client.restrictAccount(seller.id)],
      ["pending", () => client.provideRequirements(seller.id, { requirements: [document] })],
      [
        "failed",
        () =>
          client.verifyRequirements(seller.id, {
            requirements: [document],
            outcome: { code: "verification_document_expired", reason: "Expired." },
          }),
      ],
      [
        "future",
        () => client.futureRequirements(seller.id, { requirements: ["x"], deadline: 2e9 }),
      ],
    ];
    const stripe = stripeFor(emulator);
    for (const [step, run] of steps) {
      await run();
      const read = await stripe.accounts.retrieve(seller.id);
      expect(shapeDifferences(read, examples.account, "account"), step).toEqual([]);
      const { data } = await stripe.accounts.listCapabilities(seller.id);
      expect(data).toHaveLength(2);
      for (const capability of data)
        expect(shapeDifferences(capability, examples.capability, "capability"), step).toEqual([]);
    }
    // Stripe's example has no error entry: its keys are stripe-node's (Account.Requirements.Error).
    const { requirements } = await stripe.accounts.retrieve(seller.id);
    const error: Record<keyof Stripe.Account.Requirements.Error, unknown> | undefined =
      requirements?.errors?.[0];
    expect(Object.keys(error ?? {}).sort()).toEqual(["code", "reason", "requirement"]);
    const { data } = await stripe.events.list(
      { type: "capability.updated" },
      { stripeAccount: seller.id },
    );
    for (const event of data)
      expect(shapeDifferences(event.data.object, examples.capability, "capability")).toEqual([]);
  });

  it("the comparison itself catches missing, extra and mistyped fields", () => {
    expect(
      shapeDifferences(
        { a: 1, b: "x", c: { d: [{ e: 1 }] } },
        { a: 1, c: { d: [{ e: "s" }] }, f: null },
        "x",
      ),
    ).toEqual(["x.f: missing", "x.b: not at Stripe", "x.c.d[0].e: string at Stripe, number here"]);
  });
});
