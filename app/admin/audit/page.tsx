import type { Metadata } from "next";
import Link from "next/link";
import { AuditFiltersForm } from "@/components/admin/audit-filters-form";
import { AuditLogTable, AuditPagination } from "@/components/admin/audit-log-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buttonStyles } from "@/components/ui/styles";
import { hasAuditFilters, parseAuditQuery } from "@/lib/admin/audit-query";
import { requireAdmin } from "@/lib/auth/session";
import { getAuditPage } from "@/lib/data/audit-log";
import { getUserNames } from "@/lib/data/users";

export const metadata: Metadata = { title: "Audit log" };

export default async function AdminAuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/audit");
  const { filters, position } = parseAuditQuery(await searchParams);
  const page = await getAuditPage(filters, position);
  const users = await getUserNames(
    page.rows.flatMap((e) => [e.actorId, e.subjectUserId]).filter((id) => id !== null),
  );
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Everything recorded, newest first: who did what to whom (connections, force-disconnects, blocks, exports, refreshes, retries, invitations…), and why."
      />
      <AuditFiltersForm filters={filters} />
      {page.rows.length === 0 ? (
        hasAuditFilters(filters) ? (
          <Card
            title="No entries match"
            description="Nothing recorded matches these filters. Try fewer filters, another email, or a wider range of days."
          >
            <Link href="/admin/audit" className={buttonStyles.secondary}>
              Clear filters
            </Link>
          </Card>
        ) : (
          <Card title="Nothing recorded yet" />
        )
      ) : (
        <section aria-labelledby="audit-heading">
          <h2 id="audit-heading" className="sr-only">
            Entries
          </h2>
          <div className="rounded-xl border border-slate-200 bg-white px-4 py-2 shadow-sm">
            <AuditLogTable entries={page.rows} users={users} />
          </div>
          <AuditPagination filters={filters} previous={page.previous} next={page.next} />
        </section>
      )}
    </>
  );
}
