import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { v2AccountSnapshot } from "@/lib/stripe/v2-account-snapshot";

type Entry = Stripe.V2.Core.Account.Requirements.Entry;

function entry(
  description: string,
  status: "currently_due" | "eventually_due" | "past_due",
  awaiting: "user" | "stripe" = "user",
  errors: Entry["errors"] = [],
): Entry {
  return {
    awaiting_action_from: awaiting,
    description,
    errors,
    impact: {},
    minimum_deadline: { status },
    requested_reasons: [{ code: "routine_onboarding" }],
  };
}

const capability = (status: "active" | "pending" | "restricted" | "rejected", code?: string) => ({
  status,
  status_details: code ? [{ code, resolution: "provide_info" }] : [],
});

/** A v2 account as `GET /v2/core/accounts/:id` gives it with the snapshot's includes. */
function v2Account(fields: {
  entries?: Entry[];
  futureEntries?: Entry[];
  cardPayments?: ReturnType<typeof capability>;
  payouts?: ReturnType<typeof capability>;
  deadline?: string;
}): Stripe.V2.Core.Account {
  return {
    id: "acct_v2",
    object: "v2.core.account",
    applied_configurations: ["merchant"],
    contact_email: "shop@example.test",
    created: "2026-12-01T10:00:00.000Z",
    dashboard: "full",
    display_name: "Shop Display",
    livemode: false,
    identity: {
      country: "fr",
      entity_type: "company",
      business_details: { registered_name: "Shop SAS" },
    },
    defaults: {
      currency: "eur",
      profile: { doing_business_as: "Shop" },
      responsibilities: {
        fees_collector: "stripe",
        losses_collector: "stripe",
        requirements_collector: "stripe",
      },
    },
    configuration: {
      merchant: {
        applied: true,
        capabilities: {
          card_payments: fields.cardPayments ?? capability("active"),
          stripe_balance: { payouts: fields.payouts ?? capability("active") },
        },
      },
    },
    requirements: {
      entries: fields.entries ?? [],
      ...(fields.deadline
        ? { summary: { minimum_deadline: { status: "currently_due", time: fields.deadline } } }
        : {}),
    },
    future_requirements: {
      entries: fields.futureEntries ?? [],
      minimum_transition_date: "2027-03-01T00:00:00.000Z",
    },
  } as Stripe.V2.Core.Account;
}

describe("v2AccountSnapshot", () => {
  it("maps a new account: requirements due by their v2 names, kept as they come", () => {
    const snapshot = v2AccountSnapshot(
      v2Account({
        entries: [
          entry("identity.made_up_field", "currently_due"),
          entry("defaults.profile.invented_url", "past_due"),
          entry("something_later", "eventually_due"),
        ],
        cardPayments: capability("restricted", "requirements_past_due"),
        payouts: capability("restricted", "requirements_past_due"),
        deadline: "2026-12-20T00:00:00.000Z",
      }),
    );
    expect(snapshot).toMatchObject({
      businessName: "Shop",
      email: "shop@example.test",
      country: "fr",
      defaultCurrency: "eur",
      chargesEnabled: false,
      payoutsEnabled: false,
      detailsSubmitted: false,
      requirementsDue: 2,
      readiness: "RESTRICTED",
      nextDeadline: new Date("2026-12-20T00:00:00.000Z"),
      disabledReason: "requirements.past_due",
      cardPaymentsStatus: "inactive",
    });
    expect(snapshot.accountState.requirements).toEqual({
      past_due: ["defaults.profile.invented_url"],
      currently_due: ["identity.made_up_field", "defaults.profile.invented_url"],
      eventually_due: [
        "identity.made_up_field",
        "defaults.profile.invented_url",
        "something_later",
      ],
      pending_verification: [],
      errors: [],
      disabled_reason: "requirements.past_due",
      current_deadline: Date.parse("2026-12-20T00:00:00.000Z") / 1000,
    });
    expect(snapshot.accountState.capabilities).toEqual({
      card_payments: "inactive",
      "stripe_balance.payouts": "inactive",
    });
    expect(snapshot.accountState.controller).toEqual({
      type: null,
      is_controller: null,
      stripe_dashboard: "full",
      requirement_collection: "stripe",
      fees_payer: "account",
      losses_payments: "stripe",
    });
  });

  it("reads v2's places of known requirements back into v1's names", () => {
    const snapshot = v2AccountSnapshot(
      v2Account({
        entries: [
          ...[
            "defaults.profile.business_url",
            "configuration.merchant.payout_method",
            "identity.attestations.terms_of_service.account.date",
            "identity.business_details.tax_id",
          ].map((name) => entry(name, "currently_due")),
          entry("identity.individual.verification.document", "currently_due", "stripe"),
        ],
      }),
    );
    expect(snapshot.accountState.requirements.currently_due).toEqual([
      "business_profile.url",
      "external_account",
      "tos_acceptance.date",
      "company.tax_id",
    ]);
    // A company's person is its representative in v1.
    expect(snapshot.accountState.requirements.pending_verification).toEqual([
      "representative.verification.document",
    ]);
  });

  it("is In review while Stripe verifies what was submitted", () => {
    const snapshot = v2AccountSnapshot(
      v2Account({
        entries: [entry("identity.a_made_up_document", "currently_due", "stripe")],
        cardPayments: capability("pending", "requirements_pending_verification"),
        payouts: capability("pending", "requirements_pending_verification"),
      }),
    );
    expect(snapshot).toMatchObject({
      readiness: "IN_REVIEW",
      detailsSubmitted: true,
      requirementsDue: 0,
      disabledReason: "requirements.pending_verification",
      cardPaymentsStatus: "pending",
    });
    expect(snapshot.accountState.requirements.pending_verification).toEqual([
      "identity.a_made_up_document",
    ]);
  });

  it("is Ready with both capabilities active and nothing due; Upcoming with future entries", () => {
    expect(v2AccountSnapshot(v2Account({}))).toMatchObject({
      readiness: "READY",
      chargesEnabled: true,
      payoutsEnabled: true,
      disabledReason: null,
      nextDeadline: null,
    });
    const upcoming = v2AccountSnapshot(
      v2Account({ futureEntries: [entry("future.invented_requirement", "eventually_due")] }),
    );
    expect(upcoming).toMatchObject({
      readiness: "UPCOMING",
      futureRequirementsDue: 1,
      nextDeadline: new Date("2027-03-01T00:00:00.000Z"),
    });
    expect(upcoming.accountState.future_requirements.eventually_due).toEqual([
      "future.invented_requirement",
    ]);
  });

  it("keeps failed verifications with Stripe's code, and a rejection as v1's disabled reason", () => {
    const snapshot = v2AccountSnapshot(
      v2Account({
        entries: [
          entry("identity.invented_id", "currently_due", "user", [
            { code: "verification_failed_other", description: "The document was unreadable" },
          ]),
        ],
        cardPayments: capability("rejected", "rejected_fraud"),
      }),
    );
    expect(snapshot.accountState.requirements.errors).toEqual([
      {
        code: "verification_failed_other",
        reason: "The document was unreadable",
        requirement: "identity.invented_id",
      },
    ]);
    expect(snapshot).toMatchObject({ disabledReason: "rejected.fraud", readiness: "RESTRICTED" });
  });

  it("keeps what v2 does not carry (controller type, payout schedule, transfers) from the stored state", () => {
    const blank = v2AccountSnapshot(v2Account({}));
    expect(blank.accountState.controller).toMatchObject({ type: null, is_controller: null });
    expect(blank.accountState.payout_schedule).toBeNull();
    const stored = {
      ...blank.accountState,
      capabilities: { card_payments: "active", transfers: "active" },
      controller: { ...blank.accountState.controller, type: "application", is_controller: true },
      payout_schedule: {
        interval: "daily",
        delay_days: 2,
        weekly_anchor: null,
        monthly_anchor: null,
      },
    };
    const snapshot = v2AccountSnapshot(v2Account({}), stored);
    expect(snapshot.accountState.controller).toMatchObject({
      type: "application",
      is_controller: true,
      stripe_dashboard: "full",
    });
    expect(snapshot.accountState.payout_schedule).toMatchObject({
      interval: "daily",
      delay_days: 2,
    });
    expect(snapshot.accountState.capabilities).toMatchObject({ transfers: "active" });
    expect(snapshot.transfersStatus).toBe("active");
  });
});
