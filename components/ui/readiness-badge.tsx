import { Badge } from "@/components/ui/badge";
import type { ReadinessState } from "@/lib/stripe/readiness";
import { READINESS_WORDS, readinessWord } from "@/lib/ui/status-words";

/** Each readiness state's words and tone (lib/ui/status-words.ts), for sellers and admins alike. */
export const READINESS = READINESS_WORDS;

export function ReadinessBadge({ state }: { state: ReadinessState }) {
  return <Badge word={readinessWord(state)} />;
}
