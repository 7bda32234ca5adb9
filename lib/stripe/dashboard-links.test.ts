import { describe, expect, it } from "vitest";
import { parseAppEnv } from "@/lib/env";
import { stripeConfigFrom } from "@/lib/stripe/config";
import {
  platformDashboardUrl,
  sellerDashboardPageUrl,
  sellerDashboardUrl,
} from "@/lib/stripe/dashboard-links";

const real = stripeConfigFrom(
  parseAppEnv({
    DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/app",
    STRIPE_SECRET_KEY: "sk_test_abc123",
    STRIPE_CONNECT_CLIENT_ID: "ca_abc123",
    STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_abc123",
  }),
);
const emulated = stripeConfigFrom(
  parseAppEnv({ DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/app" }),
);

describe("links into Stripe's Dashboard", () => {
  it("send a seller to their own Dashboard in the connection's mode", () => {
    expect(sellerDashboardUrl(real, "acct_1", false)).toBe(
      "https://dashboard.stripe.com/test/dashboard",
    );
    expect(sellerDashboardUrl(real, "acct_1", true)).toBe("https://dashboard.stripe.com/");
  });

  it("send an admin to the account in the platform's Dashboard, in its mode", () => {
    expect(platformDashboardUrl(real, "acct_1", false)).toBe(
      "https://dashboard.stripe.com/test/connect/accounts/acct_1",
    );
    expect(platformDashboardUrl(real, "acct_1", true)).toBe(
      "https://dashboard.stripe.com/connect/accounts/acct_1",
    );
  });

  it("go to the emulator's stand-in of the account's Dashboard on the emulator", () => {
    expect(sellerDashboardUrl(emulated, "acct_1", false)).toBe(
      `${emulated.connectBase}/dashboard/acct_1`,
    );
    expect(platformDashboardUrl(emulated, "acct_1", true)).toBe(
      `${emulated.connectBase}/dashboard/acct_1`,
    );
  });

  it("open the seller's payments, payouts and balance pages (the emulator: its stand-in)", () => {
    expect(sellerDashboardPageUrl(real, "acct_1", false, "payments")).toBe(
      "https://dashboard.stripe.com/test/payments",
    );
    expect(sellerDashboardPageUrl(real, "acct_1", true, "payouts")).toBe(
      "https://dashboard.stripe.com/payouts",
    );
    expect(sellerDashboardPageUrl(real, "acct_1", true, "balance")).toBe(
      "https://dashboard.stripe.com/balance/overview",
    );
    expect(sellerDashboardPageUrl(emulated, "acct_1", false, "payments")).toBe(
      sellerDashboardUrl(emulated, "acct_1", false),
    );
  });
});
