import "server-only";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics";

export { tooManyAttemptsMessage } from "@/lib/auth/sign-in-messages";

/**
 * Every limit of the app, in one place: attempts allowed per window, per key. Counters live in
 * PostgreSQL (table "RateLimit", rate-limiter-flexible's PostgreSQL store), so every app instance
 * sees the same ones; they work on the embedded database too.
 */
export const RATE_LIMITS = {
  // Sign-in attempts, per account (email) and per client address. A successful sign-in gives its
  // attempt back, so only failures add up.
  signInAccount: { points: 10, duration: 15 * 60 },
  signInAddress: { points: 50, duration: 15 * 60 },
  signUpAddress: { points: 20, duration: 60 * 60 },
  // "Forgot password?" and "send the link again" mails, per address they go to and per client.
  mailAccount: { points: 5, duration: 60 * 60 },
  mailAddress: { points: 30, duration: 60 * 60 },
  // Forms behind a mailed link (verify, reset, accept an invitation), per client address.
  linkAddress: { points: 30, duration: 60 * 60 },
  // Connect my Stripe account (OAuth), per seller.
  connectAccount: { points: 20, duration: 10 * 60 },
  // Create a Stripe account, and each fresh onboarding link (Settings, Stripe's refresh_url), per
  // seller: each costs Stripe calls.
  onboardAccount: { points: 20, duration: 10 * 60 },
  // Team changes (invite, remove, withdraw), per admin.
  adminAction: { points: 30, duration: 60 * 60 },
  // "Sign out everywhere", per user.
  sessionAction: { points: 10, duration: 10 * 60 },
  // The header's "Sign out", per user: each ends one session, which takes a sign-in to make again.
  signOut: { points: 30, duration: 10 * 60 },
  // Checks with Stripe that a person's page sends ("Refresh from Stripe", a page that saw Stripe
  // refuse access), per user: each costs a Stripe call.
  stripeCheck: { points: 30, duration: 10 * 60 },
} as const;

export type RateLimitRule = keyof typeof RATE_LIMITS;

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

const limiters = new WeakMap<pg.Pool, Map<RateLimitRule, RateLimiterPostgres>>();

/**
 * The pool, with the library's named prepared statements sent unnamed: the embedded database runs
 * every connection in one PostgreSQL session, where a second connection preparing the same name
 * fails ("prepared statement … already exists").
 */
function unnamedStatements(target: pg.Pool) {
  return {
    query: (config: { text: string; values?: unknown[] }) =>
      target.query({ text: config.text, values: config.values }),
  };
}

function limiter(rule: RateLimitRule): RateLimiterPostgres {
  const current = pool();
  let byRule = limiters.get(current);
  if (!byRule) {
    byRule = new Map();
    limiters.set(current, byRule);
  }
  let found = byRule.get(rule);
  if (!found) {
    found = new RateLimiterPostgres({
      storeClient: unnamedStatements(current),
      storeType: "pool",
      tableName: "RateLimit",
      tableCreated: true, // by migration 20261201233422_identity
      clearExpiredByTimeout: false,
      keyPrefix: rule,
      duration: RATE_LIMITS[rule].duration,
      points:
        RATE_LIMITS[rule].points * (rule.endsWith("Address") ? env().RATE_LIMIT_ADDRESS_FACTOR : 1),
    });
    byRule.set(rule, found);
  }
  return found;
}

/**
 * Counts one attempt against each `[rule, key]` pair, before any costly work (a password hash, a
 * mail). Refused when any of them is over its limit; `retryAfterSeconds` is the longest wait.
 */
export async function takeAttempt(
  checks: readonly (readonly [RateLimitRule, string])[],
): Promise<RateLimitResult> {
  let retryAfterMs = 0;
  for (const [rule, key] of checks) {
    try {
      await limiter(rule).consume(key.toLowerCase());
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      metrics().rateLimitRefusals.labels(rule).inc();
      retryAfterMs = Math.max(retryAfterMs, rejection.msBeforeNext);
    }
  }
  return retryAfterMs > 0
    ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) }
    : { ok: true };
}

/** Gives back an attempt that turned out legitimate (a correct password). */
export async function giveBackAttempt(
  checks: readonly (readonly [RateLimitRule, string])[],
): Promise<void> {
  for (const [rule, key] of checks) await limiter(rule).reward(key.toLowerCase());
}

/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry (Next.js sets
 * the header from the socket when no proxy did). Behind a load balancer, it must append the
 * client's address; without one, a client can choose this value, and only the per-account limits
 * hold against it.
 */
export function clientAddress(headers: Pick<Headers, "get">): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 100) : "unknown";
}
