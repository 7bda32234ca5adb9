import { Badge } from "@/components/ui/badge";
import type { ReadinessState } from "@/lib/stripe/readiness";

/** Each readiness state's words and tone, for sellers and admins alike. */
export const READINESS = {
  READY: { tone: "success", label: "Ready" },
  ACTION_NEEDED: { tone: "warning", label: "Action needed" },
  RESTRICTED: { tone: "danger", label: "Restricted" },
  IN_REVIEW: { tone: "info", label: "In review" },
  UPCOMING: { tone: "info", label: "Upcoming requirements" },
} as const satisfies Record<ReadinessState, { tone: string; label: string }>;

export function ReadinessBadge({ state }: { state: ReadinessState }) {
  return <Badge tone={READINESS[state].tone}>{READINESS[state].label}</Badge>;
}
