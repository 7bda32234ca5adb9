import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { ConfigError, loadOptionsFromEnv, resolveOptions } from "../src/config";
import { startEmulator } from "./helpers";

describe("configuration", () => {
  it("defaults every option", () => {
    const config = resolveOptions(loadOptionsFromEnv({}));
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 12111,
      clientId: "ca_emulator00000000000000000000",
      secretKey: "sk_test_emulator0000000000000000000000",
      redirectUris: ["http://localhost:3000/api/stripe/connect/callback"],
      webhookEndpoints: [],
      codeTtlSeconds: 300,
      webhookTimeoutMs: 10_000,
      webhookConcurrency: 1,
      apiVersion: Stripe.API_VERSION,
    });
    expect(config.liveSecretKey).toBeUndefined();
    expect(config.webhookMaxAttempts).toBeUndefined(); // Stripe's number for the event's mode
    expect(config.stateFile).toBeUndefined();
  });

  it("reads every variable", () => {
    const options = loadOptionsFromEnv({
      STRIPE_EMULATOR_HOST: "::1",
      STRIPE_EMULATOR_PORT: "0",
      STRIPE_EMULATOR_CLIENT_ID: "ca_abc123",
      STRIPE_EMULATOR_SECRET_KEY: "sk_test_abc123",
      STRIPE_EMULATOR_LIVE_SECRET_KEY: "sk_live_abc123",
      STRIPE_EMULATOR_PLATFORM_NAME: "Market",
      STRIPE_EMULATOR_REDIRECT_URIS: "http://localhost:3000/a, http://localhost:3000/b",
      STRIPE_EMULATOR_WEBHOOK_ENDPOINTS:
        "http://localhost:3000/api/stripe/webhooks whsec_abc, http://127.0.0.1:4000/hooks whsec_def",
      STRIPE_EMULATOR_STATE_FILE: ".data/stripe-emulator.json",
      STRIPE_EMULATOR_CODE_TTL_SECONDS: "60",
      STRIPE_EMULATOR_WEBHOOK_TIMEOUT_MS: "500",
      STRIPE_EMULATOR_WEBHOOK_RETRY_BASE_MS: "10",
      STRIPE_EMULATOR_WEBHOOK_MAX_ATTEMPTS: "3",
      STRIPE_EMULATOR_WEBHOOK_CONCURRENCY: "8",
    });
    expect(options).toEqual({
      host: "::1",
      port: 0,
      clientId: "ca_abc123",
      secretKey: "sk_test_abc123",
      liveSecretKey: "sk_live_abc123",
      platformName: "Market",
      redirectUris: ["http://localhost:3000/a", "http://localhost:3000/b"],
      webhookEndpoints: [
        { url: "http://localhost:3000/api/stripe/webhooks", secret: "whsec_abc" },
        { url: "http://127.0.0.1:4000/hooks", secret: "whsec_def" },
      ],
      stateFile: ".data/stripe-emulator.json",
      codeTtlSeconds: 60,
      webhookTimeoutMs: 500,
      webhookRetryBaseMs: 10,
      webhookMaxAttempts: 3,
      webhookConcurrency: 8,
    });
  });

  it.each([
    ["STRIPE_EMULATOR_HOST", "0.0.0.0"],
    ["STRIPE_EMULATOR_PORT", "http"],
    ["STRIPE_EMULATOR_CLIENT_ID", "client"],
    ["STRIPE_EMULATOR_SECRET_KEY", "sk_live_abc"],
    ["STRIPE_EMULATOR_LIVE_SECRET_KEY", "sk_test_abc"],
    ["STRIPE_EMULATOR_REDIRECT_URIS", "not a url"],
    ["STRIPE_EMULATOR_WEBHOOK_ENDPOINTS", "http://localhost:3000/hooks"],
    ["STRIPE_EMULATOR_WEBHOOK_ENDPOINTS", "http://localhost:3000/hooks secret"],
    ["STRIPE_EMULATOR_CODE_TTL_SECONDS", "0"],
    ["STRIPE_EMULATOR_WEBHOOK_CONCURRENCY", "0"],
    ["STRIPE_EMULATOR_API_VERSION", "latest"],
    ["STRIPE_EMULATOR_API_VERSIONS", "2025-03-31.basil, 2025-3-31"],
    ["STRIPE_EMULATOR_RATE_LIMIT", "-1"],
    ["STRIPE_EMULATOR_LIVE_RATE_LIMIT", "fast"],
  ])("refuses %s=%s with a message naming the variable", (name, value) => {
    expect(() => loadOptionsFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => loadOptionsFromEnv({ [name]: value })).toThrow(name);
  });

  it("reads the API versions and rate limits (on by default at Stripe's 25 and 100 a second)", () => {
    expect(resolveOptions({})).toMatchObject({
      apiVersions: [],
      rateLimit: 25,
      liveRateLimit: 100,
    });
    expect(
      loadOptionsFromEnv({
        STRIPE_EMULATOR_API_VERSION: "2025-03-31.basil",
        STRIPE_EMULATOR_API_VERSIONS: "2024-06-20, 2026-10-28.endive",
        STRIPE_EMULATOR_RATE_LIMIT: "0",
        STRIPE_EMULATOR_LIVE_RATE_LIMIT: "500",
      }),
    ).toMatchObject({
      apiVersion: "2025-03-31.basil",
      apiVersions: ["2024-06-20", "2026-10-28.endive"],
      rateLimit: 0,
      liveRateLimit: 500,
    });
  });

  it("refuses to bind anywhere but loopback", async () => {
    await expect(startEmulator({ host: "0.0.0.0" as "127.0.0.1" })).rejects.toThrow(
      /host must be a loopback address/,
    );
  });
});
