/**
 * The command line of `stripe-connect-emulator`: each flag sets the environment variable of the
 * same name (`--port 0` is STRIPE_EMULATOR_PORT=0; a flag wins over the environment), so the one
 * list of variables (config.ts) is the one list of options; `--help` prints both, with defaults.
 */
import { parseArgs } from "node:util";
import packageJson from "../package.json";
import {
  type EmulatorConfig,
  type EmulatorOptions,
  type EnvironmentVariable,
  loadOptionsFromEnv,
  resolveOptions,
} from "./config";

export const COMMAND = "stripe-connect-emulator";
const PREFIX = "STRIPE_EMULATOR_";

/** What each variable means and which option it sets (tsc requires every variable here). */
const VARIABLES = {
  STRIPE_EMULATOR_PORT: { option: "port", help: "port to listen on (0: any free port)" },
  STRIPE_EMULATOR_HOST: {
    option: "host",
    help: "127.0.0.1, ::1 or localhost; anything else is refused",
  },
  STRIPE_EMULATOR_CLIENT_ID: { option: "clientId", help: "the platform's ca_… client id" },
  STRIPE_EMULATOR_SECRET_KEY: { option: "secretKey", help: "the platform's sk_test_… key" },
  STRIPE_EMULATOR_LIVE_SECRET_KEY: {
    option: "liveSecretKey",
    help: "a sk_live_… key, for the live/test mismatch at /oauth/token",
  },
  STRIPE_EMULATOR_PLATFORM_NAME: {
    option: "platformName",
    help: "shown on the authorize page; the application's name in events",
  },
  STRIPE_EMULATOR_REDIRECT_URIS: {
    option: "redirectUris",
    help: "registered redirect URIs, comma-separated (the first is the default)",
  },
  STRIPE_EMULATOR_WEBHOOK_ENDPOINTS: {
    option: "webhookEndpoints",
    help: "Connect webhook endpoints: comma-separated `URL whsec_…` pairs",
  },
  STRIPE_EMULATOR_EVENT_DESTINATIONS: {
    option: "eventDestinations",
    help: "event destinations for thin events (v2): comma-separated `URL whsec_…` pairs",
  },
  STRIPE_EMULATOR_ACCOUNT_LINK_TTL_SECONDS: {
    option: "accountLinkTtlSeconds",
    help: "how long an Account Link (hosted onboarding) stays usable, seconds",
  },
  STRIPE_EMULATOR_ONBOARDING_VERIFY_AFTER_MS: {
    option: "onboardingVerifyAfterMs",
    help: "demo: real ms after a hosted onboarding until its review passes (unset: never by itself)",
  },
  STRIPE_EMULATOR_STATE_FILE: {
    option: "stateFile",
    help: "JSON file loaded at start and written after each change; memory://: none",
  },
  STRIPE_EMULATOR_CODE_TTL_SECONDS: {
    option: "codeTtlSeconds",
    help: "authorization code lifetime, seconds",
  },
  STRIPE_EMULATOR_WEBHOOK_TIMEOUT_MS: {
    option: "webhookTimeoutMs",
    help: "a delivery with no answer by then has failed",
  },
  STRIPE_EMULATOR_WEBHOOK_RETRY_BASE_MS: {
    option: "webhookRetryBaseMs",
    help: "real ms standing for 30 Stripe minutes: Stripe's retry schedule compressed",
  },
  STRIPE_EMULATOR_WEBHOOK_MAX_ATTEMPTS: {
    option: "webhookMaxAttempts",
    help: "attempts per delivery before it is marked failed (unset: Stripe's 4 in test, 11 in live mode)",
  },
  STRIPE_EMULATOR_WEBHOOK_CONCURRENCY: {
    option: "webhookConcurrency",
    help: "deliveries in flight at once per endpoint (1-64); above 1 they overlap",
  },
  STRIPE_EMULATOR_LIVE_CLIENT_ID: {
    option: "liveClientId",
    help: "the platform's live-mode ca_… client id",
  },
  STRIPE_EMULATOR_API_VERSION: {
    option: "apiVersion",
    help: "the account's default API version (events, and requests without Stripe-Version)",
  },
  STRIPE_EMULATOR_API_VERSIONS: {
    option: "apiVersions",
    help: "other Stripe-Version values accepted, comma-separated; any other is refused",
  },
  STRIPE_EMULATOR_RATE_LIMIT: {
    option: "rateLimit",
    help: "requests per second per test secret key (Stripe's: 25); 0: no limit",
  },
  STRIPE_EMULATOR_LIVE_RATE_LIMIT: {
    option: "liveRateLimit",
    help: "requests per second per live secret key (Stripe's: 100); 0: no limit",
  },
} satisfies Record<EnvironmentVariable, { option: keyof EmulatorConfig; help: string }>;

const NAMES = Object.keys(VARIABLES) as EnvironmentVariable[];

/** `STRIPE_EMULATOR_WEBHOOK_TIMEOUT_MS` → `webhook-timeout-ms`. */
function flagOf(name: EnvironmentVariable): string {
  return name.slice(PREFIX.length).toLowerCase().replaceAll("_", "-");
}

export class CommandLineError extends Error {
  override name = "CommandLineError";
}

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "run"; variables: Partial<Record<EnvironmentVariable, string>> };

/** Reads the arguments (without node and the script). Throws CommandLineError naming the problem. */
export function parseCommandLine(args: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
        ...Object.fromEntries(NAMES.map((name) => [flagOf(name), { type: "string" as const }])),
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CommandLineError(
      `${COMMAND}: ${message}. Run \`${COMMAND} --help\` for the options.`,
    );
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true) return { kind: "help" };
  if (values.version === true) return { kind: "version" };
  const variables: Partial<Record<EnvironmentVariable, string>> = {};
  for (const name of NAMES) {
    const value = values[flagOf(name)];
    if (typeof value === "string") variables[name] = value;
  }
  return { kind: "run", variables };
}

/** The environment's options with the flags' on top (a flag wins; unset stays unset). */
export function optionsWith(variables: Command & { kind: "run" }): EmulatorOptions {
  const flags: Record<string, unknown> = loadOptionsFromEnv(variables.variables);
  const fromFlags = Object.entries(flags).filter(([, value]) => value !== undefined);
  return { ...loadOptionsFromEnv(), ...Object.fromEntries(fromFlags) };
}

function describeDefault(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return "none";
  const text = (item: unknown) => (typeof item === "string" ? item : JSON.stringify(item));
  return Array.isArray(value) ? value.map(text).join(",") : text(value);
}

export function helpText(): string {
  const defaults = resolveOptions({});
  const variables = NAMES.map((name) => {
    const { option, help } = VARIABLES[name];
    return `  --${flagOf(name)} <value>  (${name})\n      ${help}; default: ${describeDefault(defaults[option])}`;
  });
  return `${COMMAND} ${packageJson.version}: ${packageJson.description}.

Usage: ${COMMAND} [options]

It prints its base URL; point any Stripe SDK there (stripe-node: host, port, protocol "http").
The control API and an HTML index of its state are at <base URL>/_emulator.

Options (each sets the environment variable in brackets; a flag wins over the environment):
${variables.join("\n")}
  -h, --help
      print this help and exit
  -v, --version
      print the version and exit

A bad value stops start-up with a message naming the variable. See README.md in the package.`;
}

export function versionText(): string {
  return packageJson.version;
}
