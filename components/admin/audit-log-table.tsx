import Link from "next/link";
import {
  AuditActor,
  AuditDetail,
  AuditWhat,
  type AuditUsers,
} from "@/components/admin/connection-history";
import { ShortDate } from "@/components/ui/short-date";
import { KeysetPagination } from "@/components/ui/keyset-pagination";
import { Table } from "@/components/ui/table";
import { auditSearchParams, type AuditFilters } from "@/lib/admin/audit-query";
import type { Cursor } from "@/lib/admin/connection-query";
import type { AuditEvent } from "@/lib/generated/prisma/client";

/** Whom an entry concerned: the seller (or user), their Stripe account, and its account page. */
function Whom({ entry, users }: { entry: AuditEvent; users: AuditUsers }) {
  const subject = entry.subjectUserId ? users.get(entry.subjectUserId) : undefined;
  const name = entry.subjectUserId
    ? subject
      ? (subject.name ?? subject.email)
      : "A deleted user"
    : null;
  if (!name && !entry.stripeAccountId) return <>—</>;
  return (
    <div>
      {name ? (
        entry.connectionId ? (
          <Link
            href={`/admin/accounts/${entry.connectionId}`}
            className="font-medium text-brand-700 underline-offset-2 hover:underline"
          >
            {name}
          </Link>
        ) : (
          <span className="font-medium">{name}</span>
        )
      ) : null}
      {subject && subject.name ? (
        <div className="text-xs text-slate-600">{subject.email}</div>
      ) : null}
      {entry.stripeAccountId ? (
        <div className="font-mono text-xs text-slate-600">{entry.stripeAccountId}</div>
      ) : null}
    </div>
  );
}

/** The admin audit log: newest first, who did what to whom, when, and why. */
export function AuditLogTable({ entries, users }: { entries: AuditEvent[]; users: AuditUsers }) {
  const now = new Date();
  return (
    <Table
      caption="Audit log"
      headers={["When", "Who", "What", "Whom", "Why / details"]}
      empty=""
      rows={entries.map((entry) => ({
        key: entry.id,
        cells: [
          <ShortDate key="when" value={entry.createdAt} time now={now} />,
          <AuditActor
            key="who"
            actorId={entry.actorId}
            sellerId={entry.subjectUserId}
            users={users}
          />,
          <AuditWhat key="what" event={entry} />,
          <Whom key="whom" entry={entry} users={users} />,
          <AuditDetail key="why" detail={entry.detail} />,
        ],
      }))}
    />
  );
}

/** Newer / Older links that carry the filters and the keyset cursor in the URL. */
export function AuditPagination({
  filters,
  previous,
  next,
}: {
  filters: AuditFilters;
  previous?: Cursor;
  next?: Cursor;
}) {
  return (
    <KeysetPagination
      href={(step) => `/admin/audit?${auditSearchParams(filters, step)}`}
      previous={previous}
      next={next}
      labels={{ previous: "← Newer", next: "Older →" }}
    />
  );
}
