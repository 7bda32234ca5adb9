/**
 * GET /api/metrics: refused without the right bearer token (404 while METRICS_TOKEN is unset), and
 * its figures move as the app works: calls to Stripe (the emulator, over HTTP, through the app's
 * own client) by endpoint and outcome, rate-limit refusals by rule, and the job queues' figures.
 */
import type { RunningEmulator } from "stripe-connect-emulator";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { POST as webhook } from "@/app/api/stripe/webhooks/route";
import { takeAttempt } from "@/lib/auth/rate-limit";
import { stopJobs } from "@/lib/jobs/boss";
import { startJobRunner } from "@/lib/jobs/run";
import { queueMail } from "@/lib/mail/send";
import { stripe } from "@/lib/stripe/client";
import { EMULATOR } from "@/lib/stripe/emulator-defaults";
import { connectedSeller, pollFor, startTestEmulator, uniqueEmail } from "./helpers";
import { accountUpdatedEvent, signed } from "./stripe-events";

const TOKEN = "a-metrics-token-of-32-characters";
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  vi.stubEnv("STRIPE_EMULATOR_PORT", String(emulator.port));
  vi.stubEnv("METRICS_TOKEN", TOKEN);
});
afterAll(async () => {
  await emulator.stop();
});

function scrape(authorization?: string) {
  return GET(
    new Request("http://localhost/api/metrics", {
      headers: authorization ? { Authorization: authorization } : {},
    }),
  );
}

/** The value of one series (`name{labels}`) in the exposition text, 0 when absent. */
async function value(series: string): Promise<number> {
  const text = await (await scrape(`Bearer ${TOKEN}`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /api/metrics", () => {
  it("is refused without the token, with a wrong one, and is not there when no token is set", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
    const refused = await scrape("Bearer wrong");
    expect(refused.headers.get("WWW-Authenticate")).toBe('Bearer realm="metrics"');
    expect(await refused.text()).not.toContain("seller_connect_");
    vi.stubEnv("METRICS_TOKEN", "");
    try {
      expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    } finally {
      vi.stubEnv("METRICS_TOKEN", TOKEN);
    }
  });

  it("answers in Prometheus' format with the right token", async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/plain");
    expect(await response.text()).toContain("# TYPE seller_connect_stripe_requests_total counter");
  });

  it("counts calls to Stripe by endpoint and outcome, ids taken out", async () => {
    const account = await emulator.client.seedAccount({
      email: "metrics@stripe.test",
      connected: true,
    });
    const ok =
      'seller_connect_stripe_requests_total{method="GET",endpoint="/v1/accounts/:id",outcome="ok"}';
    const missing =
      'seller_connect_stripe_requests_total{method="GET",endpoint="/v1/accounts/:id",outcome="client_error"}';
    const [okBefore, missingBefore] = [await value(ok), await value(missing)];
    await stripe().accounts.retrieve(account.id);
    await stripe().accounts.retrieve(account.id);
    await expect(stripe().accounts.retrieve("acct_1NoSuchAccount")).rejects.toThrow();
    expect(await value(ok)).toBe(okBefore + 2);
    expect(await value(missing)).toBe(missingBefore + 1);
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(text).not.toContain(account.id);
  });

  it("counts webhook deliveries by type and outcome, and times them", async () => {
    const seller = await connectedSeller();
    const event = accountUpdatedEvent(seller.account, { businessName: "Metered Shop" });
    const deliver = (signature: string, body: string) =>
      webhook(
        new Request("http://localhost/api/stripe/webhooks", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
          body,
        }),
      );
    const series = (outcome: string, type = "account.updated") =>
      `seller_connect_webhook_events_total{type="${type}",outcome="${outcome}"}`;
    const before = {
      processed: await value(series("processed")),
      duplicate: await value(series("duplicate")),
      refused: await value(series("refused", "unknown")),
      timed: await value("seller_connect_webhook_ingest_seconds_count"),
    };
    const { body, signature } = signed(event, EMULATOR.connectWebhookSecret);
    expect((await deliver(signature, body)).status).toBe(200);
    expect((await deliver(signature, body)).status).toBe(200);
    expect((await deliver("t=1,v1=forged", body)).status).toBe(400);
    expect(await value(series("processed"))).toBe(before.processed + 1);
    expect(await value(series("duplicate"))).toBe(before.duplicate + 1);
    expect(await value(series("refused", "unknown"))).toBe(before.refused + 1);
    expect(await value("seller_connect_webhook_ingest_seconds_count")).toBe(before.timed + 3);
  });

  it("counts rate-limit refusals by rule", async () => {
    const series = 'seller_connect_rate_limit_refusals_total{rule="sessionAction"}';
    const before = await value(series);
    const key = `metrics-${String(Date.now())}`;
    for (let i = 0; i < 10; i++)
      expect(await takeAttempt([["sessionAction", key]])).toEqual({ ok: true });
    expect((await takeAttempt([["sessionAction", key]])).ok).toBe(false);
    expect(await value(series)).toBe(before + 1);
  });

  it("shows each queue's depth, the age of its oldest waiting job, and its failures", async () => {
    const depth = 'seller_connect_job_queue_depth{queue="mail"}';
    const oldest = 'seller_connect_job_oldest_waiting_seconds{queue="mail"}';
    const failedRuns = 'seller_connect_job_runs_total{queue="mail",outcome="failed"}';
    const failedJobs = 'seller_connect_job_failed{queue="mail"}';
    const until = (what: string, check: () => Promise<boolean>) =>
      pollFor(what, async () => ((await check()) ? true : undefined));
    const before = { depth: await value(depth), runs: await value(failedRuns) };
    // No worker here for a while (as with JOBS=off and the worker down): the job waits.
    await stopJobs();
    vi.stubEnv("SMTP_URL", "smtp://127.0.0.1:9");
    vi.stubEnv("MAIL_RETRY_LIMIT", "0");
    try {
      await startJobRunner({ work: false });
      await queueMail({ to: uniqueEmail("metrics"), subject: "Waits", text: "…" });
      await until("the job waiting", async () => (await value(depth)) === before.depth + 1);
      await until("it ageing", async () => (await value(oldest)) > 0.5);
      // A worker again: it runs, the SMTP server refuses, no retry is left.
      await stopJobs();
      await startJobRunner({ schedules: false });
      await until("the run failed", async () => (await value(failedRuns)) === before.runs + 1);
      await until("the queue drained", async () => (await value(depth)) === before.depth);
      expect(await value(failedJobs)).toBeGreaterThanOrEqual(1);
    } finally {
      vi.stubEnv("SMTP_URL", inject("smtpUrl"));
      vi.stubEnv("MAIL_RETRY_LIMIT", "");
      await stopJobs();
      await startJobRunner({ schedules: false });
    }
  });
});
