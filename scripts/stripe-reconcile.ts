/**
 * `npm run stripe:reconcile [-- CONNECTION_ID …]`: compares every active connection with Stripe
 * and repairs drift left by missed webhook events (revoked access, a stale account snapshot), as
 * a reconcile run (lib/stripe/reconcile-run.ts), the scheduled job's: recorded, paced below
 * Stripe's rate limit, and resumed after its cursor when the last one was cut short. With
 * connection ids, checks only those (no run is recorded). Prints what it changed; exits 1 if
 * some could not be checked, or the run stopped unfinished.
 */
import { errorMessage } from "@/lib/errors";
import { reconcileConnections, type ReconcileResult } from "@/lib/stripe/reconcile";
import { runReconcile } from "@/lib/stripe/reconcile-run";
import { runScript } from "./cli";

function printResult(id: string, result: ReconcileResult | { error: unknown }): void {
  if ("error" in result) {
    console.log(`${id} not checked: ${errorMessage(result.error)}`);
    return;
  }
  if (result.outcome === "updated" || result.outcome === "revoked") {
    const changes = result.changes.map(
      (c) => `${c.field}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`,
    );
    console.log(`${result.stripeAccountId} (${id}) ${result.outcome} ${changes.join(", ")}`);
  }
}

async function checkNamed(ids: string[]): Promise<number> {
  const counts = { updated: 0, revoked: 0, unchanged: 0, not_active: 0, failed: 0 };
  await reconcileConnections(ids, (id, result) => {
    printResult(id, result);
    if ("error" in result) counts.failed++;
    else counts[result.outcome]++;
  });
  console.log(
    `${ids.length} connection(s) checked: ${counts.updated} updated, ${counts.revoked} revoked, ${counts.unchanged} unchanged, ${counts.not_active} no longer active, ${counts.failed} not checked.`,
  );
  return counts.failed > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const named = process.argv.slice(2);
  if (named.length > 0) return checkNamed(named);

  const outcome = await runReconcile({ trigger: "manual", report: printResult });
  const { run } = outcome;
  const started = run.startedAt.toISOString();
  if (outcome.status === "held") {
    console.log(
      `Run ${run.id} (started ${started}) is under way in another process: nothing done. It has checked ${String(run.checked)} connection(s) so far.`,
    );
    return 1;
  }
  const counts = `${String(run.checked)} connection(s) checked: ${String(run.updated)} updated, ${String(run.revoked)} revoked, ${String(run.unchanged)} unchanged, ${String(run.failed)} not checked`;
  const resumed = outcome.resumed ? `, resumed (started ${started})` : "";
  if (outcome.status === "finished") {
    console.log(`Run ${run.id} finished${resumed}: ${counts}.`);
    return run.failed > 0 ? 1 : 0;
  }
  console.log(
    outcome.status === "lost"
      ? `Run ${run.id}${resumed} was taken over by another process: ${counts} so far.`
      : `Run ${run.id} stopped unfinished${resumed}: ${counts} so far. ${run.lastError ?? ""} Run again to resume it.`,
  );
  return 1;
}

runScript("stripe:reconcile", main);
