import { describe, expect, it } from "vitest";
import { examples } from "@/tests/stripe-events";
import { accountStateOf, parseAccountState, type Requirements } from "./account-state";
import { readinessOf } from "./readiness";
import {
  capabilityLabel,
  disabledReasonLabel,
  requirementLabel,
  requirementLabels,
} from "./requirement-labels";

const none: Requirements = {
  currently_due: [],
  eventually_due: [],
  past_due: [],
  pending_verification: [],
  errors: [],
  disabled_reason: null,
  current_deadline: null,
};

function readiness(
  requirements: Partial<Requirements> = {},
  {
    future = {},
    chargesEnabled = true,
    payoutsEnabled = true,
    capabilities = { card_payments: "active", transfers: "active" },
  }: {
    future?: Partial<Requirements>;
    chargesEnabled?: boolean;
    payoutsEnabled?: boolean;
    capabilities?: Record<string, string>;
  } = {},
) {
  return readinessOf({
    chargesEnabled,
    payoutsEnabled,
    state: {
      requirements: { ...none, ...requirements },
      future_requirements: { ...none, ...future },
      capabilities,
      controller: {
        type: "account",
        is_controller: null,
        stripe_dashboard: null,
        requirement_collection: null,
        fees_payer: null,
        losses_payments: null,
      },
      payout_schedule: null,
    },
  });
}

const JAN_12 = Date.UTC(2027, 0, 12) / 1000;

describe("readinessOf", () => {
  it("is Ready with payments and payouts enabled and nothing due", () => {
    expect(readiness().state).toBe("READY");
  });

  it("is Action needed while something is currently due, with its deadline", () => {
    const got = readiness({
      currently_due: ["individual.verification.document"],
      eventually_due: ["individual.verification.document"],
      current_deadline: JAN_12,
    });
    expect(got).toMatchObject({
      state: "ACTION_NEEDED",
      due: ["individual.verification.document"],
      eventuallyDue: [],
      deadline: new Date(JAN_12 * 1000),
    });
  });

  it("is Action needed for what is only eventually due, and after a failed verification", () => {
    expect(readiness({ eventually_due: ["company.tax_id"] })).toMatchObject({
      state: "ACTION_NEEDED",
      due: [],
      eventuallyDue: ["company.tax_id"],
    });
    const error = {
      code: "verification_document_expired",
      reason: "The document has expired.",
      requirement: "individual.verification.document",
    };
    expect(readiness({ errors: [error] })).toMatchObject({
      state: "ACTION_NEEDED",
      errors: [error],
    });
  });

  it("is Restricted when something is past due, or Stripe disabled the account", () => {
    const pastDue = readiness(
      { past_due: ["external_account"], currently_due: ["external_account"] },
      { payoutsEnabled: false },
    );
    expect(pastDue).toMatchObject({ state: "RESTRICTED", due: ["external_account"] });
    expect(readiness({ disabled_reason: "under_review" }, { chargesEnabled: false })).toMatchObject(
      { state: "RESTRICTED", disabledReason: "under_review" },
    );
    // Off with nothing to do or wait for: still not ready.
    expect(readiness({}, { payoutsEnabled: false }).state).toBe("RESTRICTED");
  });

  it("is In review while Stripe verifies, unless something is also due", () => {
    expect(readiness({ pending_verification: ["individual.id_number"] })).toMatchObject({
      state: "IN_REVIEW",
      pending: ["individual.id_number"],
    });
    expect(
      readiness({ disabled_reason: "requirements.pending_verification" }, { chargesEnabled: false })
        .state,
    ).toBe("IN_REVIEW");
    expect(
      readiness({
        pending_verification: ["individual.id_number"],
        currently_due: ["external_account"],
      }).state,
    ).toBe("ACTION_NEEDED");
  });

  it("is Upcoming requirements when only future requirements wait, with their deadline", () => {
    const got = readiness(
      {},
      { future: { currently_due: ["company.tax_id"], current_deadline: JAN_12 } },
    );
    expect(got).toMatchObject({
      state: "UPCOMING",
      upcoming: ["company.tax_id"],
      upcomingDeadline: new Date(JAN_12 * 1000),
      deadline: new Date(JAN_12 * 1000),
    });
  });

  it("keeps disabled reasons and requirement names it does not know, as Stripe names them", () => {
    const got = readiness(
      { past_due: ["made_up.requirement_2031"], disabled_reason: "made_up.reason_2031" },
      { chargesEnabled: false, capabilities: { card_payments: "active", made_up_pay: "pending" } },
    );
    expect(got).toMatchObject({
      state: "RESTRICTED",
      disabledReason: "made_up.reason_2031",
      due: ["made_up.requirement_2031"],
      inactiveCapabilities: [{ name: "made_up_pay", status: "pending" }],
    });
    expect(disabledReasonLabel("made_up.reason_2031")).toBe("made_up.reason_2031");
    expect(requirementLabel("made_up.requirement_2031")).toBe("made_up.requirement_2031");
    expect(capabilityLabel("made_up_pay")).toBe("made_up_pay");
  });
});

describe("requirement labels", () => {
  it("says what a requirement is in plain words", () => {
    expect(requirementLabel("individual.verification.document")).toBe("Identity document");
    expect(requirementLabel("external_account")).toBe("Bank account for payouts");
    expect(requirementLabel("person_1Abc.verification.document")).toBe(
      "Identity document of a person on the account",
    );
    expect(
      requirementLabels(["individual.dob.day", "individual.dob.month", "individual.dob.year"]),
    ).toEqual(["Date of birth"]);
    expect(disabledReasonLabel("requirements.past_due")).toBe(
      "Information Stripe asked for is past due",
    );
  });
});

describe("account state", () => {
  it("keeps requirements, capabilities, controller and payout schedule of Stripe's example", () => {
    const account = examples.account;
    const state = accountStateOf(account);
    expect(state.requirements.currently_due).toEqual(account.requirements?.currently_due);
    expect(state.requirements.disabled_reason).toBe("requirements.past_due");
    expect(state.capabilities).toEqual(account.capabilities);
    expect(state.controller.type).toBe(account.controller?.type);
    expect(state.payout_schedule?.interval).toBe(account.settings?.payouts?.schedule.interval);
    // Read back from the database's JSON as stored.
    expect(parseAccountState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(parseAccountState(null)).toBeNull();
  });
});
