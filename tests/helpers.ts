import { randomUUID } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { NextRequest } from "next/server";
import pg from "pg";
import Stripe from "stripe";
import {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
  stripeNodeOptions,
} from "stripe-connect-emulator";
import { inject, vi } from "vitest";
import { handleAuthRequest } from "@/lib/auth/handler";
import { createConnection } from "@/lib/data/connections";
import { createUser, getUserById, markEmailVerified, type PublicUser } from "@/lib/data/users";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import { readQueueStats } from "@/lib/jobs/stats";
import type { CaughtMail } from "@/scripts/mail-catcher";
import { accountSnapshot } from "@/lib/stripe/account-snapshot";
import { accountObject, signed, stripeId, type ThinNotification } from "./stripe-events";

/** The integration tests' helpers, in one place (tests/setup.ts runs before every file). */

/** A unique email address, so tests sharing the database never collide. */
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

export { startDatabaseProxy, type DatabaseProxy } from "./database-proxy";

/**
 * The Stripe emulator (the stripe-connect-emulator package) for one test file, on any free port,
 * with fast webhook retries and no rate limit unless told otherwise (the tests of rate limits
 * set one); its typed control client is `emulator.client`.
 */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, webhookRetryBaseMs: 20, rateLimit: 0, ...options });
}

/** A webhook endpoint's answer: its status and JSON body. */
export interface Delivered {
  status: number;
  body: { outcome?: string; error?: string };
}

/**
 * POSTs `payload` to a webhook route handler (`handler`, at `path`) as Stripe would: signed with
 * `secret` at `timestamp` (now by default), or with the `signature` header given (null: none).
 */
export async function deliverSigned(
  handler: (request: Request) => Promise<Response>,
  path: string,
  payload: Stripe.Event | ThinNotification | string,
  options: { secret: string; timestamp?: number; signature?: string | null },
): Promise<Delivered> {
  const { body, signature } = signed(payload, options.secret, options);
  const headers = new Headers({ "Content-Type": "application/json" });
  const header = options.signature === undefined ? signature : options.signature;
  if (header !== null) headers.set("Stripe-Signature", header);
  const response = await handler(
    new Request(`http://localhost${path}`, { method: "POST", headers, body }),
  );
  return { status: response.status, body: (await response.json()) as Delivered["body"] };
}

/** stripe-node as the platform, pointed at `emulator` (its default API version, no retries). */
export function stripeFor(emulator: RunningEmulator): Stripe {
  return new Stripe(emulator.config.secretKey, {
    ...stripeNodeOptions(emulator.url),
    apiVersion: Stripe.API_VERSION,
    maxNetworkRetries: 0,
  });
}

/** The rows `sql` returns on the database at `url`, over a connection of its own. */
export async function queryDatabase<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A seller whose email address is verified (as after opening the mailed link). */
export async function verifiedSeller(name = "Seller"): Promise<PublicUser> {
  const user = await createUser({
    name,
    email: uniqueEmail("seller"),
    password: "a-good-password",
  });
  await markEmailVerified(user.id);
  const verified = await getUserById(user.id);
  if (!verified) throw new Error("the seller vanished");
  return verified;
}

/** A platform admin, as the session gives one to lib/ (their role in the returned user). */
export async function adminUser(name = "Ops"): Promise<PublicUser> {
  const user = await createUser({ name, email: uniqueEmail("ops"), password: "a-good-password" });
  return { ...user, role: "ADMIN" };
}

/** The messages the tests' mail catcher received for `to`, oldest first. */
export async function mailTo(to: string): Promise<CaughtMail[]> {
  const url = new URL(inject("mailInboxUrl"));
  url.searchParams.set("to", to);
  return (await (await fetch(url)).json()) as CaughtMail[];
}

/** Polls `check` every 100 ms until it gives a value (up to `timeoutMs`): never a fixed sleep. */
export async function pollFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The messages for `to` once at least `count` have arrived (mail is sent by a job, after the
 * action that asked for it returned), oldest first.
 */
export function mailsTo(to: string, count: number): Promise<CaughtMail[]> {
  return pollFor(`${String(count)} mail(s) to ${to}`, async () => {
    const messages = await mailTo(to);
    return messages.length >= count ? messages : undefined;
  });
}

/** Resolves once no mail job waits or runs: every mail asked for so far was sent (or gave up). */
export async function mailQueueIdle(): Promise<void> {
  await pollFor("the mail queue to be idle", async () => {
    const mail = (await readQueueStats()).find((q) => q.queue === "mail");
    const busy = mail ? mail.active + mail.waiting : 0;
    return busy === 0 ? true : undefined;
  });
}

/** The token of the link to `path` in `mail`. */
export function tokenIn(mail: CaughtMail | undefined, path: string): string {
  const link = mail?.links.find((l) => new URL(l).pathname === path);
  const token = link ? new URL(link).searchParams.get("token") : null;
  if (!token) throw new Error(`no ${path} link in ${JSON.stringify(mail)}`);
  return token;
}

/**
 * A node:http server on 127.0.0.1 (a free port) whose every request `answer` answers, given the
 * request's parts (the body read whole, as text; none for GET and HEAD) and its raw path.
 */
async function serveOnLoopback(
  answer: (request: {
    method: string;
    path: string;
    headers: Headers;
    body?: string;
  }) => Promise<Response>,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
    });
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const method = req.method ?? "GET";
      const body =
        method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks).toString("utf8");
      answer({ method, path: req.url ?? "/", headers, body })
        .then(async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/**
 * The webhook route (`handler`) served over HTTP on a free port, for the emulator to deliver
 * webhooks to the app's own endpoint over HTTP, as Stripe does.
 */
export async function startRouteServer(
  handler: (request: Request) => Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const { port, close } = await serveOnLoopback(({ method, path, headers, body }) =>
    handler(new Request(`http://localhost${path}`, { method, headers, body })),
  );
  return { url: `http://127.0.0.1:${String(port)}/api/stripe/webhooks`, close };
}

/** A route module's handler, as Next.js calls it. */
type RouteHandler = (request: NextRequest) => Response | Promise<Response>;

/**
 * A node:http server serving the app's route handlers (`routes`: path → handler, any method), each
 * in a Next.js request scope, answering with their status, headers and body as Next.js does; 404
 * for other paths. For what happens at the HTTP server (lib/http/request-log.ts).
 */
export async function startAppServer(
  routes: Record<string, RouteHandler>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const { port, close } = await serveOnLoopback(({ method, path, headers, body }) => {
    const request = new NextRequest(new URL(path, env().APP_URL), { method, headers, body });
    const handler = routes[request.nextUrl.pathname];
    return handler
      ? inRequestScope(request, async () => handler(request))
      : Promise.resolve(new Response("Not found", { status: 404 }));
  });
  return { url: `http://127.0.0.1:${String(port)}`, close };
}

// next/headers (cookies(), headers()) works only inside a Next.js request: route handlers and
// next-auth run in a request scope made from the request sent. Loaded with Node's require, as
// next-auth loads next/headers, so that both see the same stores.
const nodeRequire = createRequire(import.meta.url);
const { workAsyncStorage } = nodeRequire(
  "next/dist/server/app-render/work-async-storage.external.js",
) as typeof import("next/dist/server/app-render/work-async-storage.external");
const { workUnitAsyncStorage } = nodeRequire(
  "next/dist/server/app-render/work-unit-async-storage.external.js",
) as typeof import("next/dist/server/app-render/work-unit-async-storage.external");

/** Runs `run` in a Next.js request scope made from `request`, as a route handler runs. */
export function inRequestScope<T>(request: Request, run: () => Promise<T>): Promise<T> {
  const route = new URL(request.url).pathname;
  const work = { route, forceStatic: false, dynamicShouldError: false };
  const unit = {
    type: "request",
    phase: "render",
    headers: request.headers,
    cookies: new RequestCookies(request.headers),
  };
  return workAsyncStorage.run(work as never, () => workUnitAsyncStorage.run(unit as never, run));
}

/** A request to the app (APP_URL), with `cookie` as a browser would send it. */
export function appRequest(
  path: `/${string}`,
  init: { method?: string; headers?: Record<string, string>; body?: string; cookie?: string } = {},
): NextRequest {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new NextRequest(new URL(path, env().APP_URL), {
    method: init.method ?? "GET",
    headers,
    body: init.body,
  });
}

/** Calls next-auth's /api/auth/<path> (lib/auth/handler.ts) as the route does. */
export function callAuth(
  path: string[],
  init: { method?: string; headers?: Record<string, string>; body?: string; query?: string } = {},
): Promise<Response> {
  const request = appRequest(`/api/auth/${path.join("/")}${init.query ?? ""}`, init);
  return inRequestScope(request, () => handleAuthRequest(request, { nextauth: path }));
}

/** The `name=value` pairs a response sets, as the browser's Cookie header then carries them. */
function cookiesSetBy(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/**
 * Signs in through next-auth's credentials callback as a browser does (CSRF token first): where
 * next-auth sends the browser, and the cookies to send as that user from then on.
 */
export async function signInWithPassword(
  email: string,
  password: string,
): Promise<{ url: URL; cookie: string }> {
  const csrf = await callAuth(["csrf"]);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await callAuth(["callback", "credentials"], {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: cookiesSetBy(csrf),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const { url } = (await response.json()) as { url: string };
  return { url: new URL(url), cookie: cookiesSetBy(response) };
}

/** A seller with a CONNECTED connection to `stripeAccountId` (a fresh id by default). */
export async function connectedSeller(
  stripeAccountId = stripeId("acct_"),
  businessName = "Old Name",
) {
  const user = await createUser({
    name: "Seller",
    email: uniqueEmail("seller"),
    password: "a-good-password",
  });
  const connection = await createConnection({
    seller: user,
    stripeAccountId,
    scope: "read_write",
    livemode: false,
    snapshot: { ...accountSnapshot(accountObject(stripeAccountId, { businessName })), email: null },
  });
  return { user, connection, account: stripeAccountId };
}

/**
 * The emulator (startTestEmulator, the app's default client id and key) delivering its signed
 * Connect webhooks to `receive` over HTTP (startRouteServer), as Stripe does, and the app pointed
 * at it (STRIPE_EMULATOR_PORT). `stop` ends both.
 */
export function startEmulatorWithWebhooks(
  receive: (request: Request) => Promise<Response>,
  options: EmulatorOptions = {},
): Promise<{ emulator: RunningEmulator; stop: () => Promise<void> }> {
  return startEmulatorDelivering(receive, "webhookEndpoints", options);
}

/**
 * The same, delivering its thin (v2) event notifications to `receive` (an event destination
 * with the app's thin secret), and its Connect webhooks nowhere.
 */
export function startEmulatorWithThinEvents(
  receive: (request: Request) => Promise<Response>,
  options: EmulatorOptions = {},
): Promise<{ emulator: RunningEmulator; stop: () => Promise<void> }> {
  return startEmulatorDelivering(receive, "eventDestinations", options);
}

async function startEmulatorDelivering(
  receive: (request: Request) => Promise<Response>,
  kind: "webhookEndpoints" | "eventDestinations",
  options: EmulatorOptions,
): Promise<{ emulator: RunningEmulator; stop: () => Promise<void> }> {
  const server = await startRouteServer(receive);
  const destination =
    kind === "webhookEndpoints"
      ? { url: server.url, secret: EMULATOR.connectWebhookSecret }
      : { url: `${server.url}/thin`, secret: EMULATOR.thinWebhookSecret };
  const emulator = await startTestEmulator({
    clientId: EMULATOR.clientId,
    secretKey: EMULATOR.secretKey,
    redirectUris: ["http://localhost:3000/api/stripe/connect/callback"],
    [kind]: [destination],
    ...options,
  });
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
  return {
    emulator,
    stop: async () => {
      await emulator.stop();
      await server.close();
    },
  };
}

/**
 * Runs `work` while the database refuses to write rows of `table` that match `condition` (SQL on
 * NEW): a real database failure of that one kind of write, with everything else working.
 */
export async function whileRefusing<T>(
  table: "ActivityItem" | "WebhookEvent",
  condition: string,
  work: () => Promise<T>,
): Promise<T> {
  await db().$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_for_test() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused: % on %', TG_OP, TG_TABLE_NAME; END $$`);
  await db().$executeRawUnsafe(`CREATE TRIGGER refuse_for_test BEFORE INSERT OR UPDATE ON "${table}"
    FOR EACH ROW WHEN (${condition}) EXECUTE FUNCTION refuse_for_test()`);
  try {
    return await work();
  } finally {
    await db().$executeRawUnsafe(`DROP TRIGGER refuse_for_test ON "${table}"`);
  }
}
