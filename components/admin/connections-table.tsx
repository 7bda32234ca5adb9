import Link from "next/link";
import { EnabledBadge, ModeBadge, SourceBadge, StatusBadge } from "@/components/admin/badges";
import { ReadinessBadge } from "@/components/ui/readiness-badge";
import { ShortDate } from "@/components/ui/short-date";
import { KeysetPagination } from "@/components/ui/keyset-pagination";
import { Table, type TableHeader } from "@/components/ui/table";
import {
  accountsListHref,
  sortAfterClick,
  sortColumnOf,
  toSearchParams,
  type ConnectionFilters,
  type Cursor,
  type SortColumn,
} from "@/lib/admin/connection-query";
import type { ConnectionRow } from "@/lib/data/connection-list";
import { formatCount, formatDate } from "@/lib/format";

/**
 * A sortable column's header: a link to the list sorted by it (the other way round when it is the
 * current sort), keeping the filters and starting from the first page; an arrow shows the order.
 */
function sortHeader<const L extends string>(
  column: SortColumn,
  label: L,
  filters: ConnectionFilters,
): TableHeader<L> {
  const current = sortColumnOf(filters.sort);
  const active = current.column === column;
  const href = `/admin/accounts?${toSearchParams({ ...filters, sort: sortAfterClick(column, filters.sort) })}`;
  return {
    name: label,
    sort: active ? (current.ascending ? "ascending" : "descending") : undefined,
    label: (
      <Link
        href={href}
        className="inline-flex items-center gap-1 hover:text-slate-900"
        data-testid={`sort-${column}`}
      >
        {label}
        <span aria-hidden="true" className={active ? "text-slate-900" : "text-slate-400"}>
          {active ? (current.ascending ? "↑" : "↓") : "↕"}
        </span>
      </Link>
    ),
  };
}

/**
 * The accounts list's rows. Each row is one connection, and the seller's link is stretched over
 * the whole row (a click anywhere opens the account; still one link, one tab stop). A seller with
 * several connections gets "+N more" beside their name, opening the list searched by their email:
 * the rows stay in the order the list is sorted by (grouping them would break it, and the keyset
 * pages), and a seller's other connections are one click away.
 */
export function ConnectionsTable({
  rows,
  filters,
  sellerConnections,
}: {
  rows: ConnectionRow[];
  filters: ConnectionFilters;
  /** How many connections each seller of the page has (any status). */
  sellerConnections: Map<string, number>;
}) {
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
        sortHeader("connected", "Connected since", filters),
        sortHeader("last_event", "Last event", filters),
      ]}
      stacked={{ status: "Status" }}
      empty=""
      rows={rows.map((row) => {
        const others = (sellerConnections.get(row.userId) ?? 1) - 1;
        return {
          key: row.id,
          className: "relative hover:bg-slate-50",
          cells: [
            <div key="seller">
              <Link
                href={`/admin/accounts/${row.id}`}
                className="font-medium text-brand-700 underline-offset-2 after:absolute after:inset-0 hover:underline"
                data-testid="row-link"
              >
                {row.sellerName ?? row.sellerEmail}
              </Link>
              {others > 0 ? (
                <Link
                  href={accountsListHref({ q: row.sellerEmail })}
                  className="relative z-10 ml-2 text-xs font-medium whitespace-nowrap text-slate-600 underline"
                >
                  +{formatCount(others)} more
                  <span className="sr-only">
                    {" "}
                    {others === 1 ? "connection" : "connections"} of this seller
                  </span>
                </Link>
              ) : null}
              <div className="text-xs text-slate-600">{row.sellerEmail}</div>
            </div>,
            <div key="business">{row.businessName ?? "—"}</div>,
            // The door it came through under its id (a column of its own put the table past its
            // box at 1280 px): "Created" or "OAuth".
            <div key="acct" className="space-y-1">
              <div className="font-mono text-xs">{row.stripeAccountId}</div>
              <SourceBadge source={row.source} />
            </div>,
            <StatusBadge key="status" status={row.status} />,
            <ModeBadge key="mode" livemode={row.livemode} />,
            <div key="readiness">
              {row.status === "CONNECTED" ? <ReadinessBadge state={row.readiness} /> : "—"}
              {row.status === "CONNECTED" && row.nextDeadline ? (
                <div className="text-xs text-slate-600">by {formatDate(row.nextDeadline)}</div>
              ) : null}
            </div>,
            <EnabledBadge key="charges" enabled={row.chargesEnabled} />,
            <EnabledBadge key="payouts" enabled={row.payoutsEnabled} />,
            <ShortDate key="since" value={row.connectedAt} />,
            <div key="event">
              {row.lastEventAt ? <ShortDate value={row.lastEventAt} time /> : "None yet"}
            </div>,
          ],
        };
      })}
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
  return (
    <KeysetPagination
      href={(step) => `/admin/accounts?${toSearchParams(filters, step)}`}
      previous={previous}
      next={next}
    />
  );
}
