/**
 * Stripe's basic rate limiter: so many requests per second per account (docs.stripe.com/rate-limits:
 * 25 in test mode, 100 in live mode). The emulator keeps one token bucket per secret key, so every
 * call the platform makes with its key, `Stripe-Account` calls included, counts against one limit,
 * and an OAuth access token (which acts as its own account) has its own. A bucket holds one second
 * of requests and refills continuously; an empty one answers 429 until a token is back.
 */
export interface RateLimits {
  /** Requests per second per test key; 0: no limit. */
  test: number;
  /** Requests per second per live key; 0: no limit. */
  live: number;
}

interface Bucket {
  tokens: number;
  /** performance.now() of the last refill. */
  at: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  /** Requests answered 429 for the rate limit since the limits were last set (or reset). */
  refused = 0;

  constructor(
    private readonly defaults: RateLimits,
    public limits: RateLimits = { ...defaults },
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Takes a token from `key`'s bucket. Returns 0 when the request may go ahead, or else the
   * milliseconds until the bucket has a token again.
   */
  take(key: string): number {
    const rate = key.includes("_live_") ? this.limits.live : this.limits.test;
    if (rate === 0) return 0;
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    this.refused++;
    return Math.ceil(((1 - bucket.tokens) / rate) * 1000);
  }

  /** New limits (a control API call); every bucket starts full again, the count of 429s at 0. */
  set(limits: Partial<RateLimits>): void {
    this.limits = { ...this.limits, ...limits };
    this.buckets.clear();
    this.refused = 0;
  }

  /** Back to the configured limits, every bucket full. */
  reset(): void {
    this.set(this.defaults);
  }
}
