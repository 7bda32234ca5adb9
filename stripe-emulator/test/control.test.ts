import { request } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningEmulator,
  caught,
  connectedAccount,
  control,
  seedAccount,
  startTestEmulator,
  stripeFor,
} from "./helpers";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.stop());

interface Summary {
  account: Stripe.Account;
  connection: { scope: string } | null;
  balance: Stripe.Balance;
}

describe("control API", () => {
  it("seeds an account and returns the Account object", async () => {
    const account = await seedAccount(emulator, {
      id: "acct_SEEDED0000000001",
      business_name: "Seeded Shop",
      country: "gb",
      default_currency: "GBP",
      url: "https://shop.example",
      details_submitted: false,
      charges_enabled: false,
    });
    expect(account).toMatchObject({
      id: "acct_SEEDED0000000001",
      object: "account",
      type: "standard",
      country: "GB",
      default_currency: "gbp",
      charges_enabled: false,
      details_submitted: false,
      business_profile: { name: "Seeded Shop", url: "https://shop.example" },
      requirements: { disabled_reason: "requirements.past_due" },
    });
    expect(account.requirements?.currently_due).toContain("external_account");
    const listed = await control<{ data: Summary[] }>(emulator, "GET", "/accounts");
    expect(listed.body.data.find((s) => s.account.id === account.id)).toMatchObject({
      connection: null,
    });
    const one = await control<Summary>(emulator, "GET", `/accounts/${account.id}`);
    expect(one.body.balance.available).toEqual([
      { amount: 0, currency: "gbp", source_types: { card: 0 } },
    ]);
  });

  it("seeds many accounts in one call, all or none", async () => {
    const seeds = Array.from({ length: 300 }, (_, i) => ({
      email: `bulk-${String(i)}-${crypto.randomUUID().slice(0, 6)}@example.com`,
      business_name: `Bulk ${String(i)}`,
      connected: true,
    }));
    const created = await control<{ data: Stripe.Account[] }>(emulator, "POST", "/accounts/bulk", {
      accounts: seeds,
    });
    expect(created.status).toBe(201);
    expect(created.body.data.map((a) => a.business_profile?.name)).toEqual(
      seeds.map((s) => s.business_name),
    );
    const last = created.body.data.at(-1);
    const one = await control<Summary>(emulator, "GET", `/accounts/${last?.id ?? ""}`);
    expect(one.body.connection).toMatchObject({ scope: "read_write" });

    const before = (await control<{ data: Summary[] }>(emulator, "GET", "/accounts")).body.data;
    const clash = await control(emulator, "POST", "/accounts/bulk", {
      accounts: [{ email: "fresh-one@example.com", business_name: "Fresh" }, seeds[0]],
    });
    expect(clash.status).toBe(409);
    const twice = await control(emulator, "POST", "/accounts/bulk", {
      accounts: [
        { email: "twin@example.com", business_name: "A" },
        { email: "TWIN@example.com", business_name: "B" },
      ],
    });
    expect(twice.status).toBe(409);
    const after = (await control<{ data: Summary[] }>(emulator, "GET", "/accounts")).body.data;
    expect(after).toHaveLength(before.length);
  });

  it("refuses invalid seeds, duplicates, non-JSON bodies and unknown routes", async () => {
    const invalid = await control<{ error: { message: string } }>(emulator, "POST", "/accounts", {
      email: "not-an-email",
      business_name: "X",
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain("email");
    const account = await seedAccount(emulator);
    const duplicate = await control(emulator, "POST", "/accounts", {
      email: account.email,
      business_name: "Y",
    });
    expect(duplicate.status).toBe(409);
    const form = await fetch(`${emulator.url}/_emulator/reset`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "a=b",
    });
    expect(form.status).toBe(415);
    expect((await control(emulator, "GET", "/nothing")).status).toBe(404);
    expect((await control(emulator, "POST", "/accounts/acct_0000000000000000/revoke")).status).toBe(
      404,
    );
  });

  it("updates an account, visible through the API", async () => {
    const { account } = await connectedAccount(emulator);
    const updated = await control<Stripe.Account>(emulator, "POST", `/accounts/${account.id}`, {
      email: "renamed@example.com",
      payouts_enabled: false,
    });
    expect(updated.body).toMatchObject({ email: "renamed@example.com", payouts_enabled: false });
    const read = await stripeFor(emulator).accounts.retrieve(account.id);
    expect(read).toMatchObject({ email: "renamed@example.com", payouts_enabled: false });
  });

  it("revokes from the seller's side once, then answers 409", async () => {
    const { account } = await connectedAccount(emulator);
    expect((await control(emulator, "POST", `/accounts/${account.id}/revoke`)).body).toEqual({
      stripe_user_id: account.id,
    });
    expect((await control(emulator, "POST", `/accounts/${account.id}/revoke`)).status).toBe(409);
  });

  it("creates charges and payouts that move the balance", async () => {
    const { account } = await connectedAccount(emulator, {
      balance: { available: [{ amount: 5000, currency: "usd" }] },
    });
    const charge = await control<Stripe.Charge>(
      emulator,
      "POST",
      `/accounts/${account.id}/charges`,
      { amount: 1000, currency: "usd" },
    );
    expect(charge.status).toBe(201);
    expect(charge.body).toMatchObject({ object: "charge", amount: 1000, status: "succeeded" });
    await control(emulator, "POST", `/accounts/${account.id}/payouts`, {
      amount: 2000,
      currency: "usd",
      status: "in_transit",
    });
    const balance = await stripeFor(emulator).balance.retrieve({}, { stripeAccount: account.id });
    expect(balance.available[0]?.amount).toBe(3000);
    expect(balance.pending[0]?.amount).toBe(1000 - 59);
  });

  it("advances the fake clock", async () => {
    const before = await control<{ now: number; offset_seconds: number }>(
      emulator,
      "GET",
      "/clock",
    );
    const after = await control<{ now: number; offset_seconds: number }>(
      emulator,
      "POST",
      "/clock/advance",
      { seconds: 3600 },
    );
    expect(after.body.offset_seconds).toBe(before.body.offset_seconds + 3600);
    expect(after.body.now - before.body.now).toBeGreaterThanOrEqual(3600);
    const account = await seedAccount(emulator);
    expect(account.created).toBeGreaterThanOrEqual(after.body.now);
    await control(emulator, "POST", "/clock/advance", { seconds: -3600 });
  });

  it("lists and clears faults, and refuses faults on its own routes", async () => {
    await control(emulator, "POST", "/faults", { path: "/v1/charges", status: 500, times: 3 });
    const listed = await control<{ faults: unknown[] }>(emulator, "GET", "/faults");
    expect(listed.body.faults).toEqual([{ path: "/v1/charges", status: 500, times: 3 }]);
    expect(
      (await control(emulator, "POST", "/faults", { path: "/_emulator/reset", status: 500 }))
        .status,
    ).toBe(400);
    expect((await control(emulator, "POST", "/faults", { path: "/v1/charges" })).status).toBe(400);
    await control(emulator, "DELETE", "/faults");
    expect((await control<{ faults: unknown[] }>(emulator, "GET", "/faults")).body.faults).toEqual(
      [],
    );
  });

  it("shows accounts, connections and deliveries on an escaped HTML index", async () => {
    await connectedAccount(emulator, { business_name: "<b>Bold & Co</b>" });
    const response = await fetch(`${emulator.url}/_emulator`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("&lt;b&gt;Bold &amp; Co&lt;/b&gt;");
    expect(html).not.toContain("<b>Bold");
    expect(html).toContain("connected (read_write)");
  });

  it("answers only to loopback host names", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${emulator.url}/_emulator/accounts`,
        { headers: { Host: "attacker.example" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it("resets everything", async () => {
    const fresh = await startTestEmulator();
    try {
      const { account } = await connectedAccount(fresh);
      await control(fresh, "POST", "/reset");
      expect((await control<{ data: unknown[] }>(fresh, "GET", "/accounts")).body.data).toEqual([]);
      const error = await caught(
        stripeFor(fresh).balance.retrieve({}, { stripeAccount: account.id }),
      );
      expect(error).toMatchObject({ statusCode: 403 });
    } finally {
      await fresh.stop();
    }
  });
});

describe("state file", () => {
  it("keeps accounts, connections, events and the clock across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stripe-emulator-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await startTestEmulator({ stateFile });
      const { account, token } = await connectedAccount(first, {
        charges: [{ amount: 1234, currency: "usd" }],
      });
      await control(first, "POST", "/clock/advance", { seconds: 120 });
      const platform = await stripeFor(first).accounts.retrieveCurrent();
      await first.stop();
      expect(JSON.parse(readFileSync(stateFile, "utf8"))).toMatchObject({ version: 1 });

      const second = await startTestEmulator({ stateFile });
      try {
        const stripe = stripeFor(second);
        expect((await stripe.accounts.retrieveCurrent()).id).toBe(platform.id);
        const charges = await stripe.charges.list({}, { stripeAccount: account.id });
        expect(charges.data.map((c) => c.amount)).toEqual([1234]);
        expect((await stripeFor(second, token.access_token).accounts.retrieveCurrent()).id).toBe(
          account.id,
        );
        const clock = await control<{ offset_seconds: number }>(second, "GET", "/clock");
        expect(clock.body.offset_seconds).toBe(120);
        const events = await stripe.events.list({}, { stripeAccount: account.id });
        expect(events.data.map((e) => e.type)).toContain("account.application.authorized");
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a file that is not an emulator state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stripe-emulator-"));
    try {
      const stateFile = join(dir, "state.json");
      writeFileSync(stateFile, JSON.stringify({ hello: "world" }));
      await expect(startTestEmulator({ stateFile })).rejects.toThrow(
        "is not an emulator state file",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
