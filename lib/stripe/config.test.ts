import { describe, expect, it } from "vitest";
import { EnvError, parseAppEnv } from "@/lib/env";
import { stripeConfigFrom } from "@/lib/stripe/config";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";

const base = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/app" };
const realKey = {
  ...base,
  STRIPE_SECRET_KEY: "sk_test_abc123",
  STRIPE_CONNECT_CLIENT_ID: "ca_abc123",
};

describe("Connect webhook secrets", () => {
  it("default to the emulator's on the emulator", () => {
    expect(stripeConfigFrom(parseAppEnv(base)).webhookSecrets).toEqual([
      EMULATOR.connectWebhookSecret,
    ]);
  });

  it("are a comma-separated list, every one accepted during a roll", () => {
    const env = parseAppEnv({
      ...realKey,
      STRIPE_CONNECT_WEBHOOK_SECRET: " whsec_new1 ,whsec_old2,",
    });
    expect(stripeConfigFrom(env).webhookSecrets).toEqual(["whsec_new1", "whsec_old2"]);
  });

  it("are required with a real key, and the error names the variable", () => {
    expect(() => stripeConfigFrom(parseAppEnv(realKey))).toThrow(EnvError);
    expect(() => stripeConfigFrom(parseAppEnv(realKey))).toThrow(
      /STRIPE_CONNECT_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set/,
    );
  });

  it("refuse anything but whsec_ secrets", () => {
    for (const value of ["sk_test_abc", "whsec_a b", ","]) {
      expect(() => parseAppEnv({ ...base, STRIPE_CONNECT_WEBHOOK_SECRET: value })).toThrow(
        /STRIPE_CONNECT_WEBHOOK_SECRET must/,
      );
    }
  });
});

describe("stripeConfigFrom", () => {
  it("uses the emulator when no key is set, outside production", () => {
    expect(stripeConfigFrom(parseAppEnv(base))).toMatchObject({
      emulated: true,
      livemode: false,
      apiBase: "http://127.0.0.1:12111",
      redirectUri: "http://localhost:3000/api/stripe/connect/callback",
    });
  });

  it("refuses to run a production build on the emulator unless told to", () => {
    const production = parseAppEnv({
      ...base,
      NODE_ENV: "production",
      NEXTAUTH_SECRET: "x".repeat(32),
      SMTP_URL: "smtp://mail.example.com:587",
    });
    expect(() => stripeConfigFrom(production)).toThrow(
      /STRIPE_SECRET_KEY is required in production/,
    );
    expect(stripeConfigFrom({ ...production, STRIPE_EMULATOR_IN_PRODUCTION: true }).emulated).toBe(
      true,
    );
  });

  it("requires the client id with a key, and Stripe's own hosts for live keys in production", () => {
    const live = parseAppEnv({
      ...base,
      NODE_ENV: "production",
      NEXTAUTH_SECRET: "x".repeat(32),
      SMTP_URL: "smtp://mail.example.com:587",
      STRIPE_SECRET_KEY: "sk_live_abc123",
      STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_abc",
    });
    expect(() => stripeConfigFrom(live)).toThrow(/STRIPE_CONNECT_CLIENT_ID is required/);
    const withClient = { ...live, STRIPE_CONNECT_CLIENT_ID: "ca_abc" };
    expect(stripeConfigFrom(withClient)).toMatchObject({ livemode: true, emulated: false });
    expect(() =>
      stripeConfigFrom({ ...withClient, STRIPE_API_BASE: "http://127.0.0.1:12111" }),
    ).toThrow(/STRIPE_API_BASE must be https:\/\/api.stripe.com with a live key in production/);
  });
});
