/**
 * The log, as the app writes it to standard output (captured here): no secret ever reaches it,
 * whatever a call passes (fields named like secrets, or secrets inside a message), and a client's
 * mistake (a made-up session cookie, an unsigned webhook) is one warning line, not a stack trace.
 * Every request gets one line (lib/http/request-log.ts, on a node:http server serving the app's
 * route handlers, as Next.js's does), with its id, which every line written for it carries.
 */
import type { RunningEmulator } from "stripe-connect-emulator";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
  type MockInstance,
} from "vitest";
import { GET as connectCallback } from "@/app/api/stripe/connect/callback/route";
import { GET as live } from "@/app/api/health/live/route";
import { POST as webhook } from "@/app/api/stripe/webhooks/route";
import { logEveryRequest } from "@/lib/http/request-log";
import { log } from "@/lib/log";
import { startConnect } from "@/lib/stripe/connect";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import {
  callAuth,
  connectedSeller,
  signInWithPassword,
  startAppServer,
  startEmulatorWithWebhooks,
  verifiedSeller,
  whileRefusing,
} from "./helpers";
import { chargeSucceededEvent, signed } from "./stripe-events";

let written: string[];
let stdout: MockInstance;
let stderr: MockInstance;

beforeEach(() => {
  // As the app runs (the launcher sets it from APP_URL); without it next-auth warns once.
  vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
  written = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  stdout = vi.spyOn(process.stdout, "write").mockImplementation(capture);
  stderr = vi.spyOn(process.stderr, "write").mockImplementation(capture);
});
afterEach(() => {
  stdout.mockRestore();
  stderr.mockRestore();
});

/** What was written, one parsed JSON object a line (every line must be one). */
function lines(): Record<string, unknown>[] {
  return written
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const SECRETS = [
  "sk_test_51AbCdEfGhIjKlMn",
  // A fake live key, assembled so that secret scanners do not take it for a leaked one (as in
  // tests/connect.test.ts).
  ["sk", "live", "51AbCdEfGhIjKlMn"].join("_"),
  "rk_test_51AbCdEfGhIjKlMn",
  "whsec_AbCdEf0123456789",
  "ac_AbCdEf0123456789",
  "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..ZmFrZQ.c2Vzc2lvbg.dGFn",
  "a-seller-password-1234",
  "state-value-9f8e7d6c5b4a",
];

describe("the log", () => {
  it("redacts fields named like secrets and masks secrets inside messages", () => {
    log().warn(
      {
        password: SECRETS[6],
        stripe: { secretKey: SECRETS[0], apiKey: SECRETS[2] },
        request: { headers: { cookie: `next-auth.session-token=${SECRETS[5]}` } },
        oauth: { code: SECRETS[4], state: SECRETS[7] },
        reason: `Stripe said: invalid key ${SECRETS[1]} (webhook secret ${SECRETS[3]})`,
      },
      `callback /api/stripe/connect/callback?code=${SECRETS[4]}&state=${SECRETS[7]} with ${SECRETS[0]}`,
    );
    log().error({ err: new Error(`signing with ${SECRETS[3]} failed`) }, "an error");
    const text = written.join("");
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const [warning, error] = lines();
    expect(warning).toMatchObject({
      level: 40,
      service: "seller-connect",
      password: "[redacted]",
      stripe: { secretKey: "[redacted]", apiKey: "[redacted]" },
      oauth: { code: "[redacted]", state: "[redacted]" },
      msg: "callback /api/stripe/connect/callback?code=[redacted]&state=[redacted] with [redacted]",
    });
    expect(error).toMatchObject({ level: 50, err: { message: "signing with [redacted] failed" } });
  });

  it("writes a made-up session cookie as one warning line, no stack trace", async () => {
    const response = await callAuth(["session"], {
      headers: { Cookie: `next-auth.session-token=${SECRETS[5]}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const logged = lines();
    expect(logged, written.join("")).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 40, nextAuth: "JWT_SESSION_ERROR" });
    expect(written.join("")).not.toMatch(/\n\s+at |stack|eyJ/);
  });

  it("writes an unsigned webhook as one warning line, no stack trace and no signature", async () => {
    const response = await webhook(
      new Request("http://localhost/api/stripe/webhooks", {
        method: "POST",
        headers: { "Stripe-Signature": `t=1,v1=${"ab".repeat(32)}` },
        body: JSON.stringify({ id: "evt_1", type: "account.updated" }),
      }),
    );
    expect(response.status).toBe(400);
    const logged = lines();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 40, msg: "webhook refused" });
    expect(written.join("")).not.toMatch(/\n\s+at |stack|ab{0}abababababababab/);
  });
});

describe("one line per request", () => {
  let app: Awaited<ReturnType<typeof startAppServer>>;
  let emulator: RunningEmulator;
  let stopEmulator: () => Promise<void>;
  let stopLogging: () => void;

  beforeAll(async () => {
    stopLogging = logEveryRequest();
    ({ emulator, stop: stopEmulator } = await startEmulatorWithWebhooks(webhook));
    app = await startAppServer({
      "/api/stripe/webhooks": webhook,
      "/api/stripe/connect/callback": connectCallback,
      "/api/health/live": live,
    });
  });
  afterAll(async () => {
    await app.close();
    await stopEmulator();
    stopLogging();
  });

  /** The line of the request answered with X-Request-Id `id` (written once the answer is done). */
  async function requestLine(id: string): Promise<Record<string, unknown>> {
    return vi.waitFor(() => {
      const found = lines().filter((line) => line.msg === "request" && line.requestId === id);
      expect(found).toHaveLength(1);
      return found[0] ?? {};
    });
  }

  function unsignedWebhook(headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${app.url}/api/stripe/webhooks?attempt=1`, {
      method: "POST",
      headers: { "Stripe-Signature": `t=1,v1=${"ab".repeat(32)}`, ...headers },
      body: JSON.stringify({ id: "evt_1", type: "account.updated" }),
    });
  }

  it("takes the caller's X-Request-Id, answers with it, and puts it on every line of the request", async () => {
    const response = await unsignedWebhook({ "X-Request-Id": "abc-123" });
    expect(response.status).toBe(400);
    expect(response.headers.get("X-Request-Id")).toBe("abc-123");
    expect(await requestLine("abc-123")).toMatchObject({
      level: 30,
      method: "POST",
      path: "/api/stripe/webhooks",
      status: 400,
      ms: expect.any(Number) as number,
    });
    // The endpoint's own warning about it carries the id too.
    expect(lines().find((line) => line.msg === "webhook refused")).toMatchObject({
      level: 40,
      requestId: "abc-123",
    });
  });

  it("gives a request without an X-Request-Id a fresh one, and each request its own", async () => {
    const first = await unsignedWebhook();
    const second = await unsignedWebhook();
    const ids = [first, second].map((r) => r.headers.get("X-Request-Id") ?? "");
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) expect(await requestLine(id)).toMatchObject({ status: 400 });
  });

  it.each([
    ["too long", "a".repeat(129)],
    ["with characters unsafe in a log", 'abc 123"}<script>'],
    ["with a backslash", "abc\\nforged"],
  ])("replaces an X-Request-Id %s with a fresh one", async (_, bogus) => {
    const response = await unsignedWebhook({ "X-Request-Id": bogus });
    const id = response.headers.get("X-Request-Id") ?? "";
    expect(id).not.toBe(bogus);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await requestLine(id)).toMatchObject({ status: 400 });
    expect(written.join("")).not.toContain(bogus);
  });

  it("masks a secret shaped like an X-Request-Id in the request's line, as on every line", async () => {
    const secret = SECRETS[0] ?? "";
    const response = await unsignedWebhook({ "X-Request-Id": secret });
    expect(response.headers.get("X-Request-Id")).toBe(secret);
    expect(await requestLine("[redacted]")).toMatchObject({ path: "/api/stripe/webhooks" });
    expect(written.join("")).not.toContain(secret);
  });

  it("puts the id of the request that delivered a webhook event on the line saying it failed", async () => {
    const { account } = await connectedSeller();
    const event = chargeSucceededEvent(account, { amount: 100 });
    const { body, signature } = signed(event, EMULATOR.connectWebhookSecret);
    // The database refuses the payment's activity item: applying the event fails.
    const response = await whileRefusing("ActivityItem", "true", () =>
      fetch(`${app.url}/api/stripe/webhooks`, {
        method: "POST",
        headers: { "Stripe-Signature": signature, "X-Request-Id": "delivery-1" },
        body,
      }),
    );
    expect(response.status).toBe(500);
    expect(lines().find((line) => line.msg === "webhook failed to apply")).toMatchObject({
      level: 50,
      requestId: "delivery-1",
      eventId: event.id,
    });
    expect(await requestLine("delivery-1")).toMatchObject({
      level: 50,
      status: 500,
      acct: account,
    });
  });

  it("keeps health checks out of the log at info level (they still get an id)", async () => {
    const health = await fetch(`${app.url}/api/health/live`, {
      headers: { "X-Request-Id": "hc-1" },
    });
    expect(health.status).toBe(200);
    expect(health.headers.get("X-Request-Id")).toBe("hc-1");
    // A request after it is written: the health check's line would have been by then.
    await requestLine((await unsignedWebhook()).headers.get("X-Request-Id") ?? "");
    expect(lines().filter((line) => line.requestId === "hc-1")).toEqual([]);
  });

  it("writes a signed-in seller's callback with their user id, acct_ and Stripe's Request-Ids, never its code or state", async () => {
    const seller = await verifiedSeller();
    const { cookie } = await signInWithPassword(seller.email, "a-good-password");
    const next = await startConnect(seller);
    if (!("url" in next)) throw new Error(`no authorize URL: ${JSON.stringify(next)}`);
    const state = new URL(next.url).searchParams.get("state") ?? "";
    const account = await emulator.client.seedAccount({});
    const code = await emulator.client.authorizationCode(account.email ?? "", { state });

    const response = await fetch(
      `${app.url}/api/stripe/connect/callback?code=${code}&scope=read_write&state=${state}`,
      { headers: { Cookie: cookie, "X-Request-Id": "callback-1" }, redirect: "manual" },
    );
    expect(new URL(response.headers.get("Location") ?? "").searchParams.get("connect")).toBe(
      "connected",
    );
    const line = await requestLine("callback-1");
    expect(line).toMatchObject({
      level: 30,
      method: "GET",
      path: "/api/stripe/connect/callback",
      status: response.status,
      userId: seller.id,
      acct: account.id,
    });
    // The code exchange and the account's retrieval, as Stripe (the emulator) numbered them.
    const stripeIds = line.stripeRequestIds as string[];
    expect(stripeIds.length).toBeGreaterThanOrEqual(2);
    for (const id of stripeIds) expect(id).toMatch(/^req_[A-Za-z0-9]+$/);
    const text = written.join("");
    for (const secret of [code, state, ...SECRETS]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/eyJ|next-auth\.session-token/);
  });
});
