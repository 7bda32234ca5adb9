/**
 * Webhook delivery to the platform's Connect endpoints, the way Stripe does it: a POST of the event
 * as JSON, signed with the endpoint's secret (`Stripe-Signature: t=…,v1=…`, t from the fake clock),
 * retried with exponential backoff on a non-2xx answer, an error or a timeout, each retry signed
 * afresh. Switches deliver every event twice or hold a batch back and release it in reverse order.
 */
import { createHmac } from "node:crypto";
import { type ClientRequest, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type Stripe from "stripe";
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
  /** The second copy sent by the duplicates switch. */
  duplicate: boolean;
  state: "held" | "pending" | "succeeded" | "failed";
  attempts: DeliveryAttempt[];
}

export interface Switches {
  duplicates: boolean;
  out_of_order: boolean;
}

interface Job {
  delivery: Delivery;
  event: Stripe.Event;
  endpoint: WebhookEndpoint;
}

/** How long the out-of-order switch holds a batch back unless a flush releases it sooner. */
const HOLD_MS = 1_000;

export function signPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

export class WebhookDispatcher {
  switches: Switches = { duplicates: false, out_of_order: false };
  deliveries: Delivery[] = [];
  private held: Job[] = [];
  private holdTimer: NodeJS.Timeout | undefined;
  /** Bumped by stop(): an attempt that finishes after it belongs to the past and is dropped. */
  private generation = 0;
  private readonly queues = new Map<string, Job[]>();
  private readonly busy = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<ClientRequest>();
  private waiters: (() => void)[] = [];

  constructor(
    private readonly config: EmulatorConfig,
    private readonly now: () => number,
  ) {}

  enqueue(event: Stripe.Event): void {
    for (const endpoint of this.config.webhookEndpoints) {
      for (const duplicate of this.switches.duplicates ? [false, true] : [false]) {
        const job: Job = {
          event,
          endpoint,
          delivery: {
            id: newId("whdel_"),
            event_id: event.id,
            event_type: event.type,
            account: event.account ?? null,
            endpoint: endpoint.url,
            duplicate,
            state: this.switches.out_of_order ? "held" : "pending",
            attempts: [],
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
    this.switches = { duplicates: false, out_of_order: false };
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
    this.busy.clear();
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
    const queue = this.queues.get(job.endpoint.url) ?? [];
    queue.push(job);
    this.queues.set(job.endpoint.url, queue);
    this.pump(job.endpoint.url);
  }

  /** One delivery at a time per endpoint, so arrival order is the queue order. */
  private pump(url: string): void {
    if (this.busy.has(url)) return;
    const job = this.queues.get(url)?.shift();
    if (job === undefined) {
      this.checkSettled();
      return;
    }
    this.busy.add(url);
    const generation = this.generation;
    void this.attempt(job).finally(() => {
      if (generation !== this.generation) return;
      this.busy.delete(url);
      this.pump(url);
    });
  }

  private async attempt(job: Job): Promise<void> {
    const { delivery, event, endpoint } = job;
    const generation = this.generation;
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
      if (!delivery.duplicate) event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
    } else if (attempt < this.config.webhookMaxAttempts) {
      this.later(this.config.webhookRetryBaseMs * 2 ** (attempt - 1), () => {
        this.push(job);
      });
    } else {
      delivery.state = "failed";
    }
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
      this.busy.size === 0 &&
      this.timers.size === 0 &&
      [...this.queues.values()].every((queue) => queue.length === 0);
    if (!idle) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
