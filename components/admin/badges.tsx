import { Badge } from "@/components/ui/badge";
import type { ConnectionStatus, WebhookEventStatus } from "@/lib/generated/prisma/client";

const STATUS = {
  CONNECTED: { tone: "success", label: "Connected" },
  DISCONNECTED: { tone: "neutral", label: "Disconnected" },
  REVOKED: { tone: "danger", label: "Revoked" },
} as const;

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

/** A connection stored as active to which Stripe just refused access (not recorded yet). */
export function AccessLostBadge() {
  return <Badge tone="danger">Access revoked at Stripe</Badge>;
}

export function ModeBadge({ livemode }: { livemode: boolean }) {
  return <Badge tone={livemode ? "info" : "neutral"}>{livemode ? "Live" : "Test"}</Badge>;
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return <Badge tone={enabled ? "success" : "warning"}>{enabled ? "Yes" : "No"}</Badge>;
}

const EVENT_STATUS = {
  PENDING: { tone: "warning", label: "Pending" },
  PROCESSED: { tone: "success", label: "Processed" },
  FAILED: { tone: "danger", label: "Failed" },
  IGNORED: { tone: "neutral", label: "Ignored" },
  DEAD_LETTERED: { tone: "danger", label: "Dead-lettered" },
} as const;

export function EventStatusBadge({ status }: { status: WebhookEventStatus }) {
  return <Badge tone={EVENT_STATUS[status].tone}>{EVENT_STATUS[status].label}</Badge>;
}
