/**
 * Emulated objects against Stripe's own example of each resource (test/fixtures/stripe-fixtures.json,
 * see test/fixtures/README.md): the same keys, recursively, with values of the same JSON type.
 * Values may differ. A null on either side is accepted: Stripe's example then says nothing about the
 * type, or the field is nullable, which tsc already checks (the emulator builds every object with
 * stripe-node's types, so it cannot put null where they do not allow it).
 */
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fixtures from "./fixtures/stripe-fixtures.json";
import {
  type RunningEmulator,
  connectedAccount,
  control,
  startTestEmulator,
  stripeFor,
} from "./helpers";

/**
 * Fields the emulator adds to Stripe's example, each for a reason: stripe-node 23's types require
 * the first two (the example predates them); Connect events carry `account`; `account.updated`
 * carries `previous_attributes`.
 */
const ALLOWED_EXTRA_FIELDS = [
  ".business_profile.specified_commercial_transactions_act_url",
  ".payment_method_details.card.electronic_commerce_indicator",
  "event.account",
  "event.data.previous_attributes",
];

/**
 * Fields of Stripe's example the emulator leaves out, each for a reason: Stripe returns an
 * account's `external_accounts` only to a platform that controls it (`controller.is_controller`),
 * which a Standard account's platform does not.
 */
const ALLOWED_MISSING_FIELDS = [".external_accounts"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function kind(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/** Every difference in shape between `actual` and Stripe's `example`, as readable paths. */
function shapeDifferences(actual: unknown, example: Json, path: string): string[] {
  if (example === null || actual === null) return [];
  if (kind(actual) !== kind(example))
    return [`${path}: ${kind(example)} in Stripe's example, ${kind(actual)} here`];
  if (Array.isArray(example)) {
    const [first] = example;
    if (first === undefined) return [];
    return (actual as unknown[]).flatMap((item, i) =>
      shapeDifferences(item, first, `${path}[${i}]`),
    );
  }
  if (typeof example !== "object") return [];
  const object = actual as Record<string, unknown>;
  const missing = Object.keys(example)
    .filter(
      (key) =>
        !(key in object) &&
        !ALLOWED_MISSING_FIELDS.some((allowed) => `${path}.${key}`.endsWith(allowed)),
    )
    .map((key) => `${path}.${key}: missing`);
  const extra = Object.keys(object)
    .filter(
      (key) =>
        !(key in example) &&
        !ALLOWED_EXTRA_FIELDS.some((allowed) => `${path}.${key}`.endsWith(allowed)),
    )
    .map((key) => `${path}.${key}: not in Stripe's example`);
  const nested = Object.entries(example)
    .filter(([key]) => key in object)
    .flatMap(([key, value]) => shapeDifferences(object[key], value, `${path}.${key}`));
  return [...missing, ...extra, ...nested];
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

  it("the comparison itself catches missing, extra and mistyped fields", () => {
    expect(
      shapeDifferences(
        { a: 1, b: "x", c: { d: [{ e: 1 }] } },
        { a: 1, c: { d: [{ e: "s" }] }, f: null },
        "x",
      ),
    ).toEqual([
      "x.f: missing",
      "x.b: not in Stripe's example",
      "x.c.d[0].e: string in Stripe's example, number here",
    ]);
  });
});
