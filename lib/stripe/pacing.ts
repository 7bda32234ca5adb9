import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isRateLimited, retryAfterSeconds } from "@/lib/stripe/errors";

/**
 * How the app keeps its account checks (`npm run stripe:reconcile`, an admin's "Refresh from
 * Stripe", a seller's access check) within Stripe's rate limits: per account, 25 requests a
 * second in test mode and 100 in live mode (docs.stripe.com/rate-limits). Each check waits for
 * its turn on a pacer (STRIPE_CHECKS_PER_SECOND per process), and a 429 that still comes (other
 * work on the key, other instances) is retried after the delay Stripe advertises (`Retry-After`),
 * or with a backoff of 1, 2, 4… s when it advertises none. stripe-node itself does not retry a
 * rate limit (Stripe answers it with `Stripe-Should-Retry: false`).
 */

/** Stripe still refuses for the rate limit after the waits allowed: try again in a while. */
export class StripeBusyError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("stripe_busy", `Stripe is busy: try again in ${String(retryAfterSeconds)} s.`);
  }
}

export type Sleep = (ms: number) => Promise<void>;
const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets calls start at most `perSecond` times a second, evenly spaced, in the order they ask. */
export class Pacer {
  private next = 0;

  constructor(
    readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
    private readonly wait: Sleep = sleep,
  ) {}

  /** Resolves when the caller may start its call. */
  async turn(): Promise<void> {
    const now = this.clock();
    const start = Math.max(now, this.next);
    this.next = start + 1000 / this.perSecond;
    if (start > now) await this.wait(start - now);
  }
}

let shared: Pacer | undefined;

/** The process's pacer for account checks, at STRIPE_CHECKS_PER_SECOND. */
export function checksPacer(): Pacer {
  const perSecond = env().STRIPE_CHECKS_PER_SECOND;
  if (shared?.perSecond !== perSecond) shared = new Pacer(perSecond);
  return shared;
}

export interface Patience {
  /** Calls made at most, the first included. */
  attempts: number;
  /** The longest single wait accepted; a longer `Retry-After` ends the attempts at once. */
  maxWaitMs: number;
}

/** A job's: it may wait. */
export const JOB_PATIENCE: Patience = { attempts: 5, maxWaitMs: 30_000 };
/** A person's, who is looking at a spinner: one wait of a few seconds at most. */
export const INTERACTIVE_PATIENCE: Patience = { attempts: 2, maxWaitMs: 3_000 };

/**
 * Runs `call` on its turn (`pacer`), again after a 429 as described above, within `patience`.
 * Throws StripeBusyError, with the seconds to wait, when Stripe still refuses.
 */
export async function pacedStripeCall<T>(
  call: () => Promise<T>,
  patience: Patience = JOB_PATIENCE,
  pacer: Pacer = checksPacer(),
  wait: Sleep = sleep,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await pacer.turn();
    try {
      return await call();
    } catch (error) {
      if (!isRateLimited(error)) throw error;
      const seconds = retryAfterSeconds(error) ?? 2 ** (attempt - 1);
      if (attempt >= patience.attempts || seconds * 1000 > patience.maxWaitMs) {
        throw new StripeBusyError(Math.max(1, Math.ceil(seconds)));
      }
      await wait(seconds * 1000);
    }
  }
}
