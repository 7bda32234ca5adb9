// What every handler of the emulator is given, apart from server.ts so the handlers need not import it.
import type { EmulatorConfig } from "./config";
import type { Faults } from "./faults";
import type { RateLimiter } from "./rate-limit";
import type { Store } from "./state";
import type { ThinEvents } from "./v2-events";
import type { WebhookDispatcher } from "./webhooks";

export interface Context {
  config: EmulatorConfig;
  store: Store;
  webhooks: WebhookDispatcher;
  /** Delivers thin events (v2 event notifications) to the event destinations. */
  thin: WebhookDispatcher;
  /** This world's thin events (src/v2-events.ts). */
  thinEvents: ThinEvents;
  faults: Faults;
  /** Stripe's per-key request rate limits (src/rate-limit.ts). */
  rateLimiter: RateLimiter;
  /** The base URL, e.g. http://127.0.0.1:12111 */
  url: string;
  /** Whether this is the live-mode world: its own accounts, codes, connections and data. */
  livemode: boolean;
  /** Runs `run` after `ms` real milliseconds, unless the emulator stops or resets first. */
  later: (ms: number, run: () => void) => void;
  /** Cancels everything `later` scheduled (a reset). */
  cancelLater: () => void;
  /** The test-mode world's handle on the live one (when a live key is configured). */
  live?: Context;
}
