import "server-only";
import { listActiveConnectionIds } from "@/lib/data/connections";
import { errorMessage } from "@/lib/errors";
import { log } from "@/lib/log";
import { reconcileConnections } from "@/lib/stripe/reconcile";

/**
 * The scheduled reconcile (queue `reconcile`, RECONCILE_CRON). A placeholder until the resumable,
 * paced run of branch `reconcile` replaces this module: reconcileConnections over every active
 * connection, its calls paced by lib/stripe/pacing.ts.
 */
export async function runScheduledReconcile(): Promise<void> {
  const ids = await listActiveConnectionIds();
  const counts = { updated: 0, revoked: 0, unchanged: 0, not_active: 0, failed: 0 };
  await reconcileConnections(ids, (id, result) => {
    if ("error" in result) {
      counts.failed++;
      log().warn(
        { connectionId: id, reason: errorMessage(result.error) },
        "reconcile: not checked",
      );
    } else {
      counts[result.outcome]++;
    }
  });
  log().info({ connections: ids.length, ...counts }, "scheduled reconcile done");
}
