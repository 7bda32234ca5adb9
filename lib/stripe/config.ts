import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import { EnvError, type AppEnv } from "@/lib/env";

export interface StripeConfig {
  secretKey: string;
  clientId: string;
  /** Whether the key is a live key: Stripe answers in the same mode. */
  livemode: boolean;
  /** Base of the /v1 API and of /oauth/token and /oauth/deauthorize (stripe-node's `host`). */
  apiBase: string;
  /** Base of the page sellers are sent to: `${connectBase}/oauth/authorize`. */
  connectBase: string;
  /** Where Stripe sends sellers back: always our own callback. */
  redirectUri: string;
  /** True when talking to the bundled emulator rather than Stripe. */
  emulated: boolean;
  /** The Connect webhook endpoint's signing secrets (several during a roll): any one verifies. */
  webhookSecrets: string[];
  /**
   * The thin event destination's signing secrets (several during a roll): any one verifies. None
   * when a Stripe key is set without STRIPE_THIN_WEBHOOK_SECRET: every notification is refused.
   */
  thinWebhookSecrets: string[];
}

const STRIPE_API = "https://api.stripe.com";
const STRIPE_CONNECT = "https://connect.stripe.com";

/**
 * The Stripe settings, from the validated env: real Stripe when STRIPE_SECRET_KEY is set, the
 * bundled emulator otherwise. Live keys in production only ever talk to Stripe's own hosts.
 */
export function stripeConfigFrom(env: AppEnv): StripeConfig {
  const redirectUri = `${env.APP_URL}/api/stripe/connect/callback`;
  if (!env.STRIPE_SECRET_KEY) {
    if (env.NODE_ENV === "production" && !env.STRIPE_EMULATOR_IN_PRODUCTION) {
      throw new EnvError(
        "Invalid environment configuration:\n  STRIPE_SECRET_KEY is required in production (set STRIPE_EMULATOR_IN_PRODUCTION=true to run a production build on the Stripe emulator, for demos and tests only)",
      );
    }
    const emulatorUrl = `http://127.0.0.1:${env.STRIPE_EMULATOR_PORT}`;
    return {
      secretKey: EMULATOR.secretKey,
      clientId: env.STRIPE_CONNECT_CLIENT_ID ?? EMULATOR.clientId,
      livemode: false,
      apiBase: env.STRIPE_API_BASE ?? emulatorUrl,
      connectBase: env.STRIPE_CONNECT_BASE ?? env.STRIPE_API_BASE ?? emulatorUrl,
      redirectUri,
      emulated: true,
      webhookSecrets: env.STRIPE_CONNECT_WEBHOOK_SECRET ?? [EMULATOR.connectWebhookSecret],
      thinWebhookSecrets: env.STRIPE_THIN_WEBHOOK_SECRET ?? [EMULATOR.thinWebhookSecret],
    };
  }
  if (!env.STRIPE_CONNECT_CLIENT_ID) {
    throw new EnvError(
      "Invalid environment configuration:\n  STRIPE_CONNECT_CLIENT_ID is required when STRIPE_SECRET_KEY is set (your platform's ca_… id, Dashboard → Settings → Connect)",
    );
  }
  if (!env.STRIPE_CONNECT_WEBHOOK_SECRET) {
    throw new EnvError(
      "Invalid environment configuration:\n  STRIPE_CONNECT_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set (the whsec_… signing secret of your Connect webhook endpoint, Dashboard → Developers → Webhooks; comma-separated during a roll)",
    );
  }
  const livemode = env.STRIPE_SECRET_KEY.includes("_live_");
  const apiBase = env.STRIPE_API_BASE ?? STRIPE_API;
  const connectBase = env.STRIPE_CONNECT_BASE ?? STRIPE_CONNECT;
  if (livemode && env.NODE_ENV === "production") {
    for (const [name, value, expected] of [
      ["STRIPE_API_BASE", apiBase, STRIPE_API],
      ["STRIPE_CONNECT_BASE", connectBase, STRIPE_CONNECT],
    ] as const) {
      if (value !== expected) {
        throw new EnvError(
          `Invalid environment configuration:\n  ${name} must be ${expected} with a live key in production (an emulator or proxy URL is refused)`,
        );
      }
    }
  }
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    clientId: env.STRIPE_CONNECT_CLIENT_ID,
    livemode,
    apiBase,
    connectBase,
    redirectUri,
    emulated: apiBase !== STRIPE_API,
    webhookSecrets: env.STRIPE_CONNECT_WEBHOOK_SECRET,
    thinWebhookSecrets: env.STRIPE_THIN_WEBHOOK_SECRET ?? [],
  };
}
