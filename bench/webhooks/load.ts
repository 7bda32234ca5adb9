/**
 * The load generator: POSTs deliveries to a webhook endpoint from `concurrency` connections kept
 * alive, each signed as Stripe signs it at the moment it is sent, and measures every answer.
 * A delivery answered with anything but 2xx is delivered again afterwards, as Stripe would.
 */
import { Agent, request } from "node:http";
import Stripe from "stripe";
import type { Delivery } from "./workload";

export interface LoadResult {
  sent: number;
  seconds: number;
  /** Milliseconds each delivery took, in the order they finished. */
  latencies: number[];
  /** Deliveries answered non-2xx (or not at all) on the first try, by status. */
  errors: Map<string, number>;
  /** Those still not accepted after the redeliveries. */
  undelivered: number;
}

function post(agent: Agent, url: URL, body: string, secret: string): Promise<number> {
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": Buffer.byteLength(body),
          "Stripe-Signature": signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The p-th percentile of `values` (sorted in place). */
export function percentile(values: number[], p: number): number {
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;
}

export async function sendLoad(
  url: URL,
  deliveries: Delivery[],
  secret: string,
  concurrency: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const failed: Delivery[] = [];
  let next = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    for (let delivery = deliveries[next++]; delivery; delivery = deliveries[next++]) {
      const sent = performance.now();
      let outcome: string;
      try {
        const status = await post(agent, url, delivery.body, secret);
        outcome = status >= 200 && status < 300 ? "ok" : String(status);
      } catch (error) {
        outcome = error instanceof Error ? error.message : "error";
      }
      latencies.push(performance.now() - sent);
      if (outcome !== "ok") {
        errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
        failed.push(delivery);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;

  let undelivered = failed;
  for (let attempt = 0; attempt < 5 && undelivered.length > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    const still: Delivery[] = [];
    for (const delivery of undelivered) {
      const status = await post(agent, url, delivery.body, secret).catch(() => 0);
      if (status < 200 || status >= 300) still.push(delivery);
    }
    undelivered = still;
  }
  agent.destroy();
  return { sent: deliveries.length, seconds, latencies, errors, undelivered: undelivered.length };
}
