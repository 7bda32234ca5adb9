import "server-only";
import { processEvents, type Outcome, type ReceivedEvent } from "@/lib/stripe/webhooks/process";

interface Waiting {
  received: ReceivedEvent;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/** Deliveries stored and applied together, at most. */
const MAX_BATCH = 64;

let queue: Waiting[] = [];
let busy = false;

/**
 * Stores and applies one verified event and resolves with its outcome once that is committed
 * (rejects with WebhookStorageError when it could not be stored).
 *
 * Group commit: while one batch is being written, the deliveries that arrive meanwhile wait and go
 * together in the next one: one transaction (and one disk flush) for many events under load, no
 * added wait when idle. Each delivery is still answered only after its own event is durable.
 */
export function receiveEvent(received: ReceivedEvent): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    queue.push({ received, resolve, reject });
    if (!busy) void writeBatches();
  });
}

async function writeBatches(): Promise<void> {
  busy = true;
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
  busy = false;
}
