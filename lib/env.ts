/**
 * The only reader of process.env. Every variable is validated with zod; a bad or missing one stops
 * start-up with a message naming the variable and what is wrong with it.
 *
 * `env()` is the app's configuration (the Next.js server, scripts that touch the database).
 * `launcherEnv()` and `testEnv()` are read by the dev/start launcher and by the test harness;
 * the benchmarks keep their own schemas (bench/env.ts) and read them through `parseEnv()`.
 */
import { loadEnvConfig } from "@next/env";
import { z } from "zod";

/** The SMTP port of the local mail catcher `npm run dev` starts (scripts/mail-catcher.ts). */
export const DEFAULT_MAIL_CATCHER_PORT = 1025;

export const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const booleanFlag = z.preprocess(
  emptyAsUndefined,
  z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),
);
const whole = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const milliseconds = whole;
// Start although an applied migration was edited since (lib/db/migrations.ts refuses otherwise).
const allowChangedMigrations = booleanFlag.transform((v) => v === true);
export const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
  .pipe(z.url());
const httpUrl = z
  .url()
  .regex(/^https?:\/\//, "must be an http(s):// URL")
  .transform((url) => url.replace(/\/+$/, ""));

export const webhookSecrets = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine(
    (secrets) => secrets.length > 0 && secrets.every((s) => /^whsec_[^\s,]+$/.test(s)),
    "must be one or more whsec_… secrets, comma-separated",
  );

// A cron schedule of five fields (minute hour day month weekday), as pg-boss reads them.
const cron = (fallback: string) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^\S+(\s+\S+){4}$/, 'must be a cron schedule of five fields ("0 3 * * *")')
      .default(fallback),
  );

// The log's level (lib/log.ts): JSON lines in production, readable ones in development.
const logLevel = z
  .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
  .default("info");
const nodeEnv = z.enum(["development", "production", "test"]).default("development");

const appSchema = z.object({
  NODE_ENV: nodeEnv,
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? "is not set: run the app with `npm run dev` or `npm start` (they start the embedded database), or set a postgresql:// URL"
            : undefined,
      })
      .pipe(postgresUrl),
  ),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  // Webhook batches written at once, at most (lib/stripe/webhooks/receive.ts; never more than
  // the pool's connections).
  WEBHOOK_WRITERS: z.coerce.number().int().min(1).max(100).default(2),
  // How long a request waits for the database before it fails (lib/db.ts): to open a connection
  // or get one from the pool, and for one statement. A hung or unreachable server then costs a
  // request this long (a webhook answers 503, a page shows the error page), never without bound.
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds(100, 120_000, 5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(100, 600_000, 10_000),
  // An unused pooled connection is closed after this long.
  DATABASE_IDLE_TIMEOUT_MS: milliseconds(1_000, 3_600_000, 30_000),
  MIGRATIONS_ALLOW_CHANGED: allowChangedMigrations,
  APP_URL: httpUrl.default("http://localhost:3000"),
  NEXTAUTH_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, "must be at least 32 characters (try `openssl rand -base64 32`)").optional(),
  ),
  // Stripe. With no STRIPE_SECRET_KEY the app talks to the bundled emulator (stripe-emulator/).
  STRIPE_SECRET_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, "must be a secret key (sk_test_…, sk_live_…)")
      .optional(),
  ),
  STRIPE_CONNECT_CLIENT_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^ca_[A-Za-z0-9]+$/, "must be a Connect client id (ca_…)")
      .optional(),
  ),
  STRIPE_API_BASE: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  STRIPE_CONNECT_BASE: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  STRIPE_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(12111),
  // Lets a production build (NODE_ENV=production) run on the emulator: demos and e2e tests only.
  STRIPE_EMULATOR_IN_PRODUCTION: booleanFlag,
  // The Connect webhook endpoint's signing secrets: several during a roll, all accepted.
  STRIPE_CONNECT_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, webhookSecrets.optional()),
  // The thin event destination's signing secrets (POST /api/stripe/webhooks/thin: Accounts v2
  // event notifications), several during a roll. Unset with a Stripe key: that endpoint refuses all.
  STRIPE_THIN_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, webhookSecrets.optional()),
  // How long the app waits for Stripe (lib/stripe/timeouts.ts): page reads, and the OAuth code
  // exchange and deauthorize (single attempts that must not be cut short).
  STRIPE_READ_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  STRIPE_OAUTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  // Stripe calls per second that reconcile and the account checks start at most, per process
  // (lib/stripe/pacing.ts). Unset: below Stripe's limits for the key's mode (defaultChecksPerSecond).
  STRIPE_CHECKS_PER_SECOND: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(1000).optional(),
  ),
  // How long a seller has to finish Stripe's Connect page before the attempt expires.
  OAUTH_STATE_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(600),
  // The country (ISO 3166-1 alpha-2) of the Stripe accounts "Create a Stripe account" makes
  // (identity.country: the seller's profile has no country of its own).
  STRIPE_ACCOUNT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be a two-letter country code in capitals (US, FR, DE…)")
    .default("US"),
  // Mail (verification, password reset, admin invitations). Required in production; `npm run dev`
  // starts a local catcher and points SMTP_URL at it.
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL (smtp://user:pass@host:587)")
      .optional(),
  ),
  MAIL_FROM: z.preprocess(
    emptyAsUndefined,
    z.string().min(3).default("Seller Connect <no-reply@seller-connect.localhost>"),
  ),
  // Where sellers reach the marketplace's support: named in what a blocked seller reads. Unset,
  // they are told to contact the marketplace's support, without an address.
  SUPPORT_EMAIL: z.preprocess(
    emptyAsUndefined,
    z.email("must be an email address (support@example.com)").optional(),
  ),
  // Multiplies every per-client-address rate limit (lib/auth/rate-limit.ts), for a test suite or
  // an office whose people all come from one address. Per-account limits are not affected.
  RATE_LIMIT_ADDRESS_FACTOR: z.coerce.number().int().min(1).max(1000).default(1),
  LOG_LEVEL: logLevel,
  // The bearer token GET /api/metrics (Prometheus) asks for; unset, the endpoint answers 404.
  METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, "must be at least 16 characters (try `openssl rand -hex 32`)").optional(),
  ),
  // Background jobs (lib/jobs/): "inline" (the default) works them inside this app process;
  // "off" only enqueues them, for app instances beside a separate `npm run worker`.
  JOBS: z.preprocess(emptyAsUndefined, z.enum(["inline", "off"]).default("inline")),
  // The job queue's own connections (pg-boss's pool, beside the app's).
  JOBS_POOL_MAX: whole(1, 50, 4),
  // How often an idle worker asks the queue for a job queued by another process (a job queued
  // in the same process is worked at once).
  JOBS_POLL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.5).max(60).default(2)),
  // The sweep that queues failed webhook events for retry, and how long a PENDING event waits
  // before it counts as stuck (its process died while applying it).
  WEBHOOK_RETRY_CRON: cron("* * * * *"),
  WEBHOOK_RETRY_PENDING_AGE_SECONDS: whole(1, 86_400, 300),
  // A failed event is retried this many times, after RETRY_DELAY, then twice as long each time
  // (with jitter), and then dead-lettered (shown to admins, retried only by hand).
  WEBHOOK_RETRY_LIMIT: whole(0, 30, 8),
  WEBHOOK_RETRY_DELAY_SECONDS: whole(1, 3600, 30),
  // Mail (verification, reset, invitations) is sent by a job, retried the same way.
  MAIL_RETRY_LIMIT: whole(0, 30, 8),
  MAIL_RETRY_DELAY_SECONDS: whole(1, 3600, 5),
  // Pruning of expired OAuth states, sessions, email links, rate-limit rows and old IGNORED
  // webhook events (kept WEBHOOK_IGNORED_RETENTION_DAYS).
  PRUNE_CRON: cron("17 * * * *"),
  WEBHOOK_IGNORED_RETENTION_DAYS: whole(1, 3650, 30),
  // Stripe API errors kept for the admin System page.
  STRIPE_API_ERROR_RETENTION_DAYS: whole(1, 3650, 7),
  // The scheduled reconcile of every active connection with Stripe.
  RECONCILE_CRON: cron("0 3 * * *"),
  // Bootstrap only: a listed address becomes a platform admin once its owner proves it through the
  // emailed verification link; dropping it from the list ends a role that came from the list.
  ADMIN_EMAILS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(",")
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.email("must be a comma-separated list of email addresses"))),
  ),
});

export type AppEnv = Omit<z.infer<typeof appSchema>, "NEXTAUTH_SECRET" | "SMTP_URL"> & {
  NEXTAUTH_SECRET: string;
  SMTP_URL: string;
};

export type EnvSource = Record<string, string | undefined>;

export class EnvError extends Error {
  override name = "EnvError";
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  ${issue.path.join(".") || "(env)"} ${issue.message}`)
    .join("\n");
}

function parse<T extends z.ZodType>(schema: T, source: EnvSource): z.infer<T> {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(`Invalid environment configuration:\n${formatIssues(result.error)}`);
  }
  return result.data;
}

/** Validates `schema` against this process's environment. Throws EnvError naming each bad variable. */
export function parseEnv<T extends z.ZodType>(schema: T): z.infer<T> {
  return parse(schema, process.env);
}

/** Validates the app's configuration from `source` (process.env by default). */
export function parseAppEnv(source: EnvSource): AppEnv {
  const parsed = parse(appSchema, source);
  const missing: string[] = [];
  if (parsed.NODE_ENV === "production") {
    if (!parsed.NEXTAUTH_SECRET) {
      missing.push("NEXTAUTH_SECRET is required when NODE_ENV=production (at least 32 characters)");
    }
    if (!parsed.SMTP_URL) {
      missing.push(
        "SMTP_URL is required when NODE_ENV=production (smtp://user:pass@host:587): sign-up and password reset send mail",
      );
    }
  }
  if (missing.length) {
    throw new EnvError(
      `Invalid environment configuration:\n${missing.map((m) => `  ${m}`).join("\n")}`,
    );
  }
  return {
    ...parsed,
    // Outside production a fixed development secret keeps `npm run dev` zero-setup.
    NEXTAUTH_SECRET: parsed.NEXTAUTH_SECRET ?? "development-only-secret-do-not-use-in-production",
    // Outside production, the local mail catcher `npm run dev` starts.
    SMTP_URL: parsed.SMTP_URL ?? `smtp://127.0.0.1:${String(DEFAULT_MAIL_CATCHER_PORT)}`,
  };
}

const APP_KEYS = appSchema.keyof().options;
let lastApp: { raw: string[]; env: AppEnv } | undefined;

/** The app's validated configuration. Throws EnvError naming each bad variable. */
export function env(): AppEnv {
  // In production, parsed once: a running server's environment does not change (this module is
  // its only writer, and forgets what it parsed when it writes). Reading every variable again cost
  // the webhook endpoint ~30 µs a call, twice per delivery.
  if (lastApp?.env.NODE_ENV === "production") return lastApp.env;
  // Elsewhere (development, tests that stub variables) parsed again whenever one of its variables
  // changed, so the configuration never goes stale; reading them costs far less than parsing.
  const raw = APP_KEYS.map((key) => process.env[key] ?? "\u0000unset");
  if (lastApp && raw.every((value, i) => value === lastApp?.raw[i])) return lastApp.env;
  const parsed = parseAppEnv(process.env);
  lastApp = { raw, env: parsed };
  return parsed;
}

const logSchema = z.object({ NODE_ENV: nodeEnv, LOG_LEVEL: logLevel });

/**
 * What the log needs (lib/log.ts), apart from the rest of the app's configuration: a process
 * whose other settings are wrong can still log that they are.
 */
export function logEnv(): z.infer<typeof logSchema> {
  return parse(logSchema, process.env);
}

// Where the database is when DATABASE_URL is unset: the embedded one (read by the launcher and by
// the CLI scripts, which both start it).
const embeddedDatabaseFields = {
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  MIGRATIONS_ALLOW_CHANGED: allowChangedMigrations,
  // A folder, or memory:// for a throwaway database (the end-to-end tests use one).
  PGLITE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data/pglite")),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
};

const launcherSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ...embeddedDatabaseFields,
  APP_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  SEED_DEMO_USERS: booleanFlag,
  SMTP_URL: optionalString,
  // The local mail catcher `npm run dev` starts when SMTP_URL is unset (SMTP on this port).
  MAIL_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_MAIL_CATCHER_PORT),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(12111),
  // Where the emulator keeps its state between runs (memory://: nowhere).
  STRIPE_EMULATOR_STATE_FILE: z.preprocess(
    emptyAsUndefined,
    z.string().default(".data/stripe-emulator.json"),
  ),
});

export type LauncherEnv = z.infer<typeof launcherSchema>;

/**
 * Configuration of scripts/serve.ts (which database and services to start). Loads .env files the
 * way Next.js does first, so the launcher and the app see the same settings.
 */
export function launcherEnv(): LauncherEnv {
  loadEnvConfig(process.cwd(), process.argv[2] === "dev");
  return parse(launcherSchema, process.env);
}

/** The environment a child process (the Next.js server) starts with: ours plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

const scriptSchema = z.object(embeddedDatabaseFields);

/**
 * Configuration of the CLI scripts (scripts/cli.ts): which database they use. Loads .env files the
 * way Next.js does first (development ones unless NODE_ENV=production).
 */
export function scriptEnv(): z.infer<typeof scriptSchema> {
  loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
  lastApp = undefined;
  return parse(scriptSchema, process.env);
}

/** Points this process's database (lib/db.ts) at the embedded one a CLI script uses. */
export function setEmbeddedDatabase(url: string): void {
  process.env.DATABASE_URL = url;
  // PGlite serves one session at a time (lib/db/embedded.ts).
  process.env.DATABASE_POOL_MAX = "1";
  process.env.JOBS_POOL_MAX = "2";
  lastApp = undefined;
}

const testSchema = z.object({
  CI: booleanFlag,
  TEST_DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  CHROMIUM_PATH: optionalString,
  E2E_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  E2E_STRIPE_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(12112),
  // The end-to-end tests' mail catcher: SMTP on this port, its HTTP inbox on the next one.
  E2E_MAIL_PORT: z.coerce.number().int().min(1).max(65534).default(12125),
  // Real Stripe test mode for the "real-stripe" Playwright project (skipped when unset). The
  // platform must list http://localhost:<E2E_PORT + 2>/api/stripe/connect/callback as a redirect URI.
  E2E_REAL_STRIPE_SECRET_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^sk_test_/, "must be a test-mode key (sk_test_…)")
      .optional(),
  ),
  E2E_REAL_STRIPE_CLIENT_ID: z.preprocess(
    emptyAsUndefined,
    z.string().regex(/^ca_/, "must be a Connect client id (ca_…)").optional(),
  ),
  // `npm run screenshots` sets it: adds the project that renders the README's screenshots.
  SCREENSHOTS: booleanFlag,
});

/** Configuration of the test harness (Vitest global setup, Playwright). */
export function testEnv(): z.infer<typeof testSchema> {
  return parse(testSchema, process.env);
}
