// What every handler of the emulator is given, apart from server.ts so the handlers need not import it.
import type { EmulatorConfig } from "./config";
import type { Faults } from "./faults";
import type { RateLimiter } from "./rate-limit";
import type { Store } from "./state";
import type { WebhookDispatcher } from "./webhooks";

export interface Context {
  config: EmulatorConfig;
  store: Store;
  webhooks: WebhookDispatcher;
  faults: Faults;
  /** Stripe's per-key request rate limits (src/rate-limit.ts). */
  rateLimiter: RateLimiter;
  /** The base URL, e.g. http://127.0.0.1:12111 */
  url: string;
  /** Whether this is the live-mode world: its own accounts, codes, connections and data. */
  livemode: boolean;
  /** The test-mode world's handle on the live one (when a live key is configured). */
  live?: Context;
}
