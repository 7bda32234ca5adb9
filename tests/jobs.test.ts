/**
 * The background jobs (lib/jobs/) on the real database, worked in this process as in the app:
 * a webhook event that fails is retried by the job with backoff and applied once it can be; one
 * that keeps failing is dead-lettered, and an admin's retry revives it; a mail is sent by its job,
 * retried while the SMTP server is down; pruning deletes only what has expired.
 */
import { createServer } from "node:net";
import type Stripe from "stripe";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { deadLetteredWebhookEvents, retryWebhookEventsAsAdmin } from "@/lib/admin/webhook-retry";
import { createEmailToken } from "@/lib/data/email-tokens";
import { createAttempt } from "@/lib/data/oauth-states";
import { createSession } from "@/lib/data/sessions";
import { db } from "@/lib/db";
import { pruneExpired } from "@/lib/jobs/prune";
import { sweepWebhookRetries } from "@/lib/jobs/webhook-retry";
import { queueMail } from "@/lib/mail/send";
import { processEvents } from "@/lib/stripe/webhooks/process";
import { startMailCatcher } from "@/scripts/mail-catcher";
import {
  adminUser,
  connectedSeller,
  pollFor,
  uniqueEmail,
  verifiedSeller,
  whileRefusing,
} from "./helpers";
import { chargeSucceededEvent, stripeId } from "./stripe-events";

afterEach(() => {
  for (const name of [
    "WEBHOOK_RETRY_DELAY_SECONDS",
    "WEBHOOK_RETRY_LIMIT",
    "MAIL_RETRY_DELAY_SECONDS",
  ]) {
    vi.stubEnv(name, "");
  }
  vi.stubEnv("SMTP_URL", inject("smtpUrl"));
});

function retryQuickly(limit: number) {
  vi.stubEnv("WEBHOOK_RETRY_DELAY_SECONDS", "1");
  vi.stubEnv("WEBHOOK_RETRY_LIMIT", String(limit));
}

const storedEvent = (id: string) => db().webhookEvent.findUnique({ where: { id } });

/** The event's retry job as pg-boss holds it (keyed by the event id). */
async function retryJob(eventId: string) {
  const rows = await db().$queryRaw<
    { state: string; retryCount: number; waitSeconds: number | null }[]
  >`SELECT state::text AS state, retry_count AS "retryCount",
      EXTRACT(EPOCH FROM start_after - started_on)::float8 AS "waitSeconds"
    FROM pgboss.job WHERE name = 'webhook-retry' AND singleton_key = ${eventId}`;
  return rows[0];
}

/** The event's retry jobs: all of them (finished ones stay an hour), or the unfinished ones. */
async function retryJobs(eventId: string, unfinished = false): Promise<number> {
  const rows = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job
    WHERE name = 'webhook-retry' AND singleton_key = ${eventId}
      AND (NOT ${unfinished} OR state < 'completed')`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * Runs the sweep (its schedule is pg-boss's; other tests' events may be due too) and answers
 * whether it queued a job for `eventId`.
 */
async function sweepQueues(eventId: string): Promise<boolean> {
  const before = await retryJobs(eventId);
  await sweepWebhookRetries();
  return (await retryJobs(eventId)) > before;
}

/** A charge.succeeded whose activity item the database refuses while `work` runs. */
function refusingCharge<T>(event: Stripe.Event, work: () => Promise<T>): Promise<T> {
  return whileRefusing("ActivityItem", `NEW."eventId" = '${event.id}'`, work);
}

const received = (events: Stripe.Event[]) =>
  events.map((event) => ({ event, body: JSON.stringify(event) }));

describe("webhook retry job", () => {
  it("retries a failed event with a doubling delay and applies it once it can be", async () => {
    retryQuickly(5);
    const { account } = await connectedSeller();
    const charge = chargeSucceededEvent(account, { amount: 4200 });

    const waits = await refusingCharge(charge, async () => {
      expect(await processEvents(received([charge]))).toEqual(["failed"]);
      expect(await sweepQueues(charge.id)).toBe(true);
      // Failed on its first run and its first retry: each time it waits before the next run,
      // at least 1 s, then at least 2 s (pg-boss's backoff: delay × 2^retry, with jitter).
      const waits: number[] = [];
      await pollFor("two failed runs", async () => {
        const job = await retryJob(charge.id);
        if (job?.state === "retry" && job.waitSeconds !== null) {
          waits[job.retryCount] = job.waitSeconds;
        }
        return waits[1] === undefined ? undefined : true;
      });
      // While it waits, the sweep queues no second job for it.
      await sweepWebhookRetries();
      expect(await retryJobs(charge.id, true)).toBe(1);
      return waits;
    });

    expect(waits[0]).toBeGreaterThanOrEqual(1);
    expect(waits[1]).toBeGreaterThanOrEqual(2);
    await pollFor("the event applied", async () =>
      (await storedEvent(charge.id))?.status === "PROCESSED" ? true : undefined,
    );
    expect(await storedEvent(charge.id)).toMatchObject({ status: "PROCESSED", lastError: null });
    // Stored failing, two failed retries, then applied.
    expect((await storedEvent(charge.id))?.attempts).toBeGreaterThanOrEqual(4);
    expect(await db().activityItem.count({ where: { eventId: charge.id } })).toBe(1);
    expect(await sweepQueues(charge.id)).toBe(false);
  });

  it("dead-letters an event still failing after its last retry; an admin's retry revives it", async () => {
    retryQuickly(1);
    const { account } = await connectedSeller();
    const charge = chargeSucceededEvent(account, { amount: 990 });
    const admin = await adminUser();

    await refusingCharge(charge, async () => {
      await processEvents(received([charge]));
      expect(await sweepQueues(charge.id)).toBe(true);
      await pollFor("the event dead-lettered", async () =>
        (await storedEvent(charge.id))?.status === "DEAD_LETTERED" ? true : undefined,
      );
      // Dead-lettered: the sweep leaves it alone.
      expect(await sweepQueues(charge.id)).toBe(false);
    });

    const stored = await storedEvent(charge.id);
    expect(stored?.lastError).toMatch(/refused/);
    expect(stored?.attempts).toBe(3);
    const listed = await deadLetteredWebhookEvents(admin);
    expect(listed.events.map((e) => e.id)).toContain(charge.id);
    expect(listed.count).toBeGreaterThanOrEqual(1);
    expect(await db().activityItem.count({ where: { eventId: charge.id } })).toBe(0);

    expect(await retryWebhookEventsAsAdmin(admin, [charge.id])).toEqual([
      { eventId: charge.id, status: "PROCESSED" },
    ]);
    expect(await db().activityItem.count({ where: { eventId: charge.id } })).toBe(1);
    expect(
      await db().auditEvent.findFirst({
        where: { actorId: admin.id, action: "RETRY_EVENT" },
        select: { outcome: true, stripeAccountId: true },
      }),
    ).toEqual({ outcome: "SUCCESS", stripeAccountId: account });
    await expect(retryWebhookEventsAsAdmin(await verifiedSeller(), [charge.id])).rejects.toThrow();
  });
});

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("mail job", () => {
  it("sends a queued mail, retrying while the SMTP server is down", async () => {
    vi.stubEnv("MAIL_RETRY_DELAY_SECONDS", "1");
    const port = await freePort();
    vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${String(port)}`);
    const to = uniqueEmail("mailjob");

    await queueMail({ to, subject: "Queued", text: "Sent by a job." });
    await pollFor("a failed attempt", async () => {
      const rows = await db().$queryRaw<{ state: string }[]>`SELECT state::text AS state
        FROM pgboss.job WHERE name = 'mail' AND data->>'to' = ${to}`;
      return rows[0]?.state === "retry" ? true : undefined;
    });

    const catcher = await startMailCatcher({ smtpPort: port, httpPort: 0 });
    try {
      const [mail] = await pollFor("the mail", () =>
        Promise.resolve(catcher.messages.length > 0 ? catcher.messages : undefined),
      );
      expect(mail).toMatchObject({ to: [to], subject: "Queued", text: "Sent by a job.\n" });
      expect(catcher.messages).toHaveLength(1);
    } finally {
      await catcher.stop();
    }
  });
});

describe("pruning", () => {
  it("deletes what has expired, in batches, and nothing else", async () => {
    const now = new Date();
    const longAgo = new Date(now.getTime() - 40 * 24 * 60 * 60 * 1000);
    const seller = await verifiedSeller();
    // Sessions: one past its maximum age, one live.
    await createSession(seller.id, longAgo);
    await createSession(seller.id, now);
    // Emailed links: one expired, one usable.
    await createEmailToken({
      purpose: "VERIFY_EMAIL",
      email: seller.email,
      userId: seller.id,
      now: longAgo,
    });
    await createEmailToken({
      purpose: "VERIFY_EMAIL",
      email: seller.email,
      userId: seller.id,
      now,
    });
    // Connect attempts: expired, expired but settling with Stripe (kept), live.
    const attempt = (expiresAt: Date) => ({
      tokenHash: stripeId("hash_"),
      userId: seller.id,
      livemode: false,
      expiresAt,
    });
    await db().oAuthState.createMany({
      data: [attempt(longAgo), { ...attempt(longAgo), exchangeTimedOutAt: longAgo }],
    });
    await createAttempt(attempt(new Date(now.getTime() + 600_000)), now);
    // Rate-limit rows: a window that ended, one still open.
    const key = stripeId("prune-");
    await db().rateLimit.createMany({
      data: [
        { key: `${key}-old`, points: 3, expire: BigInt(now.getTime() - 1000) },
        { key: `${key}-open`, points: 3, expire: BigInt(now.getTime() + 60_000) },
      ],
    });
    // Webhook events: IGNORED past the 30-day retention, IGNORED recent, FAILED old (kept).
    const event = (status: "IGNORED" | "FAILED", receivedAt: Date) => ({
      id: stripeId("evt_"),
      type: "customer.created",
      account: null,
      livemode: false,
      created: receivedAt,
      payload: {},
      status,
      receivedAt,
    });
    const events = [event("IGNORED", longAgo), event("IGNORED", now), event("FAILED", longAgo)];
    await db().webhookEvent.createMany({ data: events });

    const pruned = await pruneExpired(now, 1);

    expect(pruned.sessions).toBeGreaterThanOrEqual(1);
    expect(await db().session.count({ where: { userId: seller.id } })).toBe(1);
    expect(await db().emailToken.count({ where: { userId: seller.id } })).toBe(1);
    expect(
      await db().oAuthState.findMany({
        where: { userId: seller.id },
        select: { exchangeTimedOutAt: true, expiresAt: true },
      }),
    ).toHaveLength(2);
    expect(
      await db().oAuthState.count({ where: { userId: seller.id, expiresAt: { gt: now } } }),
    ).toBe(1);
    expect(
      (await db().rateLimit.findMany({ where: { key: { startsWith: key } } })).map((r) => r.key),
    ).toEqual([`${key}-open`]);
    const left = await db().webhookEvent.findMany({
      where: { id: { in: events.map((e) => e.id) } },
      select: { id: true },
    });
    expect(left.map((e) => e.id).sort()).toEqual([events[1]?.id, events[2]?.id].sort());
    expect(pruned.ignoredWebhookEvents).toBeGreaterThanOrEqual(1);
  });
});
