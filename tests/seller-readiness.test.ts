/**
 * What a seller (and an admin) reads about an account's readiness, from what Stripe sent: signed
 * account.updated events through the webhook endpoint into the database, then Settings' connection
 * card, the dashboard's payouts and the admin account page's Requirements as they render. Stripe is the emulator, over HTTP.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type Stripe from "stripe";
import type { RunningEmulator } from "stripe-connect-emulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/stripe/webhooks/route";
import { AccountRequirements } from "@/components/admin/account/requirements";
import { ConnectionCard } from "@/components/connect/connection-card";
import { ReadinessSummaryPanel } from "@/components/connect/readiness-summary";
import { PayoutsDetails } from "@/components/dashboard/panels";
import { getLatestConnection } from "@/lib/data/connections";
import { db } from "@/lib/db";
import { parseAccountState } from "@/lib/stripe/account-state";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import { connectNotice } from "@/lib/stripe/connect-outcomes";
import { loadRecentPayouts } from "@/lib/stripe/seller-data";
import { connectedSeller, startTestEmulator } from "./helpers";
import { accountUpdatedEvent, nowSeconds, signed, type AccountFields } from "./stripe-events";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
});
afterAll(async () => {
  await emulator.stop();
});

const JAN_12 = Date.UTC(2027, 0, 12) / 1000;
const ID_DOCUMENT = "individual.verification.document";

/** A seller connected to a fresh account, and a way to send Stripe's account.updated events. */
async function sellerWithEvents(stripeAccountId?: string) {
  const seller = await connectedSeller(stripeAccountId);
  let created = nowSeconds() - 1000;
  return {
    ...seller,
    /** Delivers an account.updated with `fields`, signed, each one a second after the last. */
    async stripeSends(fields: Partial<AccountFields>) {
      created += 1;
      const event = accountUpdatedEvent(
        seller.account,
        { businessName: "Readiness Shop", ...fields },
        { created },
      );
      const { body, signature } = signed(event, EMULATOR.connectWebhookSecret);
      const response = await POST(
        new Request("http://localhost/api/stripe/webhooks", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
          body,
        }),
      );
      expect(response.status).toBe(200);
    },
    /** Settings' Stripe connection card as it renders now, as text. */
    async settingsCard() {
      const connection = await getLatestConnection(seller.user.id);
      return renderToStaticMarkup(createElement(ConnectionCard, { connection, canConnect: true }));
    },
  };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&#x27;", "'")
    .replace(/\s+/g, " ");

/** The classes of the readiness summary in `html` (its colours). */
function readinessTone(html: string): string {
  return /data-testid="readiness" class="([^"]*)"/.exec(html)?.[1] ?? "";
}

describe("a seller's readiness on Settings", () => {
  it("goes from Action needed with the deadline, to In review, to Ready", async () => {
    const seller = await sellerWithEvents();
    await seller.stripeSends({
      requirements: {
        currently_due: [ID_DOCUMENT],
        eventually_due: [ID_DOCUMENT],
        current_deadline: JAN_12,
      },
    });
    let card = await seller.settingsCard();
    expect(text(card)).toContain("Action needed");
    expect(text(card)).toContain(
      "Stripe will pause payouts on 12 Jan 2027 unless you provide: Identity document.",
    );
    expect(card).toContain('role="status"');
    expect(card).toContain(`href="${emulator.url}/dashboard/${seller.account}"`);
    expect(text(card)).toContain("Finish at Stripe");
    expect(readinessTone(card)).toContain("bg-amber-50");
    // Just connected, but not ready: not congratulated in green.
    const connection = await getLatestConnection(seller.user.id);
    expect(connectNotice("connected", connection?.readiness ?? null)?.tone).toBe("info");

    await seller.stripeSends({
      requirements: { pending_verification: [ID_DOCUMENT] },
    });
    card = await seller.settingsCard();
    expect(text(card)).toContain("In review");
    expect(text(card)).toContain("Stripe is verifying: Identity document.");

    await seller.stripeSends({});
    card = await seller.settingsCard();
    expect(text(card)).toContain("Ready");
    expect(readinessTone(card)).toContain("bg-green-50");
    expect(text(card)).not.toContain("Finish at Stripe");
    const ready = await getLatestConnection(seller.user.id);
    expect(connectNotice("connected", ready?.readiness ?? null)).toEqual({
      tone: "success",
      message: "Your Stripe account is connected.",
    });
  });

  it("says Restricted as an alert, with Stripe's reason even when we do not know it", async () => {
    const seller = await sellerWithEvents();
    await seller.stripeSends({
      chargesEnabled: false,
      payoutsEnabled: false,
      requirements: {
        past_due: ["made_up.requirement_2031"],
        currently_due: ["made_up.requirement_2031"],
        disabled_reason: "made_up.reason_2031" as Stripe.Account.Requirements.DisabledReason,
      },
    });
    const connection = await getLatestConnection(seller.user.id);
    expect(connection).toMatchObject({ readiness: "RESTRICTED" });
    if (!connection) throw new Error("no connection");
    const panel = text(renderToStaticMarkup(createElement(ReadinessSummaryPanel, { connection })));
    expect(panel).toContain("Restricted");
    expect(panel).toContain("Payments and payouts are paused.");
    expect(panel).toContain("Reason given by Stripe: made_up.reason_2031.");
    expect(panel).toContain("made_up.requirement_2031 (past due)");
    expect(renderToStaticMarkup(createElement(ReadinessSummaryPanel, { connection }))).toContain(
      'role="alert"',
    );
  });
});

describe("a seller's payouts on the dashboard", () => {
  it("shows the schedule, the next payout and a failed payout in words", async () => {
    const account = await emulator.client.seedAccount({
      email: "payouts@stripe.test",
      business_name: "Payout Shop",
      connected: true,
      balance: { available: [{ amount: 50000, currency: "usd" }], pending: [] },
      payouts: [
        { amount: 10000, currency: "usd", status: "in_transit" },
        { amount: 2500, currency: "usd", status: "failed" },
        { amount: 700, currency: "usd", status: "paid" },
      ],
    });
    const seller = await sellerWithEvents(account.id);
    await seller.stripeSends({ payoutSchedule: { interval: "weekly", weekly_anchor: "monday" } });
    const stored = await getLatestConnection(seller.user.id);
    if (!stored) throw new Error("no connection");

    const payouts = await loadRecentPayouts(stored);
    if (!payouts.ok) throw new Error(`payouts not loaded: ${payouts.reason}`);
    const html = renderToStaticMarkup(
      createElement(PayoutsDetails, {
        payouts: payouts.data,
        schedule: parseAccountState(stored.accountState)?.payout_schedule ?? null,
      }),
    );
    expect(text(html)).toContain("Schedule Weekly on Monday");
    expect(text(html)).toMatch(/Next payout \$100\.00, arriving \d{1,2} [A-Z][a-z]{2} \d{4}/);
    // A failure: a red "Failed" pill, and why in red beside it.
    expect(html).toMatch(/<span class="[^"]*text-red-800[^"]*"[^>]*>Failed<\/span>/);
    expect(html).toMatch(
      /<span class="[^"]*text-red-800[^"]*"[^>]*>The bank account has been closed\.<\/span>/,
    );
    expect(text(html)).toContain("Paid");
    expect(text(html)).toContain("In transit");
    expect(html).not.toContain(">failed<");
    expect(html).not.toContain(">in_transit<");
  });
});

describe("an admin's view of an account's requirements", () => {
  /** The account page's Requirements card for the seller's connection as stored now, as text. */
  async function requirementsCard(userId: string) {
    const connection = await getLatestConnection(userId);
    if (!connection) throw new Error("no connection");
    return text(renderToStaticMarkup(createElement(AccountRequirements, { connection })));
  }

  it("lists everything Stripe asks for, in plain words next to Stripe's names, unknown ones included", async () => {
    const seller = await sellerWithEvents();
    await seller.stripeSends({
      chargesEnabled: true,
      payoutsEnabled: false,
      requirements: {
        past_due: ["external_account"],
        currently_due: ["external_account", ID_DOCUMENT, "made_up.requirement_2032"],
        eventually_due: [
          "external_account",
          ID_DOCUMENT,
          "made_up.requirement_2032",
          "company.tax_id",
        ],
        pending_verification: ["individual.id_number"],
        errors: [
          {
            requirement: ID_DOCUMENT,
            code: "verification_document_expired",
            reason: "The document has expired.",
          },
        ],
        disabled_reason: "made_up.reason_2032" as Stripe.Account.Requirements.DisabledReason,
        current_deadline: JAN_12,
      },
      futureRequirements: {
        currently_due: ["made_up.future_2033"],
        eventually_due: ["made_up.future_2033"],
        current_deadline: Date.UTC(2027, 2, 1) / 1000,
      },
      capabilities: {
        card_payments: "active",
        transfers: "inactive",
        made_up_capability: "pending",
      } as Stripe.Account.Capabilities,
    });
    const card = await requirementsCard(seller.user.id);
    expect(card).toContain("Readiness Restricted");
    expect(card).toContain("Disabled reason made_up.reason_2032");
    expect(card).toContain("Deadline 12 Jan 2027");
    expect(card).toContain("Past due Bank account for payouts external_account");
    expect(card).toContain(
      `Currently due Identity document ${ID_DOCUMENT} made_up.requirement_2032 Eventually due Company tax ID company.tax_id`,
    );
    expect(card).toContain("Being verified Tax ID number individual.id_number");
    expect(card).toContain(
      `Failed verifications Identity document ${ID_DOCUMENT} : The document has expired. ( verification_document_expired )`,
    );
    expect(card).toContain("Future requirements made_up.future_2033 Due from 1 Mar 2027.");
    expect(card).toContain(
      "Capabilities Card payments card_payments Active made_up_capability Pending Transfers transfers Inactive",
    );
    expect(card).toContain("Open in Stripe Dashboard");
  });

  it("puts a known disabled reason in words, and shows the controller and payout schedule", async () => {
    const seller = await sellerWithEvents();
    await seller.stripeSends({
      chargesEnabled: false,
      requirements: { past_due: [ID_DOCUMENT], disabled_reason: "requirements.past_due" },
      payoutSchedule: { interval: "weekly", weekly_anchor: "friday" },
    });
    const card = await requirementsCard(seller.user.id);
    expect(card).toContain(
      "Disabled reason Information Stripe asked for is past due requirements.past_due",
    );
    expect(card).toContain("Payout schedule Weekly on Friday");
    expect(card).toMatch(/Controller Type \S+ Platform is controller (Yes|No|—)/);
  });

  it("says when no account details are stored yet", async () => {
    const seller = await connectedSeller();
    await db()
      .$executeRaw`UPDATE "StripeConnection" SET "accountState" = NULL WHERE "userId" = ${seller.user.id}`;
    const card = await requirementsCard(seller.user.id);
    expect(card).toContain("No account details stored yet — Refresh from Stripe to fetch them.");
    expect(card).not.toContain("Currently due");
  });
});
