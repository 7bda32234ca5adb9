import "server-only";
import Stripe from "stripe";
import { env, type AppEnv } from "@/lib/env";
import { noteStripeApiError } from "@/lib/stripe/api-errors";
import { noteStripeAccount, noteStripeRequest } from "@/lib/http/request-context";
import { metrics, stripeEndpoint, stripeOutcome } from "@/lib/metrics";
import { stripeConfigFrom, type StripeConfig } from "@/lib/stripe/config";
import { BACKGROUND } from "@/lib/stripe/timeouts";

/** The API version every request is pinned to (the one stripe-node 23.1 is typed for). */
export const STRIPE_API_VERSION = "2026-10-28.endive";

/** stripe-node's "response" event (its `on` is typed `any`): what the metrics and log read of it. */
interface ResponseEmitter {
  on(
    event: "response",
    listener: (response: {
      method?: string;
      path?: string;
      status?: number;
      /** Stripe's Request-Id (`req_…`): what Stripe's support asks for. */
      request_id?: string;
      /** The Stripe-Account the call was made on behalf of, when Stripe's answer names it. */
      account?: string;
    }) => void,
  ): void;
}

let cached: { key: string; stripe: Stripe; config: StripeConfig } | undefined;

let configOf: { env: AppEnv; config: StripeConfig } | undefined;

/**
 * The configured Stripe settings (see lib/stripe/config.ts), worked out again only when the
 * configuration changed (env() returns the same object until then): the webhook endpoint asks for
 * them on every delivery.
 */
export function stripeConfig(): StripeConfig {
  const current = env();
  if (configOf?.env !== current) configOf = { env: current, config: stripeConfigFrom(current) };
  return configOf.config;
}

/**
 * The one stripe-node client: platform key, pinned API version, retries with backoff for
 * network errors and 5xx/429 (stripe-node sends idempotency keys on retried POSTs). Calls that
 * need other timeouts or no retry pass stripeRequestPolicy(kind) (lib/stripe/timeouts.ts).
 */
export function stripe(): Stripe {
  const config = stripeConfig();
  const key = `${config.secretKey}|${config.apiBase}`;
  if (cached?.key !== key) {
    const api = new URL(config.apiBase);
    const hostOptions =
      config.apiBase === "https://api.stripe.com"
        ? {}
        : {
            host: api.hostname,
            port: Number(api.port || (api.protocol === "https:" ? 443 : 80)),
            protocol: api.protocol.replace(":", "") as "http" | "https",
          };
    const client = new Stripe(config.secretKey, {
      apiVersion: STRIPE_API_VERSION,
      // Per-request overrides (page reads, OAuth) come from lib/stripe/timeouts.ts.
      ...BACKGROUND,
      appInfo: { name: "seller-connect" },
      ...hostOptions,
    });
    // Runs in the context of the call: the request being served, if any, notes Stripe's id.
    (client as unknown as ResponseEmitter).on("response", (response) => {
      noteStripeRequest(response.request_id);
      noteStripeAccount(response.account);
      const method = response.method ?? "?";
      const endpoint = stripeEndpoint(response.path ?? "?");
      const status = response.status ?? 0;
      metrics().stripeRequests.labels(method, endpoint, stripeOutcome(status)).inc();
      if (status >= 400) {
        noteStripeApiError({
          method,
          endpoint,
          status,
          requestId: response.request_id ?? null,
          account: response.account ?? null,
        });
      }
    });
    cached = { key, config, stripe: client };
  }
  return cached.stripe;
}
