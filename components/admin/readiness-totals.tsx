import Link from "next/link";
import { READINESS } from "@/components/ui/readiness-badge";
import { accountsListHref } from "@/lib/admin/connection-query";
import { formatCount } from "@/lib/format";
import { READINESS_STATES, type ReadinessState } from "@/lib/stripe/readiness";

/** The accounts list of the connected accounts in `state`. */
function listHref(state: ReadinessState): string {
  return accountsListHref({
    status: "connected",
    readiness: state.toLowerCase() as Lowercase<ReadinessState>,
  });
}

/** Connected accounts per readiness state, each number opening the list of those accounts. */
export function ReadinessTotals({ totals }: { totals: Record<ReadinessState, number> }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {READINESS_STATES.map((state) => (
        <li key={state}>
          <Link
            href={listHref(state)}
            className="block rounded-lg border border-slate-200 p-3 hover:border-brand-600 hover:bg-brand-50"
            data-testid={`readiness-total-${state.toLowerCase()}`}
          >
            <span className="block text-2xl font-semibold text-slate-900">
              {formatCount(totals[state])}
            </span>
            <span className="text-sm text-slate-600">{READINESS[state].label}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
