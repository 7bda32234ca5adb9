import "server-only";
import { pool } from "@/lib/db";
import { processEvents, type Outcome, type ReceivedEvent } from "@/lib/stripe/webhooks/process";

interface Waiting {
  received: ReceivedEvent;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/** Deliveries stored and applied together, at most. */
const MAX_BATCH = 64;

/**
 * Batches being written at once, at most (and never more than the pool has connections: one on
 * the embedded database). Batches written side by side are safe: they are what two app servers
 * do (lib/data/webhook-batch.ts locks in one order; a duplicate waits for the first insert).
 */
const MAX_WRITERS = 4;

let queue: Waiting[] = [];
let writers = 0;

/**
 * Stores and applies one verified event and resolves with its outcome once that is committed
 * (rejects with WebhookStorageError when it could not be stored).
 *
 * Group commit: a delivery that finds a writer free goes at once, alone (it waits for no
 * company); one that arrives while every writer is busy waits and goes with the others that
 * arrived meanwhile, in the next batch: one transaction (and one disk flush) for many events
 * under load. Each delivery is still answered only after its own event is durable.
 */
export function receiveEvent(received: ReceivedEvent): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    queue.push({ received, resolve, reject });
    if (writers < Math.min(MAX_WRITERS, pool().options.max)) void writeBatches();
  });
}

async function writeBatches(): Promise<void> {
  writers++;
  while (queue.length > 0) {
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(MAX_BATCH);
    try {
      const outcomes = await processEvents(batch.map((w) => w.received));
      batch.forEach((w, i) => {
        w.resolve(outcomes[i] ?? "failed");
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
  writers--;
}
