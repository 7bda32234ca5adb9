import { describe, expect, it } from "vitest";
import { EnvError, parseAppEnv } from "@/lib/env";
import { stripeConfigFrom } from "@/lib/stripe/config";

const valid = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/app" };

describe("parseAppEnv", () => {
  it("accepts a minimal development configuration and fills the defaults", () => {
    const env = parseAppEnv(valid);
    expect(env.NODE_ENV).toBe("development");
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_POOL_MAX).toBe(10);
    expect(env.ADMIN_EMAILS).toEqual([]);
  });

  it("names DATABASE_URL and says how to fix it when it is missing", () => {
    expect(() => parseAppEnv({})).toThrow(EnvError);
    expect(() => parseAppEnv({})).toThrow(
      /DATABASE_URL is not set: run the app with `npm run dev`/,
    );
  });

  it("names the variable and the problem for a malformed value", () => {
    expect(() => parseAppEnv({ DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL must be a postgresql:\/\/ URL/,
    );
    expect(() => parseAppEnv({ ...valid, ADMIN_EMAILS: "a@b.co, not-an-email" })).toThrow(
      /ADMIN_EMAILS/,
    );
    expect(() => parseAppEnv({ ...valid, DATABASE_POOL_MAX: "zero" })).toThrow(/DATABASE_POOL_MAX/);
  });

  it("requires a strong NEXTAUTH_SECRET in production", () => {
    expect(() => parseAppEnv({ ...valid, NODE_ENV: "production" })).toThrow(
      /NEXTAUTH_SECRET is required when NODE_ENV=production/,
    );
    expect(() =>
      parseAppEnv({ ...valid, NODE_ENV: "production", NEXTAUTH_SECRET: "short" }),
    ).toThrow(/NEXTAUTH_SECRET must be at least 32 characters/);
    const secret = "x".repeat(32);
    expect(
      parseAppEnv({ ...valid, NODE_ENV: "production", NEXTAUTH_SECRET: secret }).NEXTAUTH_SECRET,
    ).toBe(secret);
  });

  it("normalises ADMIN_EMAILS to a lower-case list", () => {
    expect(
      parseAppEnv({ ...valid, ADMIN_EMAILS: " Admin@Example.com ,ops@example.com," }).ADMIN_EMAILS,
    ).toEqual(["admin@example.com", "ops@example.com"]);
  });
});

describe("stripeConfigFrom", () => {
  const base = parseAppEnv(valid);

  it("uses the emulator when no key is set, outside production", () => {
    expect(stripeConfigFrom(base)).toMatchObject({
      emulated: true,
      livemode: false,
      apiBase: "http://127.0.0.1:12111",
      redirectUri: "http://localhost:3000/api/stripe/connect/callback",
    });
  });

  it("refuses to run a production build on the emulator unless told to", () => {
    const production = parseAppEnv({
      ...valid,
      NODE_ENV: "production",
      NEXTAUTH_SECRET: "x".repeat(32),
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
      ...valid,
      NODE_ENV: "production",
      NEXTAUTH_SECRET: "x".repeat(32),
      STRIPE_SECRET_KEY: "sk_live_abc123",
    });
    expect(() => stripeConfigFrom(live)).toThrow(/STRIPE_CONNECT_CLIENT_ID is required/);
    const withClient = {
      ...live,
      STRIPE_CONNECT_CLIENT_ID: "ca_abc",
      STRIPE_CONNECT_WEBHOOK_SECRET: ["whsec_abc"],
    };
    expect(stripeConfigFrom(withClient)).toMatchObject({ livemode: true, emulated: false });
    expect(() =>
      stripeConfigFrom({ ...withClient, STRIPE_API_BASE: "http://127.0.0.1:12111" }),
    ).toThrow(/STRIPE_API_BASE must be https:\/\/api.stripe.com with a live key in production/);
  });
});
