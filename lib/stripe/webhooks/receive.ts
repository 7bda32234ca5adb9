import "server-only";
import { env } from "@/lib/env";
import { currentRequest, noteStripeAccount, requestContexts } from "@/lib/http/request-context";
import { processEvents, type Outcome, type ReceivedEvent } from "@/lib/stripe/webhooks/process";

interface Waiting {
  received: ReceivedEvent;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/** Deliveries stored and applied together, at most. */
const MAX_BATCH = 64;

/**
 * Batches being written at once, at most: WEBHOOK_WRITERS, and never more than the pool's
 * connections. A writer starts when a delivery arrives while every running one is busy, so their
 * number follows the queue: one when deliveries come one at a time, more as they overlap, each
 * then taking all that waits. With one, a delivery that arrives while a batch is written waits
 * for that batch's round trip and commit before its own starts. Concurrent batches are safe as
 * two app servers' are: each statement locks its connections in one order, and a duplicate
 * waits for the first to commit.
 */
function maxWriters(): number {
  const config = env();
  return Math.min(config.WEBHOOK_WRITERS, config.DATABASE_POOL_MAX);
}

let queue: Waiting[] = [];
let writers = 0;

/**
 * Stores and applies one verified event and resolves with its outcome once that is committed
 * (rejects with WebhookStorageError when it could not be stored).
 *
 * Group commit: while every writer is busy, the deliveries that arrive meanwhile wait and go
 * together in the next batch: one transaction (and one disk flush) for many events under load, no
 * added wait when idle. Each delivery is still answered only after its own event is durable.
 */
export function receiveEvent(received: ReceivedEvent): Promise<Outcome> {
  noteStripeAccount(received.event.account);
  const requestId = currentRequest()?.id;
  return new Promise((resolve, reject) => {
    queue.push({ received: requestId ? { ...received, requestId } : received, resolve, reject });
    // A writer serves every request's deliveries: it runs outside this one's context, and the
    // lines about an event carry the id of the request that brought it.
    if (writers < maxWriters()) requestContexts().exit(() => void writeBatches());
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
