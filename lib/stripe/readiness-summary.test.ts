import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { accountObject, type AccountFields } from "@/tests/stripe-events";
import { accountStateOf } from "./account-state";
import { readinessOf } from "./readiness";
import { readinessSummary } from "./readiness-summary";

const JAN_12 = Date.UTC(2027, 0, 12) / 1000;
const MAR_1 = Date.UTC(2027, 2, 1) / 1000;
const BEFORE = new Date(Date.UTC(2026, 11, 2));
const AFTER = new Date(Date.UTC(2027, 0, 13));
const ID_DOCUMENT = "individual.verification.document";

/** The summary a seller reads for an account as Stripe sends it. */
function summaryOf(fields: Partial<AccountFields>, now = BEFORE) {
  const account = accountObject("acct_summary", { businessName: "Shop", ...fields });
  const flags = {
    chargesEnabled: account.charges_enabled,
    payoutsEnabled: account.payouts_enabled,
  };
  const readiness = readinessOf({ ...flags, state: accountStateOf(account) });
  return readinessSummary({ readiness, ...flags, now });
}

const due = (names: string[], deadline: number | null = JAN_12) => ({
  requirements: { currently_due: names, eventually_due: names, current_deadline: deadline },
});

describe("readinessSummary", () => {
  it("is green only when Ready, with nothing to finish at Stripe", () => {
    expect(summaryOf({})).toMatchObject({
      state: "READY",
      tone: "success",
      urgent: false,
      headline: "Your Stripe account is ready: it can take payments and receive payouts.",
      paused: null,
      reason: null,
      deadline: null,
      needed: [],
      finishAtStripe: false,
    });
  });

  it("says what is needed in plain words and what Stripe will pause, and when", () => {
    const got = summaryOf(due([ID_DOCUMENT]));
    expect(got).toMatchObject({
      state: "ACTION_NEEDED",
      tone: "warning",
      urgent: false,
      needed: [{ label: "Identity document", pastDue: false }],
      deadline: "Stripe will pause payouts on 12 Jan 2027 unless you provide: Identity document.",
      finishAtStripe: true,
    });
  });

  it("puts payments at stake when a requirement is not only about payouts", () => {
    expect(summaryOf(due([ID_DOCUMENT, "business_profile.url"])).deadline).toBe(
      "Stripe will pause payments and payouts on 12 Jan 2027 unless you provide: Identity document, Business website.",
    );
    // Payouts already paused: only payments are left to pause.
    expect(summaryOf({ ...due(["tos_acceptance.date"]), payoutsEnabled: false }).deadline).toBe(
      "Stripe will pause payments on 12 Jan 2027 unless you provide: Acceptance of Stripe's terms of service.",
    );
    // Only payouts at stake, and they are already paused: nothing left to threaten.
    expect(summaryOf({ ...due(["external_account"]), payoutsEnabled: false }).deadline).toBe(
      "Stripe asks you to provide by 12 Jan 2027: Bank account for payouts.",
    );
  });

  it("says a deadline that has passed, and nothing without one", () => {
    expect(summaryOf(due([ID_DOCUMENT]), AFTER).deadline).toBe(
      "The deadline was 12 Jan 2027: Stripe may pause payouts at any time unless you provide: Identity document.",
    );
    expect(summaryOf(due([ID_DOCUMENT], null)).deadline).toBeNull();
  });

  it("is a red alert when Restricted, with what is paused, why, and what is past due first", () => {
    const got = summaryOf({
      payoutsEnabled: false,
      requirements: {
        past_due: [ID_DOCUMENT],
        currently_due: ["business_profile.url", ID_DOCUMENT],
        disabled_reason: "requirements.past_due",
      },
    });
    expect(got).toMatchObject({
      state: "RESTRICTED",
      tone: "danger",
      urgent: true,
      paused: "Payouts are paused.",
      reason: "Reason given by Stripe: Information Stripe asked for is past due.",
      needed: [
        { label: "Identity document", pastDue: true },
        { label: "Business website", pastDue: false },
      ],
    });
    expect(summaryOf({ chargesEnabled: false, payoutsEnabled: false }).paused).toBe(
      "Payments and payouts are paused.",
    );
  });

  it("is In review while Stripe verifies, without calling that a restriction", () => {
    const got = summaryOf({
      requirements: {
        pending_verification: [ID_DOCUMENT],
        disabled_reason: "requirements.pending_verification",
      },
    });
    expect(got).toMatchObject({
      state: "IN_REVIEW",
      tone: "info",
      urgent: false,
      verifying: "Stripe is verifying: Identity document.",
      reason: null,
      needed: [],
    });
  });

  it("shows a failed verification with Stripe's reason", () => {
    const got = summaryOf({
      requirements: {
        ...due([ID_DOCUMENT]).requirements,
        errors: [
          {
            code: "verification_document_expired",
            reason: "The document has expired.",
            requirement: ID_DOCUMENT,
          },
        ],
      },
    });
    expect(got.state).toBe("ACTION_NEEDED");
    expect(got.failed).toEqual([
      { label: "Identity document", reason: "The document has expired." },
    ]);
  });

  it("says what Stripe will need later, and future requirements with their deadline", () => {
    expect(summaryOf({ requirements: { eventually_due: ["company.tax_id"] } })).toMatchObject({
      state: "ACTION_NEEDED",
      needed: [],
      later: "Stripe will need later: Company tax ID.",
      deadline: null,
    });
    expect(
      summaryOf({
        futureRequirements: { currently_due: ["company.tax_id"], current_deadline: MAR_1 },
      }),
    ).toMatchObject({
      state: "UPCOMING",
      tone: "info",
      upcoming: "From 1 Mar 2027 Stripe will also need: Company tax ID.",
      deadline: null,
      finishAtStripe: true,
    });
  });

  it("shows disabled reasons and requirement names it does not know as Stripe names them", () => {
    const got = summaryOf({
      chargesEnabled: false,
      requirements: {
        ...due(["made_up.requirement_2031"]).requirements,
        pending_verification: ["made_up.pending_2031"],
        // Not in stripe-node's list of reasons: one Stripe adds after it.
        disabled_reason: "made_up.reason_2031" as Stripe.Account.Requirements.DisabledReason,
      },
    });
    expect(got).toMatchObject({
      state: "RESTRICTED",
      reason: "Reason given by Stripe: made_up.reason_2031.",
      needed: [{ label: "made_up.requirement_2031", pastDue: false }],
      verifying: "Stripe is verifying: made_up.pending_2031.",
      paused: "Payments are paused.",
      deadline:
        "Stripe will pause payouts on 12 Jan 2027 unless you provide: made_up.requirement_2031.",
    });
  });
});
