import "server-only";
import { randomUUID } from "node:crypto";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { requestContexts, type RequestContext } from "@/lib/http/request-context";
import { requestLog } from "@/lib/log";

/**
 * One log line per request, written when its response is done (or the client went away): its
 * id, method, path (never the query string), status, duration, and what the code serving it
 * noted (the user, the `acct_`, the Request-Id of each Stripe call; lib/http/request-context.ts).
 *
 * Hooked into Node's HTTP server itself (its `http.server.request.start` diagnostics channel,
 * published for every request just before the server's request listener runs), so that it sees
 * every request Next.js serves, pages, route handlers, server actions and static files alike,
 * with the status actually sent, with `next dev` and `next start` as they are. instrumentation.ts
 * turns it on. The request's context is entered there for the rest of that synchronous call
 * (AsyncLocalStorage.enterWith), which runs Next.js's handler: everything serving the request
 * inherits it.
 *
 * The id is the caller's X-Request-Id (a load balancer's, a client's) when it is a sane token,
 * else a fresh one; either way it is answered as X-Request-Id and is what Next.js then reads as
 * the request's X-Request-Id header.
 */
const REQUEST_START = "http.server.request.start";

/** At most 128 characters, letters, digits and `-_.:=` (UUIDs, ULIDs, trace ids). */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:=-]{0,127}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * At debug level unless they fail: health checks (polled every few seconds) and Next.js's own
 * files (scripts, styles, fonts, images; a page view fetches a dozen; development's hot reload).
 */
const QUIET_PATHS = ["/api/health/", "/_next/"];

/**
 * Error for a 5xx. Info otherwise, a 4xx included: a client's mistake already has its warning,
 * with the reason, from the code that refused it.
 */
function levelOf(path: string, status: number): "error" | "info" | "debug" {
  if (status >= 500) return "error";
  return QUIET_PATHS.some((quiet) => path.startsWith(quiet)) ? "debug" : "info";
}

function writeLine(request: RequestContext, response: ServerResponse): void {
  const { id, method, path, startedAt, userId, acct, stripeRequestIds } = request;
  const done = response.writableFinished;
  // A response cut short (the client went away) is logged with the status it was to have.
  const status = response.statusCode;
  requestLog()[levelOf(path, status)](
    {
      requestId: id,
      method,
      path,
      status,
      ms: Math.round((performance.now() - startedAt) * 10) / 10,
      ...(done ? {} : { aborted: true }),
      ...(userId ? { userId } : {}),
      ...(acct ? { acct } : {}),
      ...(stripeRequestIds ? { stripeRequestIds } : {}),
    },
    "request",
  );
}

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
}

function onRequestStart(message: unknown): void {
  const { request, response } = message as RequestStart;
  const id = requestIdFrom(request.headers["x-request-id"]);
  const url = request.url ?? "/";
  const query = url.indexOf("?");
  const context: RequestContext = {
    id,
    method: request.method ?? "GET",
    path: query === -1 ? url : url.slice(0, query),
    startedAt: performance.now(),
  };
  request.headers["x-request-id"] = id;
  response.setHeader("X-Request-Id", id);
  response.once("close", () => {
    writeLine(context, response);
  });
  requestContexts().enterWith(context);
}

const globalForHook = globalThis as unknown as { sellerConnectRequestHook?: boolean };

/** Starts logging every request this process's HTTP servers answer; the function stops it. */
export function logEveryRequest(): () => void {
  if (!globalForHook.sellerConnectRequestHook) {
    globalForHook.sellerConnectRequestHook = true;
    subscribe(REQUEST_START, onRequestStart);
  }
  return () => {
    globalForHook.sellerConnectRequestHook = false;
    unsubscribe(REQUEST_START, onRequestStart);
  };
}
