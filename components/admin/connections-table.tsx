import Link from "next/link";
import { EnabledBadge, ModeBadge, StatusBadge } from "@/components/admin/badges";
import { ReadinessBadge } from "@/components/ui/readiness-badge";
import { buttonStyles } from "@/components/ui/styles";
import { Table } from "@/components/ui/table";
import { toSearchParams, type ConnectionFilters, type Cursor } from "@/lib/admin/connection-query";
import type { ConnectionRow } from "@/lib/data/connection-list";
import { formatDate, formatDateTime } from "@/lib/format";

export function ConnectionsTable({ rows }: { rows: ConnectionRow[] }) {
  return (
    <Table
      caption="Stripe connections"
      headers={[
        "Seller",
        "Business",
        "Stripe account",
        "Status",
        "Mode",
        "Readiness",
        "Charges",
        "Payouts",
        "Connected since",
        "Last event",
      ]}
      stacked={{ status: "Status" }}
      empty=""
      rows={rows.map((row) => ({
        key: row.id,
        cells: [
          <div key="seller">
            <Link
              href={`/admin/accounts/${row.id}`}
              className="font-medium text-brand-700 underline-offset-2 hover:underline"
            >
              {row.sellerName ?? row.sellerEmail}
            </Link>
            <div className="text-xs text-slate-600">{row.sellerEmail}</div>
          </div>,
          <div key="business" className="min-w-32">
            {row.businessName ?? "—"}
          </div>,
          <span key="acct" className="font-mono text-xs">
            {row.stripeAccountId}
          </span>,
          <StatusBadge key="status" status={row.status} />,
          <ModeBadge key="mode" livemode={row.livemode} />,
          <div key="readiness" className="min-w-28">
            {row.status === "CONNECTED" ? <ReadinessBadge state={row.readiness} /> : "—"}
            {row.status === "CONNECTED" && row.nextDeadline ? (
              <div className="text-xs text-slate-600">by {formatDate(row.nextDeadline)}</div>
            ) : null}
          </div>,
          <EnabledBadge key="charges" enabled={row.chargesEnabled} />,
          <EnabledBadge key="payouts" enabled={row.payoutsEnabled} />,
          <span key="since" className="whitespace-nowrap">
            {formatDate(row.connectedAt)}
          </span>,
          <div key="event" className="min-w-28">
            {row.lastEventAt ? formatDateTime(row.lastEventAt) : "None yet"}
          </div>,
        ],
      }))}
    />
  );
}

/** Previous / Next links that carry the filters and the keyset cursor in the URL. */
export function Pagination({
  filters,
  previous,
  next,
}: {
  filters: ConnectionFilters;
  previous?: Cursor;
  next?: Cursor;
}) {
  if (!previous && !next) return null;
  const href = (position: { after: Cursor } | { before: Cursor }) =>
    `/admin/accounts?${toSearchParams(filters, position)}`;
  return (
    <nav aria-label="Pagination" className="mt-4 flex justify-between gap-3">
      {previous ? (
        <Link href={href({ before: previous })} className={buttonStyles.secondary} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={href({ after: next })} className={buttonStyles.secondary} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
