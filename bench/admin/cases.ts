/**
 * What `npm run bench:admin` measures: each case is an /admin/accounts URL query, measured as the
 * page's data queries (rows and exact count, capped for a search) and as the rendered page. Page 1,000 and the
 * fragments taken from real rows are filled in by queries.ts, which walks the seeded data.
 */
export interface BenchCase {
  name: string;
  query: string;
}

export interface MeasuredCase extends BenchCase {
  rows: Timing;
  count: Timing;
  shown: string;
  plans: { rows: string; count: string };
  seqScan: boolean;
  /** Whether the count shown equals a plain count(*) of the matching rows (or is capped). */
  exact: boolean;
}

export interface Timing {
  p50: number;
  p95: number;
}

export interface QueryResults {
  cases: MeasuredCase[];
  /** The overview's data queries: its weekly chart, and its totals (by status, by readiness). */
  overview: { chart: Timing; totals: Timing; plan: string };
  sellers: number;
  connections: number;
}

export const FIXED_CASES: BenchCase[] = [
  { name: "first page", query: "" },
  { name: "search: business name fragment", query: "q=bakery" },
  { name: "search: broad fragment", query: "q=son" },
  { name: "filter: status connected", query: "status=connected" },
  { name: "filter: status disconnected", query: "status=disconnected" },
  { name: "filter: status revoked", query: "status=revoked" },
  { name: "filter: live mode", query: "mode=live" },
  { name: "filter: test mode", query: "mode=test" },
  { name: "filter: charges enabled", query: "charges=enabled" },
  { name: "filter: charges not enabled", query: "charges=disabled" },
  { name: "filter: requirements due", query: "requirements=due" },
  { name: "filter: no requirements due", query: "requirements=none" },
  { name: "filter: readiness ready", query: "readiness=ready" },
  { name: "filter: readiness action needed", query: "readiness=action_needed" },
  { name: "filter: readiness restricted", query: "readiness=restricted" },
  { name: "filter: readiness in review", query: "readiness=in_review" },
  { name: "filter: readiness upcoming", query: "readiness=upcoming" },
  { name: "filter: deadline within 7 days", query: "deadline=7" },
  { name: "filter: deadline within 30 days", query: "deadline=30" },
  { name: "filter: upcoming requirements", query: "upcoming=1" },
  { name: "filter: capability inactive", query: "capability=inactive" },
  { name: "sort: last event, newest", query: "sort=last_event_desc" },
  { name: "sort: last event, oldest", query: "sort=last_event_asc" },
  {
    name: "rare: revoked + test + requirements due",
    query: "status=revoked&mode=test&requirements=due",
  },
  {
    name: "rare: connected + restricted, by last event",
    query: "status=connected&readiness=restricted&sort=last_event_desc",
  },
  { name: "rare: revoked + deadline within 7 days", query: "deadline=7&status=revoked" },
  {
    name: "rare: revoked + test + capability inactive",
    query: "capability=inactive&status=revoked&mode=test",
  },
  // Exact counts of combinations (ConnectionTotal's sums; the deadline index's ranges).
  { name: "count: charges enabled + none due", query: "charges=enabled&requirements=none" },
  {
    name: "count: connected + live + ready + charges",
    query: "status=connected&mode=live&readiness=ready&charges=enabled",
  },
  { name: "count: upcoming + capability inactive", query: "upcoming=1&capability=inactive" },
  { name: "count: deadline 30 days + charges off", query: "deadline=30&charges=disabled" },
  { name: "count: deadline 7 days + live + due", query: "deadline=7&mode=live&requirements=due" },
  { name: "count: search + status connected", query: "q=bakery&status=connected" },
];

/** p50 and p95 of `samples` (milliseconds), nearest-rank. */
export function percentiles(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}
