/**
 * `npm run stripe:reconcile [-- CONNECTION_ID …]`: compares every active connection (or the ones
 * named) with Stripe and repairs drift left by missed webhook events: revoked access, a stale
 * account snapshot. Prints what it changed; exits 1 if Stripe could not be asked about some.
 */
import { listActiveConnectionIds } from "@/lib/data/connections";
import { errorMessage } from "@/lib/errors";
import { reconcileConnections } from "@/lib/stripe/reconcile";
import { runScript } from "./cli";

async function main(): Promise<number> {
  const named = process.argv.slice(2);
  const ids = named.length > 0 ? named : await listActiveConnectionIds();
  const counts = { updated: 0, revoked: 0, unchanged: 0, not_active: 0, failed: 0 };
  // A few at once; their calls to Stripe are paced below its rate limit (lib/stripe/pacing.ts).
  await reconcileConnections(ids, (id, result) => {
    if ("error" in result) {
      counts.failed++;
      console.log(`${id} not checked: ${errorMessage(result.error)}`);
      return;
    }
    counts[result.outcome]++;
    const changes = result.changes.map(
      (c) => `${c.field}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`,
    );
    if (result.outcome === "updated" || result.outcome === "revoked") {
      console.log(`${result.stripeAccountId} (${id}) ${result.outcome} ${changes.join(", ")}`);
    }
  });
  console.log(
    `${ids.length} connection(s) checked: ${counts.updated} updated, ${counts.revoked} revoked, ${counts.unchanged} unchanged, ${counts.not_active} no longer active, ${counts.failed} not checked.`,
  );
  return counts.failed > 0 ? 1 : 0;
}

runScript("stripe:reconcile", main);
