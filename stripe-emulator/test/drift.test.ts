/**
 * The drift suite: the same stripe-node calls against the emulator and, when
 * E2E_REAL_STRIPE_SECRET_KEY (sk_test_…) and E2E_REAL_STRIPE_CLIENT_ID (ca_…) are set, against
 * Stripe test mode, comparing normalised answers: the shape of each body (keys and JSON types, not
 * values: test/shape.ts), an error's class, status and code, and which of Stripe's own headers
 * came back. A difference between the emulator and Stripe then fails here, wherever keys exist.
 * Without them the Stripe half is skipped, and its title says why; the emulator half still checks
 * that every call answers as the contract expects, so the suite is ready when keys come.
 *
 * Against Stripe it acts on the platform account only (no connected account is needed) and
 * creates one test-mode charge of $12.34 with a test token per run.
 */
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDriftTargetFromEnv } from "../src/config";
import { type RunningEmulator, startTestEmulator, stripeFor } from "./helpers";
import { type Json, shapeDifferences } from "./shape";

interface Target {
  clientId: string;
  stripe: (key?: string) => Stripe;
}

/** What is compared of one answer. */
interface Answer {
  body: Json;
  /** For an error: stripe-node's class (`err.type`), the HTTP status and Stripe's code. */
  error: { type: string; status: number | null; code: string | null } | null;
  /** Which of STRIPE_HEADERS the answer carried. */
  headers: string[];
}

/** Stripe's own response headers, whose presence is part of the contract. */
const STRIPE_HEADERS = ["request-id", "stripe-version", "idempotency-key", "original-request"];

const UNKNOWN_ACCOUNT = "acct_1DriftSuiteNoAcct";

interface Case {
  name: string;
  outcome: "answer" | "error";
  call: (stripe: Stripe, target: Target) => Promise<unknown>;
}

/** In order: the charge the first POST makes is the one the reads after it find. */
const CASES: Case[] = [
  { name: "GET /v1/account", outcome: "answer", call: (s) => s.accounts.retrieveCurrent() },
  { name: "GET /v1/balance", outcome: "answer", call: (s) => s.balance.retrieve() },
  {
    name: "POST /v1/charges",
    outcome: "answer",
    call: (s) =>
      s.charges.create(
        {
          amount: 1234,
          currency: "usd",
          source: "tok_visa",
          description: "stripe-connect-emulator drift suite",
        },
        { idempotencyKey: randomUUID() },
      ),
  },
  { name: "GET /v1/charges", outcome: "answer", call: (s) => s.charges.list({ limit: 3 }) },
  {
    name: "GET /v1/charges/:id",
    outcome: "answer",
    call: async (s) => {
      const [charge] = (await s.charges.list({ limit: 1 })).data;
      return s.charges.retrieve(charge?.id ?? "");
    },
  },
  {
    name: "GET /v1/balance_transactions",
    outcome: "answer",
    call: (s) => s.balanceTransactions.list({ limit: 3 }),
  },
  { name: "GET /v1/payouts", outcome: "answer", call: (s) => s.payouts.list({ limit: 3 }) },
  {
    name: "GET /v1/events?type=charge.succeeded",
    outcome: "answer",
    call: (s) => s.events.list({ type: "charge.succeeded", limit: 1 }),
  },
  {
    name: "GET /v1/charges/:id, no such charge",
    outcome: "error",
    call: (s) => s.charges.retrieve("ch_3DriftSuiteNoSuchCharge"),
  },
  {
    name: "POST /v1/charges, amount missing",
    outcome: "error",
    call: (s) => s.charges.create({ currency: "usd", source: "tok_visa" }),
  },
  {
    name: "GET /v1/account, unknown key",
    outcome: "error",
    call: (_, target) => target.stripe(`sk_test_${"1".repeat(24)}`).accounts.retrieveCurrent(),
  },
  {
    name: "GET /v1/balance, Stripe-Account not connected",
    outcome: "error",
    call: (s) => s.balance.retrieve({}, { stripeAccount: UNKNOWN_ACCOUNT }),
  },
  {
    name: "POST /oauth/token, unknown code",
    outcome: "error",
    call: (s) =>
      s.oauth.token({ grant_type: "authorization_code", code: "ac_DriftSuiteNoSuchCode0000000" }),
  },
  {
    name: "POST /oauth/deauthorize, not connected",
    outcome: "error",
    call: (s, target) =>
      s.oauth.deauthorize({ client_id: target.clientId, stripe_user_id: UNKNOWN_ACCOUNT }),
  },
];

function presentHeaders(headers: Record<string, unknown> | undefined): string[] {
  return STRIPE_HEADERS.filter((name) => headers?.[name] !== undefined);
}

function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

/** Runs one case and normalises its answer (or its error). */
async function answer(target: Target, c: Case): Promise<Answer> {
  try {
    const result = await c.call(target.stripe(), target);
    const { lastResponse } = result as { lastResponse?: { headers: Record<string, unknown> } };
    return { body: toJson(result), error: null, headers: presentHeaders(lastResponse?.headers) };
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    const { headers, ...body } = error.raw as { headers?: Record<string, unknown> };
    return {
      body: toJson(body),
      error: { type: error.type, status: error.statusCode ?? null, code: error.code ?? null },
      headers: presentHeaders(headers),
    };
  }
}

/** Every way the emulator's answer differs from Stripe's, as readable lines. */
function drift(name: string, emulated: Answer, stripe: Answer): string[] {
  const differences = shapeDifferences(emulated.body, stripe.body, name);
  if (JSON.stringify(emulated.error) !== JSON.stringify(stripe.error)) {
    differences.push(
      `${name}: ${JSON.stringify(stripe.error)} at Stripe, ${JSON.stringify(emulated.error)} here`,
    );
  }
  for (const header of STRIPE_HEADERS) {
    const atStripe = stripe.headers.includes(header);
    if (atStripe !== emulated.headers.includes(header)) {
      differences.push(
        `${name}: header ${header} ${atStripe ? "present" : "absent"} at Stripe, not here`,
      );
    }
  }
  return differences;
}

let emulator: RunningEmulator;
let emulated: Map<string, Answer>;
const emulatorTarget = (): Target => ({
  clientId: emulator.config.clientId,
  stripe: (key) => stripeFor(emulator, key),
});

beforeAll(async () => {
  emulator = await startTestEmulator();
  emulated = new Map();
  for (const c of CASES) emulated.set(c.name, await answer(emulatorTarget(), c));
});
afterAll(() => emulator.stop());

describe("drift suite, emulator half: each call answers as the contract expects", () => {
  it.each(CASES)("$name: $outcome", (c) => {
    const result = emulated.get(c.name);
    expect(result).toBeDefined();
    expect(result?.error === null ? "answer" : "error").toBe(c.outcome);
    expect(result?.headers).toContain("request-id");
  });

  it("values do not count: a second emulator, other ids and times, shows no drift", async () => {
    const other = await startTestEmulator();
    try {
      const target: Target = {
        clientId: other.config.clientId,
        stripe: (key) => stripeFor(other, key),
      };
      for (const c of CASES) {
        const here = emulated.get(c.name);
        if (!here) throw new Error(`${c.name} did not run`);
        expect(drift(c.name, here, await answer(target, c))).toEqual([]);
      }
    } finally {
      await other.stop();
    }
  });

  it("a difference in keys, types, error or headers is reported", () => {
    const charge = emulated.get("POST /v1/charges");
    const missing = emulated.get("GET /v1/charges/:id, no such charge");
    if (!charge || !missing) throw new Error("cases did not run");
    const body: { [key: string]: Json } = { ...(charge.body as { [key: string]: Json }) };
    body.amount = "1234";
    delete body.description;
    const drifted: Answer = {
      body,
      error: null,
      headers: charge.headers.filter((name) => name !== "request-id"),
    };

    expect(drift("charge", charge, charge)).toEqual([]);
    expect(drift("charge", drifted, charge)).toEqual([
      "charge.description: missing",
      "charge.amount: number at Stripe, string here",
      "charge: header request-id present at Stripe, not here",
    ]);
    expect(drift("error", missing, { ...missing, error: null })).toEqual([
      `error: null at Stripe, ${JSON.stringify(missing.error)} here`,
    ]);
  });
});

const real = loadDriftTargetFromEnv();
const SKIPPED =
  " (skipped: set E2E_REAL_STRIPE_SECRET_KEY=sk_test_… and E2E_REAL_STRIPE_CLIENT_ID=ca_… to run it)";

describe.skipIf(real === undefined)(
  `drift suite, Stripe half: the emulator answers as Stripe test mode does${real ? "" : SKIPPED}`,
  () => {
    const stripeAnswers = new Map<string, Answer>();
    beforeAll(async () => {
      if (!real) return;
      const target: Target = {
        clientId: real.clientId,
        stripe: (key = real.secretKey) =>
          new Stripe(key, { apiVersion: Stripe.API_VERSION, maxNetworkRetries: 0 }),
      };
      for (const c of CASES) stripeAnswers.set(c.name, await answer(target, c));
    }, 120_000);

    it.each(CASES)("$name", (c) => {
      const atStripe = stripeAnswers.get(c.name);
      const here = emulated.get(c.name);
      if (!atStripe || !here) throw new Error(`${c.name} did not run`);
      expect(drift(c.name, here, atStripe)).toEqual([]);
    });
  },
);
