import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the log knows of the request being served (lib/http/request-log.ts starts one per request
 * and writes it as the request's one line when the response is done). Code serving it adds what it
 * learns (noteUser, noteStripeAccount, noteStripeRequest); every log line written meanwhile
 * carries its id (lib/log.ts). Outside a request (scripts, jobs, tests calling lib/) there is none
 * and the notes do nothing.
 */
export interface RequestContext {
  /** Ours: the caller's X-Request-Id when it is a sane token, else a fresh UUID. */
  readonly id: string;
  readonly method: string;
  /** Without the query string (it carries OAuth codes and states). */
  readonly path: string;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  userId?: string;
  /** The connection's stripe account id (`acct_…`), once known. */
  acct?: string;
  /** The Request-Id of each Stripe call made while serving it, in order. */
  stripeRequestIds?: string[];
}

// One store per process, kept on globalThis: instrumentation.ts and the route bundles each load
// their own copy of this module.
const STORE = Symbol.for("seller-connect.request-context");
const globalForContext = globalThis as unknown as {
  [STORE]?: AsyncLocalStorage<RequestContext>;
};

export function requestContexts(): AsyncLocalStorage<RequestContext> {
  return (globalForContext[STORE] ??= new AsyncLocalStorage<RequestContext>());
}

/** The request being served, if any. */
export function currentRequest(): RequestContext | undefined {
  return requestContexts().getStore();
}

export function noteUser(userId: string): void {
  const request = currentRequest();
  if (request) request.userId = userId;
}

export function noteStripeAccount(acct: string | null | undefined): void {
  const request = currentRequest();
  if (request && acct) request.acct = acct;
}

export function noteStripeRequest(requestId: string | null | undefined): void {
  const request = currentRequest();
  if (request && requestId) (request.stripeRequestIds ??= []).push(requestId);
}
