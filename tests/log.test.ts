/**
 * The log, as the app writes it to standard output (captured here): no secret ever reaches it,
 * whatever a call passes (fields named like secrets, or secrets inside a message), and a client's
 * mistake (a made-up session cookie, an unsigned webhook) is one warning line, not a stack trace.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { POST as webhook } from "@/app/api/stripe/webhooks/route";
import { log } from "@/lib/log";
import { callAuth } from "./helpers";

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
