/**
 * Webhook delivery to the platform's Connect endpoints, the way Stripe does it: a POST of the event
 * as JSON, signed with the endpoint's secret (`Stripe-Signature: t=…,v1=…`, t from the fake clock),
 * retried on a non-2xx answer, an error or a timeout on Stripe's schedule (RETRY_SCHEDULE), each
 * retry signed afresh. Up to `concurrency` deliveries per endpoint are in flight at once, so they
 * overlap and may arrive out of order, as Stripe's do. Switches deliver every event twice, hold a
 * batch back and release it in reverse order, or delay each attempt by a random jitter.
 */
import { createHmac, randomInt } from "node:crypto";
import { type ClientRequest, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { EmulatorConfig, WebhookEndpoint } from "./config";
import { newId } from "./ids";

export interface DeliveryAttempt {
  attempt: number;
  /** The signature timestamp (fake clock, Unix seconds). */
  signed_at: number;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  account: string | null;
  endpoint: string;
  /** The event's mode, which picks the retry schedule. */
  livemode: boolean;
  /** The second copy sent by the duplicates switch. */
  duplicate: boolean;
  state: "held" | "pending" | "succeeded" | "failed";
  attempts: DeliveryAttempt[];
  /** When the next retry is due on Stripe's schedule (fake clock, Unix seconds); null: none. */
  next_attempt_at: number | null;
}

export interface Switches {
  duplicates: boolean;
  out_of_order: boolean;
  /** Deliveries in flight at once per endpoint. */
  concurrency: number;
  /** Each attempt waits a random 0…jitter_ms first, so overlapping deliveries arrive shuffled. */
  jitter_ms: number;
}

/**
 * Stripe's retry schedule, in Stripe's seconds after each failed attempt. Stripe documents "for up
 * to three days with an exponential back off" in live mode and "three times over a few hours" in
 * test mode (sandboxes), without the intervals (docs.stripe.com/webhooks#automatic-retries).
 * These are the emulator's: test mode doubles from 30 minutes (the last retry 3.5 hours after the
 * first attempt); live mode doubles from 5 minutes, at most a day apart, the last retry 66.6 hours
 * after the first attempt (a further one would pass 72).
 */
export const RETRY_SCHEDULE = {
  test: [1_800, 3_600, 7_200],
  live: [300, 600, 1_200, 2_400, 4_800, 9_600, 19_200, 38_400, 76_800, 86_400],
} as const;

/**
 * The Stripe seconds before retry `retry` (1 for the first) of an event of that mode, or null when
 * the delivery gives up instead: after Stripe's number of attempts unless `maxAttempts` says
 * otherwise (beyond the schedule, the last interval repeats).
 */
export function retryDelay(livemode: boolean, retry: number, maxAttempts?: number): number | null {
  const schedule = RETRY_SCHEDULE[livemode ? "live" : "test"];
  if (retry >= (maxAttempts ?? schedule.length + 1)) return null;
  return schedule[Math.min(retry, schedule.length) - 1] ?? null;
}

/** The Stripe seconds that `webhookRetryBaseMs` real milliseconds stand for (see config.ts). */
const COMPRESSED_SECONDS = RETRY_SCHEDULE.test[0];

/**
 * What a dispatcher sends: a v1 Event to the Connect webhook endpoints, or a v2 thin event
 * notification to the event destinations (src/v2-events.ts). Either is POSTed as it is.
 */
export interface Deliverable {
  id: string;
  type: string;
  livemode: boolean;
  /** The connected account (a v1 event's `account`). */
  account?: string | null;
  /** The connected account (a thin notification's `context`). */
  context?: string;
  /** A v1 event's count of endpoints yet to answer 2xx (a thin notification has none). */
  pending_webhooks?: number;
}

interface Job {
  delivery: Delivery;
  event: Deliverable;
  endpoint: WebhookEndpoint;
}

/** How long the out-of-order switch holds a batch back unless a flush releases it sooner. */
const HOLD_MS = 1_000;

export function signPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

export class WebhookDispatcher {
  switches: Switches;
  deliveries: Delivery[] = [];
  private held: Job[] = [];
  private holdTimer: NodeJS.Timeout | undefined;
  /** Bumped by stop(): an attempt that finishes after it belongs to the past and is dropped. */
  private generation = 0;
  private readonly queues = new Map<string, Job[]>();
  /** Attempts in flight per endpoint URL (absent: none). */
  private readonly inFlight = new Map<string, number>();
  /** Failed deliveries waiting for their retry, with the timer that sends it. */
  private readonly retries = new Map<Job, NodeJS.Timeout>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<ClientRequest>();
  private waiters: (() => void)[] = [];

  constructor(
    private readonly config: EmulatorConfig,
    private readonly now: () => number,
    /** Where events go: the Connect webhook endpoints unless told otherwise (event destinations). */
    private readonly endpoints: readonly WebhookEndpoint[] = config.webhookEndpoints,
  ) {
    this.switches = this.defaultSwitches();
  }

  private defaultSwitches(): Switches {
    return {
      duplicates: false,
      out_of_order: false,
      concurrency: this.config.webhookConcurrency,
      jitter_ms: 0,
    };
  }

  enqueue(event: Deliverable): void {
    for (const endpoint of this.endpoints) {
      for (const duplicate of this.switches.duplicates ? [false, true] : [false]) {
        const job: Job = {
          event,
          endpoint,
          delivery: {
            id: newId("whdel_"),
            event_id: event.id,
            event_type: event.type,
            account: event.account ?? event.context ?? null,
            endpoint: endpoint.url,
            livemode: event.livemode,
            duplicate,
            state: this.switches.out_of_order ? "held" : "pending",
            attempts: [],
            next_attempt_at: null,
          },
        };
        this.deliveries.push(job.delivery);
        if (this.switches.out_of_order) this.hold(job);
        else this.push(job);
      }
    }
  }

  setSwitches(changes: Partial<Switches>): void {
    this.switches = { ...this.switches, ...changes };
    if (!this.switches.out_of_order) this.release();
    for (const url of this.queues.keys()) this.pump(url);
  }

  /**
   * The fake clock moved: each retry now due on Stripe's schedule goes at once, so advancing the
   * clock by hours plays the schedule out without waiting for the compressed timers.
   */
  clockMoved(): void {
    const now = this.now();
    for (const [job, timer] of this.retries) {
      if ((job.delivery.next_attempt_at ?? Infinity) > now) continue;
      clearTimeout(timer);
      this.timers.delete(timer);
      this.retries.delete(job);
      this.push(job);
    }
  }

  /** Releases held events, then resolves once every queue is empty and no retry is waiting. */
  flush(): Promise<void> {
    this.release();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.checkSettled();
    });
  }

  /** Drops queued work and history, turns the switches off. */
  reset(): void {
    this.stop();
    this.deliveries = [];
    this.switches = this.defaultSwitches();
  }

  /** Cancels timers and requests in flight; pending flushes resolve. */
  stop(): void {
    this.generation++;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const req of this.requests) req.destroy();
    this.requests.clear();
    this.held = [];
    this.queues.clear();
    this.inFlight.clear();
    this.retries.clear();
    this.checkSettled();
  }

  private hold(job: Job): void {
    this.held.push(job);
    this.holdTimer ??= this.later(HOLD_MS, () => {
      this.release();
    });
  }

  /** The held batch goes out newest first. */
  private release(): void {
    if (this.holdTimer !== undefined) {
      clearTimeout(this.holdTimer);
      this.timers.delete(this.holdTimer);
      this.holdTimer = undefined;
    }
    const batch = this.held.reverse();
    this.held = [];
    for (const job of batch) {
      job.delivery.state = "pending";
      this.push(job);
    }
  }

  private later(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
      this.checkSettled();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private push(job: Job): void {
    job.delivery.next_attempt_at = null;
    const queue = this.queues.get(job.endpoint.url) ?? [];
    queue.push(job);
    this.queues.set(job.endpoint.url, queue);
    this.pump(job.endpoint.url);
  }

  /**
   * Starts queued deliveries while fewer than `concurrency` are in flight to the endpoint: with 1,
   * arrival order is the queue order; with more, deliveries overlap and may overtake each other.
   */
  private pump(url: string): void {
    for (;;) {
      const running = this.inFlight.get(url) ?? 0;
      if (running >= this.switches.concurrency) return;
      const job = this.queues.get(url)?.shift();
      if (job === undefined) {
        this.checkSettled();
        return;
      }
      this.inFlight.set(url, running + 1);
      const generation = this.generation;
      void this.attempt(job).finally(() => {
        if (generation !== this.generation) return;
        const left = (this.inFlight.get(url) ?? 1) - 1;
        if (left > 0) this.inFlight.set(url, left);
        else this.inFlight.delete(url);
        this.pump(url);
      });
    }
  }

  /** Waits `ms` on a timer that stop() cancels (the promise then never settles). */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async attempt(job: Job): Promise<void> {
    const { delivery, event, endpoint } = job;
    const generation = this.generation;
    if (this.switches.jitter_ms > 0) await this.pause(randomInt(this.switches.jitter_ms + 1));
    const payload = JSON.stringify(event, null, 2);
    const signedAt = this.now();
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await this.post(
        endpoint.url,
        payload,
        signPayload(payload, endpoint.secret, signedAt),
      );
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    if (generation !== this.generation) return;
    const attempt = delivery.attempts.length + 1;
    delivery.attempts.push({
      attempt,
      signed_at: signedAt,
      status,
      error,
      duration_ms: Math.round(performance.now() - started),
    });
    const ok = status !== null && status >= 200 && status < 300;
    this.config.log(
      `webhook ${event.type} ${event.id} -> ${endpoint.url} attempt ${attempt}: ${status ?? error ?? ""}`,
    );
    if (ok) {
      delivery.state = "succeeded";
      if (!delivery.duplicate && event.pending_webhooks !== undefined) {
        event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      }
    } else {
      this.scheduleRetry(job, attempt);
    }
  }

  /**
   * Schedules the retry after `attempt` failed attempts on Stripe's schedule: due at the fake
   * clock's now + the interval, sent when the clock gets there (clockMoved) or after the interval
   * compressed to real time (webhookRetryBaseMs per 30 Stripe minutes), whichever comes first.
   */
  private scheduleRetry(job: Job, attempt: number): void {
    const { delivery } = job;
    const delay = retryDelay(delivery.livemode, attempt, this.config.webhookMaxAttempts);
    if (delay === null) {
      delivery.state = "failed";
      return;
    }
    delivery.next_attempt_at = this.now() + delay;
    const timer = this.later((this.config.webhookRetryBaseMs * delay) / COMPRESSED_SECONDS, () => {
      this.retries.delete(job);
      this.push(job);
    });
    this.retries.set(job, timer);
  }

  private post(url: string, payload: string, signature: string): Promise<number> {
    const target = new URL(url);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const timeoutMs = this.config.webhookTimeoutMs;
    return new Promise((resolve, reject) => {
      const req = send(
        target,
        {
          method: "POST",
          agent: false,
          headers: {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Length": Buffer.byteLength(payload),
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Cache-Control": "no-cache",
            Accept: "*/*; q=0.5, application/xml",
            "Stripe-Signature": signature,
          },
        },
        (res) => {
          clearTimeout(timer);
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      const timer = setTimeout(
        () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.requests.add(req);
      req.on("close", () => {
        clearTimeout(timer);
        this.requests.delete(req);
      });
      req.on("error", reject);
      req.end(payload);
    });
  }

  private checkSettled(): void {
    const idle =
      this.held.length === 0 &&
      this.inFlight.size === 0 &&
      this.timers.size === 0 &&
      [...this.queues.values()].every((queue) => queue.length === 0);
    if (!idle) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
