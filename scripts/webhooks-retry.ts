/**
 * `npm run webhooks:retry [-- evt_… …]`: applies again the stored webhook events that are still
 * waiting (FAILED, PENDING after a crash, or DEAD_LETTERED), oldest first, or the ones named. Prints each result;
 * exits 1 if any is still failing.
 */
import { listWaitingWebhookEventIds } from "@/lib/data/webhook-events";
import { errorMessage } from "@/lib/errors";
import { retryWebhookEvent } from "@/lib/stripe/webhooks/process";
import { runScript } from "./cli";

async function main(): Promise<number> {
  const named = process.argv.slice(2);
  const ids = named.length > 0 ? named : await listWaitingWebhookEventIds();
  if (ids.length === 0) {
    console.log("No webhook events are waiting to be applied.");
    return 0;
  }
  let failing = 0;
  for (const id of ids) {
    try {
      const status = await retryWebhookEvent(id);
      if (status === "FAILED" || status === "DEAD_LETTERED") failing++;
      console.log(`${id}  ${status}`);
    } catch (error) {
      failing++;
      console.log(`${id}  ERROR ${errorMessage(error)}`);
    }
  }
  console.log(`${ids.length} event(s) retried, ${failing} still failing.`);
  return failing > 0 ? 1 : 0;
}

runScript("webhooks:retry", main);
