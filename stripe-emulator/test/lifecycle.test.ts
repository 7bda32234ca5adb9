/**
 * The requirements lifecycle through the control API, read back as a platform reads it
 * (stripe-node: the Account, its Capability objects, the events): each step's fields, its events
 * (capability.updated before account.updated, with the right previous_attributes), the refusals,
 * seeded states, and the state file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorControlError } from "../src/client";
import {
  type RunningEmulator,
  caught,
  connectedAccount,
  control,
  startTestEmulator,
  stripeFor,
} from "./helpers";

const DOCUMENT = "individual.verification.document";
const ADDRESS = "individual.address.line1";
const DEADLINE = 1_900_000_000;

let emulator: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startTestEmulator();
  stripe = stripeFor(emulator);
});
afterAll(() => emulator.stop());

/** A connected, fully enabled account, and a reader of the events each step adds to it. */
async function account(fields: Parameters<typeof connectedAccount>[1] = {}) {
  const { account: created } = await connectedAccount(emulator, fields);
  const id = created.id;
  let seen = (await allEvents(id)).length;
  return {
    id,
    /** The events since the last call, oldest first. */
    async newEvents(): Promise<Stripe.Event[]> {
      const events = await allEvents(id);
      const fresh = events.slice(seen);
      seen = events.length;
      return fresh;
    },
    read: () => stripe.accounts.retrieve(id),
    capabilities: async () => (await stripe.accounts.listCapabilities(id)).data,
  };
}

async function allEvents(id: string): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 }, { stripeAccount: id })) {
    events.push(event);
  }
  return events.reverse();
}

/** `[type, object id]` of each event: the order a platform receives them in. */
function sequence(events: Stripe.Event[]): [string, string][] {
  return events.map((e) => [e.type, (e.data.object as { id: string }).id]);
}

function capabilityEvent(events: Stripe.Event[], name: string): Stripe.CapabilityUpdatedEvent {
  const event = events.find(
    (e): e is Stripe.CapabilityUpdatedEvent =>
      e.type === "capability.updated" && e.data.object.id === name,
  );
  if (!event) throw new Error(`no capability.updated for ${name}`);
  return event;
}

function accountEvent(events: Stripe.Event[]): Stripe.AccountUpdatedEvent {
  const event = events.find((e): e is Stripe.AccountUpdatedEvent => e.type === "account.updated");
  if (!event) throw new Error("no account.updated");
  return event;
}

const BOTH_CAPABILITIES_THEN_ACCOUNT = (id: string): [string, string][] => [
  ["capability.updated", "card_payments"],
  ["capability.updated", "transfers"],
  ["account.updated", id],
];

describe("requirements become due, with a deadline", () => {
  it("lists them currently and eventually due, keeps payments and payouts on, and says so in one update", async () => {
    const seller = await account();
    const answer = await emulator.client.requirementsDue(seller.id, {
      requirements: [DOCUMENT],
      deadline: DEADLINE,
    });
    const read = await seller.read();
    expect(answer).toEqual(read);
    expect(read).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      capabilities: { card_payments: "active", transfers: "active" },
      requirements: {
        currently_due: [DOCUMENT],
        eventually_due: [DOCUMENT],
        past_due: [],
        pending_verification: [],
        current_deadline: DEADLINE,
        disabled_reason: null,
        errors: [],
      },
    });
    for (const capability of await seller.capabilities()) {
      expect(capability).toMatchObject({
        status: "active",
        requirements: {
          currently_due: [DOCUMENT],
          current_deadline: DEADLINE,
          disabled_reason: null,
        },
      });
    }

    const events = await seller.newEvents();
    expect(sequence(events)).toEqual(BOTH_CAPABILITIES_THEN_ACCOUNT(seller.id));
    expect(capabilityEvent(events, "transfers").data.previous_attributes).toEqual({
      requirements: { current_deadline: null, currently_due: [], eventually_due: [] },
    });
    expect(accountEvent(events).data.previous_attributes).toEqual({
      requirements: { current_deadline: null, currently_due: [], eventually_due: [] },
    });
    expect(accountEvent(events).data.object).toEqual(read);
  });

  it("with eventually_only, only eventually due, and without a deadline unless given", async () => {
    const seller = await account();
    await emulator.client.requirementsDue(seller.id, {
      requirements: [ADDRESS],
      eventually_only: true,
    });
    expect((await seller.read()).requirements).toMatchObject({
      currently_due: [],
      eventually_due: [ADDRESS],
      current_deadline: null,
    });
    expect(accountEvent(await seller.newEvents()).data.previous_attributes).toEqual({
      requirements: { eventually_due: [] },
    });
  });
});

describe("past due, then restricted", () => {
  it("past due: payouts paused (transfers inactive), the reason, no deadline", async () => {
    const seller = await account();
    await emulator.client.requirementsDue(seller.id, {
      requirements: [DOCUMENT],
      deadline: DEADLINE,
    });
    await seller.newEvents();

    await emulator.client.requirementsPastDue(seller.id);
    const read = await seller.read();
    expect(read).toMatchObject({
      charges_enabled: true,
      payouts_enabled: false,
      capabilities: { card_payments: "active", transfers: "inactive" },
      requirements: {
        currently_due: [DOCUMENT],
        past_due: [DOCUMENT],
        current_deadline: null,
        disabled_reason: "requirements.past_due",
      },
    });
    const transfers = await stripe.accounts.retrieveCapability(seller.id, "transfers");
    expect(transfers).toMatchObject({
      status: "inactive",
      requirements: { past_due: [DOCUMENT], disabled_reason: "requirements.fields_needed" },
    });

    const events = await seller.newEvents();
    expect(sequence(events)).toEqual(BOTH_CAPABILITIES_THEN_ACCOUNT(seller.id));
    expect(capabilityEvent(events, "transfers").data.previous_attributes).toEqual({
      status: "active",
      requirements: { current_deadline: DEADLINE, disabled_reason: null, past_due: [] },
    });
    expect(capabilityEvent(events, "card_payments").data.previous_attributes).toEqual({
      requirements: { current_deadline: DEADLINE, past_due: [] },
    });
    expect(accountEvent(events).data.previous_attributes).toEqual({
      capabilities: { transfers: "active" },
      payouts_enabled: true,
      requirements: {
        current_deadline: DEADLINE,
        disabled_reason: null,
        past_due: [],
      },
    });
  });

  it("restricted: charges paused too, with the reason given verbatim (any value)", async () => {
    const seller = await account();
    await emulator.client.requirementsDue(seller.id, { requirements: [DOCUMENT] });
    await emulator.client.requirementsPastDue(seller.id);
    await seller.newEvents();

    await emulator.client.restrictAccount(seller.id, { disabled_reason: "made_up.reason_x" });
    const read = await seller.read();
    expect(read).toMatchObject({
      charges_enabled: false,
      payouts_enabled: false,
      capabilities: { card_payments: "inactive", transfers: "inactive" },
      requirements: { past_due: [DOCUMENT], disabled_reason: "made_up.reason_x" },
    });
    const events = await seller.newEvents();
    expect(sequence(events)).toEqual([
      ["capability.updated", "card_payments"],
      ["account.updated", seller.id],
    ]);
    expect(accountEvent(events).data.previous_attributes).toEqual({
      capabilities: { card_payments: "active" },
      charges_enabled: true,
      requirements: { disabled_reason: "requirements.past_due" },
    });
  });

  it("restrict straight from currently due makes it past due as well", async () => {
    const seller = await account();
    await emulator.client.requirementsDue(seller.id, {
      requirements: [DOCUMENT],
      deadline: DEADLINE,
    });
    await emulator.client.restrictAccount(seller.id);
    expect(await seller.read()).toMatchObject({
      charges_enabled: false,
      payouts_enabled: false,
      requirements: {
        past_due: [DOCUMENT],
        current_deadline: null,
        disabled_reason: "requirements.past_due",
      },
    });
  });
});

describe("provided, pending verification, then verified or failed", () => {
  /** An account restricted for DOCUMENT and ADDRESS. */
  async function restricted() {
    const seller = await account();
    await emulator.client.requirementsDue(seller.id, { requirements: [DOCUMENT, ADDRESS] });
    await emulator.client.restrictAccount(seller.id);
    await seller.newEvents();
    return seller;
  }

  it("provide: pending verification; still disabled while anything is past due", async () => {
    const seller = await restricted();
    await emulator.client.provideRequirements(seller.id, { requirements: [DOCUMENT] });
    expect(await seller.read()).toMatchObject({
      charges_enabled: false,
      payouts_enabled: false,
      capabilities: { card_payments: "inactive", transfers: "inactive" },
      requirements: {
        currently_due: [ADDRESS],
        eventually_due: [ADDRESS],
        past_due: [ADDRESS],
        pending_verification: [DOCUMENT],
        disabled_reason: "requirements.past_due",
      },
    });
    const events = await seller.newEvents();
    expect(sequence(events)).toEqual(BOTH_CAPABILITIES_THEN_ACCOUNT(seller.id));
    expect(accountEvent(events).data.previous_attributes).toEqual({
      requirements: {
        currently_due: [DOCUMENT, ADDRESS],
        eventually_due: [DOCUMENT, ADDRESS],
        past_due: [DOCUMENT, ADDRESS],
        pending_verification: [],
      },
    });
  });

  it("with nothing past due: capabilities pending, disabled_reason requirements.pending_verification; verified: all enabled again", async () => {
    const seller = await restricted();
    await emulator.client.provideRequirements(seller.id, { requirements: [DOCUMENT, ADDRESS] });
    expect(await seller.read()).toMatchObject({
      charges_enabled: false,
      payouts_enabled: false,
      capabilities: { card_payments: "pending", transfers: "pending" },
      requirements: {
        currently_due: [],
        past_due: [],
        pending_verification: [DOCUMENT, ADDRESS],
        disabled_reason: "requirements.pending_verification",
      },
    });
    expect(await stripe.accounts.retrieveCapability(seller.id, "card_payments")).toMatchObject({
      status: "pending",
      requirements: {
        disabled_reason: "pending.review",
        pending_verification: [DOCUMENT, ADDRESS],
      },
    });
    await seller.newEvents();

    await emulator.client.verifyRequirements(seller.id, { requirements: [DOCUMENT] });
    expect(await seller.read()).toMatchObject({
      charges_enabled: false,
      requirements: {
        pending_verification: [ADDRESS],
        disabled_reason: "requirements.pending_verification",
      },
    });
    await seller.newEvents();

    await emulator.client.verifyRequirements(seller.id, {
      requirements: [ADDRESS],
      outcome: "verified",
    });
    const read = await seller.read();
    expect(read).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      capabilities: { card_payments: "active", transfers: "active" },
      requirements: {
        currently_due: [],
        eventually_due: [],
        past_due: [],
        pending_verification: [],
        disabled_reason: null,
        errors: [],
      },
    });
    const events = await seller.newEvents();
    expect(sequence(events)).toEqual(BOTH_CAPABILITIES_THEN_ACCOUNT(seller.id));
    expect(capabilityEvent(events, "card_payments").data.previous_attributes).toEqual({
      status: "pending",
      requirements: { disabled_reason: "pending.review", pending_verification: [ADDRESS] },
    });
    expect(accountEvent(events).data.previous_attributes).toEqual({
      capabilities: { card_payments: "pending", transfers: "pending" },
      charges_enabled: false,
      payouts_enabled: false,
      requirements: {
        disabled_reason: "requirements.pending_verification",
        pending_verification: [ADDRESS],
      },
    });
  });

  it("a requirement provided before its deadline is verified without pausing anything", async () => {
    const seller = await account();
    await emulator.client.requirementsDue(seller.id, {
      requirements: [DOCUMENT],
      deadline: DEADLINE,
    });
    await emulator.client.provideRequirements(seller.id, { requirements: [DOCUMENT] });
    expect(await seller.read()).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      requirements: {
        currently_due: [],
        pending_verification: [DOCUMENT],
        current_deadline: null,
        disabled_reason: null,
      },
    });
    await emulator.client.verifyRequirements(seller.id, { requirements: [DOCUMENT] });
    expect((await seller.read()).requirements).toMatchObject({
      pending_verification: [],
      disabled_reason: null,
    });
  });

  it("failed: currently due again with Stripe's errors[] entry, which providing it again clears", async () => {
    const seller = await account();
    await emulator.client.requirementsDue(seller.id, {
      requirements: [DOCUMENT],
      deadline: DEADLINE,
    });
    await emulator.client.provideRequirements(seller.id, { requirements: [DOCUMENT] });
    await seller.newEvents();
    const failure = {
      code: "verification_document_expired",
      reason: "The document has expired. Upload a current one.",
    };
    await emulator.client.verifyRequirements(seller.id, {
      requirements: [DOCUMENT],
      outcome: failure,
    });
    const read = await seller.read();
    expect(read).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      requirements: {
        currently_due: [DOCUMENT],
        eventually_due: [DOCUMENT],
        pending_verification: [],
        errors: [{ ...failure, requirement: DOCUMENT }],
      },
    });
    // Stripe's shape of an error entry, key for key.
    expect(Object.keys(read.requirements?.errors?.[0] ?? {}).sort()).toEqual([
      "code",
      "reason",
      "requirement",
    ]);
    const events = await seller.newEvents();
    expect(sequence(events)).toEqual(BOTH_CAPABILITIES_THEN_ACCOUNT(seller.id));
    expect(capabilityEvent(events, "card_payments").data.object.requirements?.errors).toEqual([
      { ...failure, requirement: DOCUMENT },
    ]);

    await emulator.client.provideRequirements(seller.id, { requirements: [DOCUMENT] });
    expect((await seller.read()).requirements).toMatchObject({
      errors: [],
      pending_verification: [DOCUMENT],
    });
  });

  it("failed on a disabled account: past due again, capabilities inactive", async () => {
    const seller = await restricted();
    await emulator.client.provideRequirements(seller.id, { requirements: [DOCUMENT, ADDRESS] });
    await emulator.client.verifyRequirements(seller.id, { requirements: [ADDRESS] });
    await emulator.client.verifyRequirements(seller.id, {
      requirements: [DOCUMENT],
      outcome: { code: "made_up_code", reason: "Made up." },
    });
    expect(await seller.read()).toMatchObject({
      charges_enabled: false,
      payouts_enabled: false,
      capabilities: { card_payments: "inactive", transfers: "inactive" },
      requirements: {
        currently_due: [DOCUMENT],
        past_due: [DOCUMENT],
        pending_verification: [],
        disabled_reason: "requirements.past_due",
        errors: [{ code: "made_up_code", reason: "Made up.", requirement: DOCUMENT }],
      },
    });
  });
});

describe("future requirements", () => {
  it("appear with their deadline, then become current by it", async () => {
    const seller = await account();
    const future = "company.tax_id";
    await emulator.client.futureRequirements(seller.id, {
      requirements: [future],
      deadline: DEADLINE,
    });
    const read = await seller.read();
    expect(read.future_requirements).toMatchObject({
      currently_due: [future],
      eventually_due: [future],
      current_deadline: DEADLINE,
      past_due: [],
      disabled_reason: null,
    });
    expect(read.requirements?.currently_due).toEqual([]);
    let events = await seller.newEvents();
    expect(sequence(events)).toEqual(BOTH_CAPABILITIES_THEN_ACCOUNT(seller.id));
    expect(capabilityEvent(events, "transfers").data.object.future_requirements).toMatchObject({
      currently_due: [future],
      current_deadline: DEADLINE,
    });
    expect(accountEvent(events).data.previous_attributes).toEqual({
      future_requirements: { current_deadline: null, currently_due: [], eventually_due: [] },
    });

    await emulator.client.activateFutureRequirements(seller.id);
    expect(await seller.read()).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      requirements: {
        currently_due: [future],
        eventually_due: [future],
        current_deadline: DEADLINE,
      },
      future_requirements: { currently_due: [], eventually_due: [], current_deadline: null },
    });
    events = await seller.newEvents();
    expect(sequence(events)).toEqual(BOTH_CAPABILITIES_THEN_ACCOUNT(seller.id));
    expect(accountEvent(events).data.previous_attributes).toEqual({
      future_requirements: {
        current_deadline: DEADLINE,
        currently_due: [future],
        eventually_due: [future],
      },
      requirements: { current_deadline: null, currently_due: [], eventually_due: [] },
    });
  });
});

describe("capabilities set directly", () => {
  it("moves the capability, the account's capabilities map and the matching flag", async () => {
    const seller = await account();
    const capability = await emulator.client.setCapability(seller.id, "card_payments", {
      status: "inactive",
    });
    expect(capability).toMatchObject({
      id: "card_payments",
      object: "capability",
      status: "inactive",
    });
    expect(await seller.read()).toMatchObject({
      charges_enabled: false,
      payouts_enabled: true,
      capabilities: { card_payments: "inactive", transfers: "active" },
      requirements: { disabled_reason: "requirements.past_due" },
    });
    expect(sequence(await seller.newEvents())).toEqual([
      ["capability.updated", "card_payments"],
      ["account.updated", seller.id],
    ]);

    await emulator.client.setCapability(seller.id, "transfers", { status: "pending" });
    expect(await seller.read()).toMatchObject({
      payouts_enabled: false,
      capabilities: { transfers: "pending" },
    });
    await emulator.client.setCapability(seller.id, "card_payments", { status: "active" });
    await emulator.client.setCapability(seller.id, "transfers", { status: "active" });
    expect(await seller.read()).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      requirements: { disabled_reason: null },
    });
    await seller.newEvents();
    // The same status again is no update: no event.
    await emulator.client.setCapability(seller.id, "transfers", { status: "active" });
    expect(await seller.newEvents()).toEqual([]);
  });

  it("the flags of the account update still move the capabilities", async () => {
    const seller = await account();
    await emulator.client.updateAccount(seller.id, { payouts_enabled: false });
    expect((await stripe.accounts.retrieveCapability(seller.id, "transfers")).status).toBe(
      "inactive",
    );
    expect(sequence(await seller.newEvents())).toEqual([
      ["capability.updated", "transfers"],
      ["account.updated", seller.id],
    ]);
  });

  it("refuses an unknown capability or status", async () => {
    const seller = await account();
    const unknown = await control(
      emulator,
      "POST",
      `/accounts/${seller.id}/capabilities/klarna_payments`,
      {
        status: "active",
      },
    );
    expect(unknown.status).toBe(404);
    const status = await control(
      emulator,
      "POST",
      `/accounts/${seller.id}/capabilities/transfers`,
      {
        status: "unrequested",
      },
    );
    expect(status.status).toBe(400);
  });
});

describe("impossible steps are refused with 409, changing nothing", () => {
  async function refused(id: string, path: string, body: unknown): Promise<string> {
    const before = await stripe.accounts.retrieve(id);
    const { status, body: answer } = await control<{ error: { message: string } }>(
      emulator,
      "POST",
      `/accounts/${id}${path}`,
      body,
    );
    expect(status).toBe(409);
    expect(await stripe.accounts.retrieve(id)).toEqual(before);
    return answer.error.message;
  }

  it("past due or restrict when nothing is due; activate without future requirements", async () => {
    const seller = await account();
    expect(await refused(seller.id, "/requirements/past_due", {})).toContain(
      "Nothing is currently due",
    );
    expect(await refused(seller.id, "/requirements/restrict", {})).toContain(
      "Nothing is currently due",
    );
    expect(await refused(seller.id, "/future_requirements/activate", {})).toContain(
      "no future requirements",
    );
    expect(await seller.newEvents()).toEqual([]);
  });

  it("provide of what is not due; verify of what is not pending; due of what is pending", async () => {
    const seller = await account();
    await emulator.client.requirementsDue(seller.id, { requirements: [DOCUMENT] });
    expect(
      await refused(seller.id, "/requirements/provide", { requirements: [DOCUMENT, ADDRESS] }),
    ).toBe(`${ADDRESS} is not due on this account (due: ${DOCUMENT}).`);
    expect(
      await refused(seller.id, "/requirements/verify", { requirements: [DOCUMENT] }),
    ).toContain(`${DOCUMENT} is not pending verification`);
    await emulator.client.provideRequirements(seller.id, { requirements: [DOCUMENT] });
    expect(await refused(seller.id, "/requirements/due", { requirements: [DOCUMENT] })).toContain(
      "pending verification",
    );
  });

  it("the typed client throws EmulatorControlError with the 409", async () => {
    const seller = await account();
    const error = await caught(emulator.client.requirementsPastDue(seller.id));
    expect(error).toBeInstanceOf(EmulatorControlError);
    expect(error).toMatchObject({ status: 409 });
  });

  it("bad bodies are 400: no requirements, a bad deadline, an unknown field", async () => {
    const seller = await account();
    for (const [path, body] of [
      ["/requirements/due", { requirements: [] }],
      ["/requirements/due", { requirements: [DOCUMENT], deadline: "tomorrow" }],
      ["/requirements/past_due", { disabled_reason: "" }],
      ["/requirements/verify", { requirements: [DOCUMENT], outcome: { code: "x" } }],
      ["/future_requirements", { requirements: [DOCUMENT] }],
      ["/future_requirements/activate", { now: true }],
    ] as const) {
      const { status } = await control(emulator, "POST", `/accounts/${seller.id}${path}`, body);
      expect(status, path).toBe(400);
    }
  });
});

describe("seeded in a state", () => {
  it("starts with the given requirements, with Stripe's invariants and the flags they imply", async () => {
    const account = await emulator.client.seedAccount({
      connected: true,
      requirements: {
        currently_due: [ADDRESS],
        past_due: [DOCUMENT],
        errors: [{ requirement: "company.tax_id", code: "invalid_tax_id", reason: "Wrong." }],
        future: { currently_due: ["company.name"], current_deadline: DEADLINE },
      },
    });
    expect(account).toMatchObject({
      charges_enabled: true,
      payouts_enabled: false,
      capabilities: { card_payments: "active", transfers: "inactive" },
      requirements: {
        currently_due: [ADDRESS, DOCUMENT, "company.tax_id"],
        eventually_due: [ADDRESS, DOCUMENT, "company.tax_id"],
        past_due: [DOCUMENT],
        disabled_reason: "requirements.past_due",
        errors: [{ requirement: "company.tax_id", code: "invalid_tax_id", reason: "Wrong." }],
      },
      future_requirements: { currently_due: ["company.name"], current_deadline: DEADLINE },
    });
    expect(await stripe.accounts.retrieve(account.id)).toEqual(account);
  });

  it("in review (pending, both flags off) and restricted with a made-up reason", async () => {
    const review = await emulator.client.seedAccount({
      charges_enabled: false,
      payouts_enabled: false,
      requirements: { pending_verification: [DOCUMENT] },
    });
    expect(review).toMatchObject({
      capabilities: { card_payments: "pending", transfers: "pending" },
      requirements: { disabled_reason: "requirements.pending_verification" },
    });
    const restricted = await emulator.client.seedAccount({
      charges_enabled: false,
      requirements: { past_due: ["made.up.requirement"], disabled_reason: "made_up.reason" },
    });
    expect(restricted).toMatchObject({
      charges_enabled: false,
      payouts_enabled: false,
      requirements: {
        currently_due: ["made.up.requirement"],
        past_due: ["made.up.requirement"],
        disabled_reason: "made_up.reason",
      },
    });
    // A seeded state moves on like any other.
    await emulator.client.provideRequirements(restricted.id, {
      requirements: ["made.up.requirement"],
    });
    await emulator.client.verifyRequirements(restricted.id, {
      requirements: ["made.up.requirement"],
    });
    expect((await emulator.client.account(restricted.id)).account).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      requirements: { disabled_reason: null },
    });
  });

  it("an unsubmitted application still has its requirements due, and they can be provided", async () => {
    const account = await emulator.client.seedAccount({
      details_submitted: false,
      charges_enabled: false,
    });
    expect(account.requirements?.currently_due).toContain("external_account");
    await emulator.client.provideRequirements(account.id, { requirements: ["external_account"] });
    const { account: read } = await emulator.client.account(account.id);
    expect(read.requirements?.currently_due).not.toContain("external_account");
    expect(read.requirements?.pending_verification).toEqual(["external_account"]);
    // Submitting the application clears what it asked for.
    const submitted = await emulator.client.updateAccount(account.id, { details_submitted: true });
    expect(submitted.requirements?.currently_due).toEqual([]);
  });
});

describe("/v1 capabilities", () => {
  it("lists and retrieves the Capability objects, consistent with the Account", async () => {
    const seller = await account();
    await emulator.client.requirementsDue(seller.id, { requirements: [DOCUMENT] });
    await emulator.client.requirementsPastDue(seller.id);
    const list = await stripe.accounts.listCapabilities(seller.id);
    expect(list).toMatchObject({ object: "list", has_more: false });
    expect(list.data.map((c) => [c.id, c.status])).toEqual([
      ["card_payments", "active"],
      ["transfers", "inactive"],
    ]);
    const read = await seller.read();
    for (const capability of list.data) {
      expect(read.capabilities?.[capability.id as "transfers"]).toBe(capability.status);
      expect(capability.account).toBe(seller.id);
      expect(capability.requirements?.past_due).toEqual(read.requirements?.past_due);
    }
    const error = await caught(stripe.accounts.retrieveCapability(seller.id, "klarna_payments"));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("refuses an account the key cannot see, as for the Account", async () => {
    const seller = await emulator.client.seedAccount();
    const error = await caught(stripe.accounts.listCapabilities(seller.id));
    expect(error).toMatchObject({ statusCode: 403, code: "account_invalid" });
  });
});

describe("state file", () => {
  it("keeps each account's place in the lifecycle across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stripe-emulator-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await startTestEmulator({ stateFile });
      const { account } = await connectedAccount(first);
      await first.client.requirementsDue(account.id, {
        requirements: [DOCUMENT],
        deadline: DEADLINE,
      });
      await first.client.requirementsPastDue(account.id);
      await first.client.provideRequirements(account.id, { requirements: [DOCUMENT] });
      const before = (await first.client.account(account.id)).account;
      await first.stop();

      const second = await startTestEmulator({ stateFile });
      try {
        expect((await second.client.account(account.id)).account).toEqual(before);
        await second.client.verifyRequirements(account.id, { requirements: [DOCUMENT] });
        expect((await second.client.account(account.id)).account).toMatchObject({
          payouts_enabled: true,
          requirements: { pending_verification: [], disabled_reason: null },
        });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
