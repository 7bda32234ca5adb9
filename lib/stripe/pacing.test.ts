import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import {
  Pacer,
  StripeBusyError,
  defaultChecksPerSecond,
  pacedStripeCall,
} from "@/lib/stripe/pacing";

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}

function rateLimit(retryAfter?: string): Stripe.errors.StripeRateLimitError {
  return new Stripe.errors.StripeRateLimitError({
    type: "invalid_request_error",
    code: "rate_limit",
    message: "Request rate limit exceeded.",
    statusCode: 429,
    headers: retryAfter === undefined ? {} : { "retry-after": retryAfter },
  });
}

describe("Pacer", () => {
  it("spaces calls evenly at its rate, the first one at once", async () => {
    const time = fakeTime();
    const pacer = new Pacer(4, time.clock, time.sleep);
    for (let i = 0; i < 4; i++) await pacer.turn();
    expect(time.sleeps).toEqual([250, 250, 250]);
  });

  it("held off, makes every caller wait it out", async () => {
    const time = fakeTime();
    const pacer = new Pacer(10, time.clock, time.sleep);
    await pacer.turn();
    pacer.holdOff(2000);
    await pacer.turn();
    await pacer.turn();
    expect(time.sleeps).toEqual([2000, 100]);
  });
});

describe("defaultChecksPerSecond", () => {
  it("stays below Stripe's limit on one endpoint (25 a second) in both modes", () => {
    expect(defaultChecksPerSecond(false)).toBe(20);
    expect(defaultChecksPerSecond(true)).toBe(20);
  });
});

describe("pacedStripeCall", () => {
  it("retries a 429 after its Retry-After, else after 1, 2, 4… s, holding the pacer off meanwhile", async () => {
    const time = fakeTime();
    const pacer = new Pacer(1000, time.clock, time.sleep);
    const answers = [rateLimit("3"), rateLimit(), rateLimit(), "account"];
    const result = await pacedStripeCall(
      () => {
        const next = answers.shift();
        return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
      },
      { attempts: 5, maxWaitMs: 30_000 },
      pacer,
    );
    expect(result).toBe("account");
    expect(time.sleeps.filter((ms) => ms >= 1000)).toEqual([3000, 2000, 4000]);
  });

  it("gives up with StripeBusyError: after its attempts, or at once when asked to wait too long", async () => {
    const time = fakeTime();
    const pacer = new Pacer(1000, time.clock, time.sleep);
    const refuse = (retryAfter: string) => () => Promise.reject(rateLimit(retryAfter));
    const patience = { attempts: 2, maxWaitMs: 3000 };
    await expect(pacedStripeCall(refuse("1"), patience, pacer)).rejects.toEqual(
      new StripeBusyError(1),
    );
    const long = await pacedStripeCall(refuse("20"), patience, pacer).catch((e: unknown) => e);
    expect(long).toMatchObject({ code: "stripe_busy", retryAfterSeconds: 20 });
  });

  it("lets any other error through untouched", async () => {
    const time = fakeTime();
    const error = new Error("boom");
    await expect(
      pacedStripeCall(
        () => Promise.reject(error),
        undefined,
        new Pacer(10, time.clock, time.sleep),
      ),
    ).rejects.toBe(error);
  });
});
