import "server-only";
import { env } from "@/lib/env";
import { stripeConfig } from "@/lib/stripe/client";
import { AppError } from "@/lib/errors";
import { isRateLimited, retryAfterSeconds } from "@/lib/stripe/errors";

/**
 * How the app keeps its account checks (the reconcile run, an admin's "Refresh from Stripe", a
 * seller's access check) within Stripe's rate limits (docs.stripe.com/rate-limits): a global limit
 * per account of 25 requests a second in a sandbox (test mode) and 100 in live mode, and a default
 * limit of 25 a second on each endpoint, which the checks' one endpoint (GET /v1/accounts/:id)
 * meets in either mode. Calls on connected accounts are made with the platform's key and count
 * against the platform's limits, so the whole run shares one pacer. Each check waits for its turn
 * on the process's pacer (STRIPE_CHECKS_PER_SECOND, by default defaultChecksPerSecond's for the
 * key's mode), and a 429 that still comes (other work on the key, other instances) holds every
 * caller of the pacer back for the delay Stripe advertises (`Retry-After`), or 1, 2, 4… s when it
 * advertises none, then is retried. stripe-node itself does not retry a rate limit (Stripe
 * answers it with `Stripe-Should-Retry: false`).
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

  /** No turn starts within the next `ms` (Stripe asked to wait): every caller waits it out. */
  holdOff(ms: number): void {
    this.next = Math.max(this.next, this.clock() + ms);
  }
}

/** Stripe's requests a second per account, in each mode: its global limit and an endpoint's. */
const STRIPE_LIMITS = {
  test: { global: 25, endpoint: 25 },
  live: { global: 100, endpoint: 25 },
};

/**
 * The default pace of account checks for a key's mode: 80% of the lower limit they meet (all on
 * one endpoint: 20 in either mode), leaving the rest to the app's other calls on the key (pages,
 * webhook follow-ups, admins' refreshes in other instances).
 */
export function defaultChecksPerSecond(livemode: boolean): number {
  const limits = STRIPE_LIMITS[livemode ? "live" : "test"];
  return Math.floor(Math.min(limits.global, limits.endpoint) * 0.8);
}

let shared: Pacer | undefined;

/**
 * The process's pacer for account checks: STRIPE_CHECKS_PER_SECOND when set, else the default for
 * the key's mode (defaultChecksPerSecond).
 */
export function checksPacer(): Pacer {
  const perSecond =
    env().STRIPE_CHECKS_PER_SECOND ?? defaultChecksPerSecond(stripeConfig().livemode);
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
 * Runs `call` on its turn (`pacer`), again after a 429 as described above (the pacer held off for
 * everyone meanwhile), within `patience`. Throws StripeBusyError, with the seconds to wait, when
 * Stripe still refuses.
 */
export async function pacedStripeCall<T>(
  call: () => Promise<T>,
  patience: Patience = JOB_PATIENCE,
  pacer: Pacer = checksPacer(),
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
      pacer.holdOff(seconds * 1000);
    }
  }
}
