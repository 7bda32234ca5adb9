/**
 * A database that stops answering (a frozen server, a network black hole) under the production
 * build: webhook deliveries answer 503 and admin pages show the error page, each within the app's
 * database timeouts (lib/env.ts: 5 s to get a connection, 10 s for a statement), and both work
 * again soon after the database does, without a restart (issue 11, finding 3).
 *
 * The spec starts its own instance of the build, on a database of its own (an embedded PGlite in
 * this process) reached through a TCP proxy it controls, so that freezing it holds up no other spec.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { childEnv, testEnv } from "@/lib/env";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import { startDatabaseProxy, type DatabaseProxy } from "@/tests/database-proxy";
import { connectEvent, signed, stripeId } from "@/tests/stripe-events";
import { signUp, uniqueEmail } from "./fixtures";
import { expect, test } from "./test";

/** As long as issue 11's experiment froze PostgreSQL. */
const FREEZE_MS = 30_000;
const ADMIN = uniqueEmail("frozen-admin");

let database: EmbeddedPostgres | undefined;
let proxy: DatabaseProxy | undefined;
let app: { url: string; child: ChildProcess; log: string[] } | undefined;

/** A port nothing listens on now (the OS's choice). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm start` (scripts/serve.ts) of the build playwright.config.ts made, on `databaseUrl`. */
async function startApp(databaseUrl: string): Promise<NonNullable<typeof app>> {
  const config = testEnv();
  const port = await freePort();
  const url = `http://localhost:${String(port)}`;
  const emulator = `http://127.0.0.1:${String(config.E2E_STRIPE_EMULATOR_PORT)}`;
  const child = spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/serve.ts", "start"], {
    env: childEnv({
      PORT: String(port),
      APP_URL: url,
      DATABASE_URL: databaseUrl,
      // PGlite serves one session; the database timeouts stay the app's defaults.
      DATABASE_POOL_MAX: "1",
      SMTP_URL: `smtp://127.0.0.1:${String(config.E2E_MAIL_PORT)}`,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      ADMIN_EMAILS: ADMIN,
      RATE_LIMIT_ADDRESS_FACTOR: "20",
      STRIPE_SECRET_KEY: EMULATOR.secretKey,
      STRIPE_CONNECT_CLIENT_ID: EMULATOR.clientId,
      STRIPE_API_BASE: emulator,
      STRIPE_CONNECT_BASE: emulator,
      STRIPE_CONNECT_WEBHOOK_SECRET: EMULATOR.connectWebhookSecret,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stdout.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`the app exited:\n${log.join("")}`);
        return fetch(`${url}/sign-in`).then(
          (response) => response.status,
          () => 0,
        );
      },
      { message: "the app instance answers", timeout: 120_000, intervals: [500] },
    )
    .toBe(200);
  return { url, child, log };
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await startEmbeddedPostgres({ port: 0 });
  proxy = await startDatabaseProxy(database.url);
  app = await startApp(proxy.url);
});

test.afterAll(async () => {
  if (app && app.child.exitCode === null) {
    const exited = new Promise((resolve) => app?.child.once("exit", resolve));
    app.child.kill("SIGTERM");
    await exited;
  }
  await proxy?.close();
  await database?.stop();
});

/** Delivers `body` to the instance's webhook endpoint, signed as Stripe signs it. */
async function deliver(request: APIRequestContext, url: string, event: object) {
  const { body, signature } = signed(JSON.stringify(event), EMULATOR.connectWebhookSecret);
  const response = await request.post(`${url}/api/stripe/webhooks`, {
    data: body,
    headers: { "content-type": "application/json", "stripe-signature": signature },
    timeout: 120_000,
  });
  return { status: response.status(), body: (await response.json()) as object };
}

async function expectErrorPage(page: Page, path: string): Promise<void> {
  await page.goto(path, { timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Something went wrong", level: 1 })).toBeVisible();
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

test("with the database frozen for 30 s, webhooks answer 503 and admin pages their error page; both recover without a restart", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  if (!app || !proxy) throw new Error("the app instance did not start");
  const { url } = app;
  const context = await browser.newContext({ baseURL: url });
  const overview = await context.newPage();
  await signUp(overview, ADMIN, "Frozen Admin", true);
  await overview.goto("/admin");
  await expect(overview.getByRole("heading", { name: "Platform overview" })).toBeVisible();
  const accounts = await context.newPage();
  await accounts.goto("/admin/accounts");
  await expect(accounts.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
  const event = connectEvent("customer.created", stripeId("acct_"), {
    id: stripeId("cus_"),
    object: "customer",
  });
  expect(await deliver(request, url, { ...event, id: stripeId("evt_") })).toEqual({
    status: 200,
    body: { outcome: "ignored" },
  });

  const frozenAt = Date.now();
  proxy.freeze();
  const times: string[] = [];
  try {
    // Together: one of them finds the pool's connection (and waits for its statement), the
    // others wait for the pool. Then again, on the new connection the pool then has to open.
    for (const round of [1, 2]) {
      const started = Date.now();
      await Promise.all([
        deliver(request, url, event).then((delivery) => {
          expect(delivery).toEqual({ status: 503, body: { error: "Not stored, retry later" } });
          times.push(`round ${String(round)}: webhook 503 after ${seconds(started)}`);
        }),
        expectErrorPage(overview, "/admin").then(() => {
          times.push(`round ${String(round)}: /admin error page after ${seconds(started)}`);
        }),
        expectErrorPage(accounts, "/admin/accounts").then(() => {
          times.push(
            `round ${String(round)}: /admin/accounts error page after ${seconds(started)}`,
          );
        }),
      ]);
    }
    // Frozen as long as the experiment, or longer if the answers took longer: an answer
    // that waited for the database would only come after it returned, and fail above.
    await new Promise((resolve) => setTimeout(resolve, FREEZE_MS - (Date.now() - frozenAt)));
  } finally {
    proxy.thaw();
  }
  times.push(`thawed after ${seconds(frozenAt)} frozen`);

  const thawedAt = Date.now();
  await expect(async () => {
    const delivery = await deliver(request, url, event);
    expect(delivery.status).toBe(200);
  }).toPass({ timeout: 60_000 });
  times.push(`webhook 2xx ${seconds(thawedAt)} after the thaw`);
  await expect(async () => {
    await overview.goto("/admin");
    await expect(overview.getByRole("heading", { name: "Platform overview" })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
  await accounts.goto("/admin/accounts");
  await expect(accounts.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
  times.push(`admin pages ${seconds(thawedAt)} after the thaw`);
  console.log(`[frozen database] ${times.join("; ")}`);
  await context.close();
});
