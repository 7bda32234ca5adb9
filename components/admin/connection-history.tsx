import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";
import { AUDIT_ACTION_LABELS } from "@/components/admin/audit-labels";
import type { AuditEvent, User } from "@/lib/generated/prisma/client";
import { formatDateTime } from "@/lib/format";

const ACTIONS = AUDIT_ACTION_LABELS;

/** Who acted: a user (and whether they are the seller or an admin), or Stripe itself. */
function Actor({
  actorId,
  sellerId,
  actors,
}: {
  actorId: string | null;
  sellerId: string;
  actors: Map<string, Pick<User, "name" | "email" | "role">>;
}) {
  if (actorId === null) return <>Stripe</>;
  const actor = actors.get(actorId);
  if (!actor) return <>A deleted user</>;
  return (
    <>
      {actor.name ?? actor.email}{" "}
      {actorId === sellerId ? (
        <Badge>Seller</Badge>
      ) : actor.role === "ADMIN" ? (
        <Badge tone="info">Admin</Badge>
      ) : null}
    </>
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
  actors: Map<string, Pick<User, "name" | "email" | "role">>;
}) {
  return (
    <Table
      caption="History"
      headers={["When", "What", "Who", "Why / details"]}
      stacked={{ primary: "What" }}
      empty="Nothing recorded for this connection."
      rows={events.map((event) => ({
        key: event.id,
        cells: [
          <span key="when" className="whitespace-nowrap">
            {formatDateTime(event.createdAt)}
          </span>,
          <span key="what" className="whitespace-nowrap">
            {ACTIONS[event.action]}{" "}
            {event.outcome === "FAILURE" ? <Badge tone="danger">Failed</Badge> : null}
          </span>,
          <Actor key="who" actorId={event.actorId} sellerId={sellerId} actors={actors} />,
          event.detail ?? "—",
        ],
      }))}
    />
  );
}
