/**
 * Every setting the server needs, checked at once before it serves a request: the app's (lib/env.ts)
 * and Stripe's (lib/stripe/config.ts). Run by the launcher (scripts/serve.ts) before it starts
 * anything and by the server's own start (instrumentation.ts), so `next start` refuses a bad
 * setting too. Throws EnvError naming each bad variable.
 */
import { env, parseAppEnv, type EnvSource } from "@/lib/env";
import { stripeConfigFrom } from "@/lib/stripe/config";

/** Checks `source` (the server's environment by default); throws EnvError on a bad setting. */
export function checkServerConfig(source?: EnvSource): void {
  stripeConfigFrom(source ? parseAppEnv(source) : env());
}
