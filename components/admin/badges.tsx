import { Badge } from "@/components/ui/badge";
import type {
  ConnectionSource,
  ConnectionStatus,
  WebhookEventStatus,
} from "@/lib/generated/prisma/client";
import {
  ACCESS_LOST,
  connectionStatusWord,
  enabledWord,
  modeWord,
  sourceWord,
  webhookEventStatusWord,
} from "@/lib/ui/status-words";

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  return <Badge word={connectionStatusWord(status)} />;
}

/** A connection stored as active to which Stripe just refused access (not recorded yet). */
export function AccessLostBadge() {
  return <Badge word={ACCESS_LOST} />;
}

export function ModeBadge({ livemode }: { livemode: boolean }) {
  return <Badge word={modeWord(livemode)} />;
}

/** The door a connection came through: created by the marketplace, or OAuth. */
export function SourceBadge({ source }: { source: ConnectionSource }) {
  return <Badge word={sourceWord(source)} />;
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return <Badge word={enabledWord(enabled)} />;
}

export function EventStatusBadge({ status }: { status: WebhookEventStatus }) {
  return <Badge word={webhookEventStatusWord(status)} />;
}
