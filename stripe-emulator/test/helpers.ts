/**
 * Shared by the emulator's own Vitest suites and Playwright spec: an emulator per test file,
 * stripe-node pointed at it, the control API and the authorize form (through the typed client,
 * src/client.ts), and a local HTTP server that records requests (a webhook receiver, or the
 * platform's redirect target).
 */
import { spawn } from "node:child_process";
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import {
  type AuthorizeResult,
  type ControlReply,
  type SeedFields,
  stripeNodeOptions,
} from "../src/client";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../src/server";

export { startEmulator, type RunningEmulator };

/**
 * A fake live-mode key for the emulator, assembled so that secret scanners (which look for
 * sk_live_ followed by key characters) do not take a test fixture for a leaked key.
 */
export const LIVE_KEY = ["sk", "live", "emulator0000000000000000000000"].join("_");

/** stripe-node 23 as a real client of the emulator (its default API version, no retries). */
export function stripeFor(emulator: RunningEmulator, key = emulator.config.secretKey): Stripe {
  return new Stripe(key, {
    ...stripeNodeOptions(emulator.url),
    apiVersion: Stripe.API_VERSION,
    maxNetworkRetries: 0,
  });
}

/** Calls the control API through the typed client; `body` (when given) is sent as JSON. */
export function control<T = unknown>(
  emulator: RunningEmulator,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<ControlReply<T>> {
  return emulator.client.request<T>(method, path, body);
}

/** Seeds a seller account through the control API (a unique email unless one is given). */
export function seedAccount(
  emulator: RunningEmulator,
  fields: SeedFields = {},
): Promise<Stripe.Account> {
  return emulator.client.seedAccount(fields);
}

/**
 * Submits the authorize form as a browser would (sign in, by default) and returns where the
 * emulator redirects to.
 */
export function submitAuthorize(
  emulator: RunningEmulator,
  query: Record<string, string>,
  form: Record<string, string>,
): Promise<AuthorizeResult> {
  return emulator.client.submitAuthorize(query, form);
}

/** Signs in to `email` on the authorize page and returns the authorization code. */
export function authorizationCode(
  emulator: RunningEmulator,
  email: string,
  query: Record<string, string> = {},
): Promise<string> {
  return emulator.client.authorizationCode(email, query);
}

/** Seeds an account and connects it through the authorize form and the token endpoint. */
export async function connectedAccount(
  emulator: RunningEmulator,
  fields: SeedFields = {},
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

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <args>` in `cwd` with only `env` (plus NODE_ENV=test and any free port) until it
 * exits, or until it prints that it listens (then stops it with SIGTERM, as a launcher would).
 */
export function runCommand(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { NODE_ENV: "test", STRIPE_EMULATOR_PORT: "0", ...env },
    });
    const run: CommandRun = { code: null, stdout: "", stderr: "" };
    child.stdout.on("data", (chunk: Buffer) => {
      run.stdout += chunk.toString();
      if (run.stdout.includes("State file:")) child.kill("SIGTERM");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      run.stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      run.code = code;
      resolve(run);
    });
  });
}
