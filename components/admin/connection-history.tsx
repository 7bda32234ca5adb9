import { AUDIT_ACTION_LABELS } from "@/components/admin/audit-labels";
import { Badge } from "@/components/ui/badge";
import { ShortDate } from "@/components/ui/short-date";
import { Table } from "@/components/ui/table";
import type { AuditEvent, User } from "@/lib/generated/prisma/client";
import { splitAuditDetail } from "@/lib/ui/audit-detail";
import { auditOutcomeWord } from "@/lib/ui/status-words";

export type AuditUsers = Map<string, Pick<User, "name" | "email" | "role">>;

/** Who acted: a user (and whether they are the seller or an admin), or Stripe itself. */
export function AuditActor({
  actorId,
  sellerId,
  users,
}: {
  actorId: string | null;
  sellerId: string | null;
  users: AuditUsers;
}) {
  if (actorId === null) return <>Stripe</>;
  const actor = users.get(actorId);
  if (!actor) return <>A deleted user</>;
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <span>{actor.name ?? actor.email}</span>
      {actorId === sellerId ? (
        <Badge>Seller</Badge>
      ) : actor.role === "ADMIN" ? (
        <Badge tone="info">Admin</Badge>
      ) : null}
    </span>
  );
}

/** What was done, and a red "Failed" when it did not succeed. */
export function AuditWhat({ event }: { event: Pick<AuditEvent, "action" | "outcome"> }) {
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <span className="whitespace-nowrap">{AUDIT_ACTION_LABELS[event.action]}</span>
      {event.outcome === "FAILURE" ? <Badge word={auditOutcomeWord(event.outcome)} /> : null}
    </span>
  );
}

/**
 * Why, or the details, in words; error classes and request ids (lib/ui/audit-detail.ts) behind a
 * disclosure, for admins who look them up in Stripe's logs.
 */
export function AuditDetail({ detail }: { detail: string | null }) {
  const { text, technical } = splitAuditDetail(detail);
  if (!text && technical.length === 0) return <>—</>;
  return (
    <div className="min-w-40">
      {text ? <p>{text}</p> : null}
      {technical.length ? (
        <details className="mt-1 text-xs text-slate-600">
          <summary className="cursor-pointer text-brand-700">Technical details</summary>
          <ul className="mt-1 font-mono">
            {technical.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** A connection's history, newest first: what happened, when, who did it, and why. */
export function ConnectionHistory({
  events,
  sellerId,
  actors,
}: {
  events: AuditEvent[];
  sellerId: string;
  actors: AuditUsers;
}) {
  const now = new Date();
  return (
    <Table
      caption="History"
      headers={["When", "What", "Who", "Why / details"]}
      stacked={{ primary: "What" }}
      empty="Nothing recorded for this connection."
      rows={events.map((event) => ({
        key: event.id,
        cells: [
          <ShortDate key="when" value={event.createdAt} time now={now} />,
          <AuditWhat key="what" event={event} />,
          <AuditActor key="who" actorId={event.actorId} sellerId={sellerId} users={actors} />,
          <AuditDetail key="why" detail={event.detail} />,
        ],
      }))}
    />
  );
}
