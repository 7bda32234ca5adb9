import type { Metadata } from "next";
import Link from "next/link";
import { ConnectionFiltersForm } from "@/components/admin/connection-filters-form";
import { ConnectionsTable, Pagination } from "@/components/admin/connections-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buttonStyles } from "@/components/ui/styles";
import {
  describeResults,
  hasFilters,
  parseConnectionQuery,
  toSearchParams,
  type ConnectionFilters,
  type Position,
} from "@/lib/admin/connection-query";
import { requireAdmin } from "@/lib/auth/session";
import {
  countConnections,
  countConnectionsOfSellers,
  getConnectionPage,
} from "@/lib/data/connection-list";

export const metadata: Metadata = { title: "Accounts" };

export default async function AdminAccountsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/accounts");
  const { filters, position, searchError } = parseConnectionQuery(await searchParams);
  return (
    <>
      <PageHeader
        title="Accounts"
        description="Every seller's Stripe connection: search, filter, and open one to act on it."
      />
      <ConnectionFiltersForm filters={filters} searchError={searchError} />
      {searchError ? null : <Results filters={filters} position={position} />}
    </>
  );
}

async function Results({ filters, position }: { filters: ConnectionFilters; position: Position }) {
  // One time for both queries, so a deadline window is the same for the rows and their count.
  const now = new Date();
  const [page, total] = await Promise.all([
    getConnectionPage(filters, position, now),
    countConnections(filters, now),
  ]);
  const sellerConnections = await countConnectionsOfSellers(page.rows.map((row) => row.userId));
  if (page.rows.length === 0) {
    return hasFilters(filters) ? (
      <Card
        title="No connections match"
        description="Nothing matches this search and these filters. Try fewer filters or another part of the name."
      >
        <Link href="/admin/accounts" className={buttonStyles.secondary}>
          Clear search and filters
        </Link>
      </Card>
    ) : (
      <Card
        title="No connections yet"
        description="When sellers connect their Stripe account from their Settings, their connections appear here."
      />
    );
  }
  return (
    <section aria-labelledby="results-heading">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2
          id="results-heading"
          className="text-sm font-medium text-slate-700"
          data-testid="result-count"
        >
          {describeResults(
            { start: page.start, shown: page.rows.length, hasMore: page.hasMore },
            total,
          )}
        </h2>
        <a
          href={`/api/admin/accounts/export?${toSearchParams(filters)}`}
          className={buttonStyles.secondary}
          download
        >
          Export CSV
        </a>
      </div>
      <div className="rounded-xl border border-slate-200 bg-white px-4 py-2 shadow-sm">
        <ConnectionsTable
          rows={page.rows}
          filters={filters}
          sellerConnections={sellerConnections}
        />
      </div>
      <Pagination filters={filters} previous={page.previous} next={page.next} />
    </section>
  );
}
