/**
 * The emulator's configuration: the options `startEmulator()` takes, with their defaults, and the
 * environment variables `npm run stripe:emulator` reads them from. This is the only file in
 * stripe-emulator/ that reads process.env; every value is validated with zod and a bad one stops
 * start-up with a message naming the variable (or option) and what is wrong with it.
 */
import Stripe from "stripe";
import { z } from "zod";

const LOOPBACK_HOSTS = ["127.0.0.1", "::1", "localhost"] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" });
const webhookEndpointSchema = z.object({
  url: httpUrl,
  secret: z.string().regex(/^whsec_[A-Za-z0-9_]+$/, "must be a whsec_… secret"),
});

/** Stripe's version names: a date, and since 2024 a release name (`2026-10-28.endive`). */
const apiVersionSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/,
    "must be a Stripe API version such as 2026-10-28.endive",
  );

const optionsSchema = z.object({
  host: z
    .enum(LOOPBACK_HOSTS, { error: "must be a loopback address (127.0.0.1, ::1 or localhost)" })
    .default("127.0.0.1"),
  port: z.number().int().min(0).max(65535).default(12111),
  clientId: z
    .string()
    .regex(/^ca_[A-Za-z0-9]+$/, "must be a ca_… client id")
    .default("ca_emulator00000000000000000000"),
  secretKey: z
    .string()
    .regex(/^sk_test_[A-Za-z0-9]+$/, "must be a sk_test_… key")
    .default("sk_test_emulator0000000000000000000000"),
  liveSecretKey: z
    .string()
    .regex(/^sk_live_[A-Za-z0-9]+$/, "must be a sk_live_… key")
    .optional(),
  /** The platform's live-mode client id (Stripe gives each mode its own); used with liveSecretKey. */
  liveClientId: z
    .string()
    .regex(/^ca_[A-Za-z0-9]+$/, "must be a ca_… client id")
    .default("ca_emulatorlive000000000000000000"),
  platformName: z.string().min(1).default("Seller Connect (emulator)"),
  redirectUris: z
    .array(httpUrl)
    .min(1, "must list at least one URI")
    .default(["http://localhost:3000/api/stripe/connect/callback"]),
  webhookEndpoints: z.array(webhookEndpointSchema).default([]),
  /**
   * The platform's event destinations for thin events (v2 event notifications about its connected
   * accounts, src/v2-events.ts), each with its own `whsec_…` signing secret.
   */
  eventDestinations: z.array(webhookEndpointSchema).default([]),
  /** How long an Account Link stays usable (Stripe: a few minutes). */
  accountLinkTtlSeconds: z.number().int().positive().default(300),
  /**
   * For demos: real milliseconds after a hosted onboarding is finished until Stripe's review
   * verifies what is pending (the account becomes ready). Unset: only the control API verifies.
   */
  onboardingVerifyAfterMs: z.number().int().min(0).optional(),
  // A JSON file, or memory:// (as unset) to keep the state in memory only.
  stateFile: z
    .string()
    .min(1)
    .optional()
    .transform((file) => (file?.startsWith("memory://") ? undefined : file)),
  codeTtlSeconds: z.number().int().positive().default(300),
  webhookTimeoutMs: z.number().int().positive().default(10_000),
  /**
   * The real wait before a delivery's first retry; later retries wait in proportion to Stripe's
   * schedule (src/webhooks.ts RETRY_SCHEDULE), which the fake clock keeps in Stripe's own time.
   */
  webhookRetryBaseMs: z.number().int().min(0).default(1_000),
  /** Attempts per delivery; unset: Stripe's (4 in test mode, 11 in live mode). */
  webhookMaxAttempts: z.number().int().min(1).optional(),
  /** Deliveries in flight at once per endpoint (Stripe's overlap); 1: one at a time, in order. */
  webhookConcurrency: z.number().int().min(1).max(64).default(1),
  /**
   * The account's default API version: events are rendered with it, and a request without a
   * `Stripe-Version` header is answered with it. Default: the one stripe-node pins.
   */
  apiVersion: apiVersionSchema.default(Stripe.API_VERSION),
  /** Other `Stripe-Version` values the API accepts (besides `apiVersion`); any other is refused. */
  apiVersions: z.array(apiVersionSchema).default([]),
  /** Requests per second per secret key in test mode (Stripe's figure: 25); 0 turns limits off. */
  rateLimit: z.number().int().min(0).default(25),
  /** The same for live keys (Stripe's figure: 100). */
  liveRateLimit: z.number().int().min(0).default(100),
});

/** What `startEmulator()` accepts: every field is optional and defaults as documented. */
export type EmulatorOptions = z.input<typeof optionsSchema> & {
  /** Receives one line per request and per webhook attempt (main.ts passes console.log). */
  log?: (line: string) => void;
};
export type EmulatorConfig = z.output<typeof optionsSchema> & { log: (line: string) => void };
export type WebhookEndpoint = z.output<typeof webhookEndpointSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  ${issue.path.map(String).join(".") || "(options)"} ${issue.message}`)
    .join("\n");
}

/** Validates programmatic options and fills in defaults. Throws ConfigError naming the option. */
export function resolveOptions(options: EmulatorOptions): EmulatorConfig {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    throw new ConfigError(`Invalid emulator options:\n${formatIssues(result.error)}`);
  }
  return { ...result.data, log: options.log ?? (() => undefined) };
}

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(emptyAsUndefined, schema.optional());
const integer = optional(z.coerce.number({ error: "must be a whole number" }).int());
const commaList = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** Comma-separated `URL whsec_…` pairs: webhook endpoints, event destinations. */
const endpointPairs = optional(
  z
    .string()
    .transform((value) =>
      commaList(value).map((pair) => {
        const [url, secret, ...rest] = pair.split(/\s+/);
        return rest.length === 0 ? { url, secret } : { url: pair };
      }),
    )
    .pipe(
      z.array(webhookEndpointSchema, {
        error: "must be comma-separated `URL whsec_…` pairs (URL, a space, then the secret)",
      }),
    ),
);

const envSchema = z.object({
  STRIPE_EMULATOR_HOST: optional(optionsSchema.shape.host.unwrap()),
  STRIPE_EMULATOR_PORT: integer.pipe(optionsSchema.shape.port.unwrap().optional()),
  STRIPE_EMULATOR_CLIENT_ID: optional(optionsSchema.shape.clientId.unwrap()),
  STRIPE_EMULATOR_SECRET_KEY: optional(optionsSchema.shape.secretKey.unwrap()),
  STRIPE_EMULATOR_LIVE_SECRET_KEY: optionsSchema.shape.liveSecretKey,
  STRIPE_EMULATOR_LIVE_CLIENT_ID: optional(optionsSchema.shape.liveClientId.unwrap()),
  STRIPE_EMULATOR_PLATFORM_NAME: optional(z.string()),
  STRIPE_EMULATOR_REDIRECT_URIS: optional(
    z.string().transform(commaList).pipe(optionsSchema.shape.redirectUris.unwrap()),
  ),
  STRIPE_EMULATOR_WEBHOOK_ENDPOINTS: endpointPairs,
  STRIPE_EMULATOR_EVENT_DESTINATIONS: endpointPairs,
  STRIPE_EMULATOR_ACCOUNT_LINK_TTL_SECONDS: integer.pipe(
    optionsSchema.shape.accountLinkTtlSeconds.unwrap().optional(),
  ),
  STRIPE_EMULATOR_ONBOARDING_VERIFY_AFTER_MS: integer.pipe(
    optionsSchema.shape.onboardingVerifyAfterMs,
  ),
  STRIPE_EMULATOR_STATE_FILE: optional(z.string()),
  STRIPE_EMULATOR_CODE_TTL_SECONDS: integer.pipe(
    optionsSchema.shape.codeTtlSeconds.unwrap().optional(),
  ),
  STRIPE_EMULATOR_WEBHOOK_TIMEOUT_MS: integer.pipe(
    optionsSchema.shape.webhookTimeoutMs.unwrap().optional(),
  ),
  STRIPE_EMULATOR_WEBHOOK_RETRY_BASE_MS: integer.pipe(
    optionsSchema.shape.webhookRetryBaseMs.unwrap().optional(),
  ),
  STRIPE_EMULATOR_WEBHOOK_MAX_ATTEMPTS: integer.pipe(optionsSchema.shape.webhookMaxAttempts),
  STRIPE_EMULATOR_WEBHOOK_CONCURRENCY: integer.pipe(
    optionsSchema.shape.webhookConcurrency.unwrap().optional(),
  ),
  STRIPE_EMULATOR_API_VERSION: optional(optionsSchema.shape.apiVersion.unwrap()),
  STRIPE_EMULATOR_API_VERSIONS: optional(
    z.string().transform(commaList).pipe(optionsSchema.shape.apiVersions.unwrap()),
  ),
  STRIPE_EMULATOR_RATE_LIMIT: integer.pipe(optionsSchema.shape.rateLimit.unwrap().optional()),
  STRIPE_EMULATOR_LIVE_RATE_LIMIT: integer.pipe(
    optionsSchema.shape.liveRateLimit.unwrap().optional(),
  ),
});

/** Reads the emulator's options from `source` (process.env by default). Throws ConfigError. */
export function loadOptionsFromEnv(
  // This module is the emulator's single reader of the environment (see the header comment).
  source: Record<string, string | undefined> = process.env,
): EmulatorOptions {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(`Invalid environment configuration:\n${formatIssues(result.error)}`);
  }
  const env = result.data;
  return {
    host: env.STRIPE_EMULATOR_HOST,
    port: env.STRIPE_EMULATOR_PORT,
    clientId: env.STRIPE_EMULATOR_CLIENT_ID,
    secretKey: env.STRIPE_EMULATOR_SECRET_KEY,
    liveSecretKey: env.STRIPE_EMULATOR_LIVE_SECRET_KEY,
    liveClientId: env.STRIPE_EMULATOR_LIVE_CLIENT_ID,
    platformName: env.STRIPE_EMULATOR_PLATFORM_NAME,
    redirectUris: env.STRIPE_EMULATOR_REDIRECT_URIS,
    webhookEndpoints: env.STRIPE_EMULATOR_WEBHOOK_ENDPOINTS,
    eventDestinations: env.STRIPE_EMULATOR_EVENT_DESTINATIONS,
    accountLinkTtlSeconds: env.STRIPE_EMULATOR_ACCOUNT_LINK_TTL_SECONDS,
    onboardingVerifyAfterMs: env.STRIPE_EMULATOR_ONBOARDING_VERIFY_AFTER_MS,
    stateFile: env.STRIPE_EMULATOR_STATE_FILE,
    codeTtlSeconds: env.STRIPE_EMULATOR_CODE_TTL_SECONDS,
    webhookTimeoutMs: env.STRIPE_EMULATOR_WEBHOOK_TIMEOUT_MS,
    webhookRetryBaseMs: env.STRIPE_EMULATOR_WEBHOOK_RETRY_BASE_MS,
    webhookMaxAttempts: env.STRIPE_EMULATOR_WEBHOOK_MAX_ATTEMPTS,
    webhookConcurrency: env.STRIPE_EMULATOR_WEBHOOK_CONCURRENCY,
    apiVersion: env.STRIPE_EMULATOR_API_VERSION,
    apiVersions: env.STRIPE_EMULATOR_API_VERSIONS,
    rateLimit: env.STRIPE_EMULATOR_RATE_LIMIT,
    liveRateLimit: env.STRIPE_EMULATOR_LIVE_RATE_LIMIT,
  };
}

/** The environment variables the command reads (`--help` and the README list each one). */
export type EnvironmentVariable = keyof z.input<typeof envSchema>;

/**
 * Real Stripe test mode for the drift suite (test/drift.test.ts), from the same variables the
 * app's real-Stripe tests use: the platform's `sk_test_…` key and `ca_…` client id. Undefined
 * (the suite skips, saying why) unless both are set.
 */
export function loadDriftTargetFromEnv(
  source: Record<string, string | undefined> = process.env,
): { secretKey: string; clientId: string } | undefined {
  const result = z
    .object({
      E2E_REAL_STRIPE_SECRET_KEY: optional(
        z.string().regex(/^sk_test_/, "must be a sk_test_… key"),
      ),
      E2E_REAL_STRIPE_CLIENT_ID: optional(optionsSchema.shape.clientId.unwrap()),
    })
    .safeParse(source);
  if (!result.success) {
    throw new ConfigError(`Invalid environment configuration:\n${formatIssues(result.error)}`);
  }
  const { E2E_REAL_STRIPE_SECRET_KEY: secretKey, E2E_REAL_STRIPE_CLIENT_ID: clientId } =
    result.data;
  return secretKey && clientId ? { secretKey, clientId } : undefined;
}
