/**
 * Shared by the Vitest suites and the Playwright spec: an emulator per test file, stripe-node
 * pointed at it, the control API, the authorize form, and a local HTTP server that records requests
 * (a webhook receiver, or the platform's redirect target).
 */
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../src/server";

export { startEmulator, type RunningEmulator };

/** stripe-node 23 as a real client of the emulator (its default API version, no retries). */
export function stripeFor(emulator: RunningEmulator, key = emulator.config.secretKey): Stripe {
  return new Stripe(key, {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    apiVersion: Stripe.API_VERSION,
    maxNetworkRetries: 0,
  });
}

export interface ControlReply<T> {
  status: number;
  body: T;
}

/** Calls the control API; `body` (when given) is sent as JSON. */
export async function control<T = unknown>(
  emulator: RunningEmulator,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<ControlReply<T>> {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: method === "GET" ? {} : { "Content-Type": "application/json" },
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

let seeded = 0;

/** Seeds a seller account through the control API (a unique email unless one is given). */
export async function seedAccount(
  emulator: RunningEmulator,
  fields: Record<string, unknown> = {},
): Promise<Stripe.Account> {
  seeded++;
  const { status, body } = await control<Stripe.Account>(emulator, "POST", "/accounts", {
    email: `seller${seeded}-${Date.now()}@example.com`,
    business_name: `Seller ${seeded}`,
    ...fields,
  });
  if (status !== 201) throw new Error(`seeding failed: ${JSON.stringify(body)}`);
  return body;
}

/**
 * Submits the authorize form as a browser would (sign in, by default) and returns where the
 * emulator redirects to.
 */
export async function submitAuthorize(
  emulator: RunningEmulator,
  query: Record<string, string>,
  form: Record<string, string>,
): Promise<{ status: number; location: URL | undefined; body: string }> {
  const authorizeQuery = new URL(emulator.authorizeUrl(query)).search.slice(1);
  const response = await fetch(`${emulator.url}/oauth/authorize/confirm`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      authorize_query: authorizeQuery,
      panel: "login",
      action: "connect",
      ...form,
    }),
  });
  const location = response.headers.get("location");
  return {
    status: response.status,
    location: location === null ? undefined : new URL(location),
    body: await response.text(),
  };
}

/** Signs in to `email` on the authorize page and returns the authorization code. */
export async function authorizationCode(
  emulator: RunningEmulator,
  email: string,
  query: Record<string, string> = {},
): Promise<string> {
  const { location } = await submitAuthorize(emulator, query, { email, password: "password" });
  const code = location?.searchParams.get("code");
  if (!code) throw new Error(`no code in redirect ${String(location)}`);
  return code;
}

/** Seeds an account and connects it through the authorize form and the token endpoint. */
export async function connectedAccount(
  emulator: RunningEmulator,
  fields: Record<string, unknown> = {},
): Promise<{ account: Stripe.Account; token: Stripe.OAuthToken }> {
  const account = await seedAccount(emulator, fields);
  const code = await authorizationCode(emulator, account.email ?? "");
  const token = await stripeFor(emulator).oauth.token({ grant_type: "authorization_code", code });
  return { account, token };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Recorder {
  url: string;
  requests: RecordedRequest[];
  /** Decides each answer's status (and an optional delay); 200 by default. */
  respond: (request: RecordedRequest) => { status: number; delayMs?: number };
  close(): Promise<void>;
}

/** A local HTTP server that records every request: a webhook receiver or a redirect target. */
export async function startRecorder(): Promise<Recorder> {
  const recorder: Recorder = {
    url: "",
    requests: [],
    respond: () => ({ status: 200 }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      recorder.requests.push(request);
      const { status, delayMs = 0 } = recorder.respond(request);
      setTimeout(() => {
        res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
        res.end(
          `<!doctype html><title>Redirect target</title><p>received ${request.method} ${request.url}</p>`,
        );
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return recorder;
}

/**
 * Starts an emulator for one test file, with fast webhook retries and no rate limit unless told
 * otherwise (a suite's quick calls would trip Stripe's 25 a second by chance; the tests of rate
 * limits, and of the app's handling of them, set one).
 */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, webhookRetryBaseMs: 20, rateLimit: 0, ...options });
}

/** The error `promise` rejects with (fails when it resolves). */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
