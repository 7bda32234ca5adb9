import "server-only";
import { recordStripeApiErrors, type StripeApiFailure } from "@/lib/data/stripe-api-errors";
import { errorMessage } from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * Stripe calls that Stripe refused or failed, for the admin System page. A call can fail while a
 * page renders, and pages only read: the failure is noted in this process's memory and written by
 * a timer (keepStripeApiErrors, started with the server and the worker), a few at a time. At most
 * MAX_NOTED wait; beyond that the oldest go (a storm of errors is counted in the metrics anyway).
 */
const MAX_NOTED = 500;
const FLUSH_EVERY_MS = 2_000;

const globalForErrors = globalThis as unknown as {
  sellerConnectStripeErrors?: (StripeApiFailure & { at: Date })[];
};

function noted(): (StripeApiFailure & { at: Date })[] {
  globalForErrors.sellerConnectStripeErrors ??= [];
  return globalForErrors.sellerConnectStripeErrors;
}

/** Notes one refused or failed call (status 400 and up), to be written by the next flush. */
export function noteStripeApiError(failure: StripeApiFailure): void {
  const list = noted();
  list.push({ ...failure, at: new Date() });
  if (list.length > MAX_NOTED) list.splice(0, list.length - MAX_NOTED);
}

/** Writes the noted failures; those that could not be written wait for the next flush. */
export async function flushStripeApiErrors(): Promise<number> {
  const list = noted();
  const taken = list.splice(0, list.length);
  if (taken.length === 0) return 0;
  try {
    await recordStripeApiErrors(taken);
    return taken.length;
  } catch (error) {
    list.unshift(...taken.slice(-(MAX_NOTED - list.length)));
    log().warn({ reason: errorMessage(error) }, "could not record Stripe API errors");
    return 0;
  }
}

/** Flushes every FLUSH_EVERY_MS until the returned function is called (or the process ends). */
export function keepStripeApiErrors(): () => void {
  const timer = setInterval(() => void flushStripeApiErrors(), FLUSH_EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
