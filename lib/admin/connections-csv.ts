import "server-only";
import { assertAdmin } from "@/lib/auth/roles";
import { csvLine } from "@/lib/admin/csv";
import { toSearchParams, type ConnectionFilters } from "@/lib/admin/connection-query";
import { recordAudit } from "@/lib/data/audit";
import { iterateConnections, type ConnectionRow } from "@/lib/data/connection-list";
import type { PublicUser } from "@/lib/data/users";

const COLUMNS: readonly [
  string,
  (row: ConnectionRow) => string | number | boolean | Date | null,
][] = [
  ["connection_id", (r) => r.id],
  ["seller_name", (r) => r.sellerName],
  ["seller_email", (r) => r.sellerEmail],
  ["business_name", (r) => r.businessName],
  ["stripe_account_id", (r) => r.stripeAccountId],
  ["status", (r) => r.status.toLowerCase()],
  ["mode", (r) => (r.livemode ? "live" : "test")],
  ["source", (r) => r.source.toLowerCase()],
  ["charges_enabled", (r) => r.chargesEnabled],
  ["payouts_enabled", (r) => r.payoutsEnabled],
  ["requirements_due", (r) => r.requirementsDue],
  ["readiness", (r) => r.readiness.toLowerCase()],
  ["next_deadline", (r) => r.nextDeadline],
  ["connected_at", (r) => r.connectedAt],
  ["disconnected_at", (r) => r.disconnectedAt],
  ["last_event_at", (r) => r.lastEventAt],
];

/**
 * The filtered list as CSV, in the list's order, streamed: one keyset batch of rows is read from
 * the database each time the client is ready for more, so memory stays flat whatever the size.
 */
export function connectionsCsvStream(
  filters: ConnectionFilters,
  now: Date = new Date(),
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = iterateConnections(filters, 1000, now);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(COLUMNS.map(([name]) => name))));
    },
    async pull(controller) {
      const batch = await batches.next();
      if (batch.done) {
        controller.close();
        return;
      }
      const lines = batch.value.map((row) => csvLine(COLUMNS.map(([, read]) => read(row))));
      controller.enqueue(encoder.encode(lines.join("")));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

/**
 * An admin exports the filtered list: audited (EXPORT, the admin as actor, the filters), since it
 * hands out every matching seller's details; then the CSV stream (connectionsCsvStream).
 */
export async function exportConnectionsCsv(
  admin: PublicUser,
  filters: ConnectionFilters,
): Promise<ReadableStream<Uint8Array>> {
  assertAdmin(admin);
  await recordAudit({
    action: "EXPORT",
    outcome: "SUCCESS",
    actorId: admin.id,
    detail: `Exported the accounts list as CSV (${toSearchParams(filters) || "no filters"})`,
  });
  return connectionsCsvStream(filters);
}
