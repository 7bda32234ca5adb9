/**
 * The admin accounts list's state, as it lives in the URL (so a view can be bookmarked and shared):
 * search, filters, sort and the keyset position. Parsing never fails: a value we do not know is
 * dropped, as if it were absent. Used by the page, the CSV export and the benchmark.
 */
import { z } from "zod";
import { READINESS_STATES, type ReadinessState } from "@/lib/stripe/readiness";

export const SORTS = [
  "connected_desc",
  "connected_asc",
  "last_event_desc",
  "last_event_asc",
] as const;
export type Sort = (typeof SORTS)[number];

/** The readiness filter's values: the states (lib/stripe/readiness.ts), in the URL's lower case. */
export const READINESS_FILTERS = READINESS_STATES.map(
  (state) => state.toLowerCase() as Lowercase<ReadinessState>,
);

/**
 * Every filter of the list and the values its URL parameter may take (`?status=revoked`), in the
 * order the form offers them: the one home of these names and values, for the parser below, the
 * form, the SQL (lib/data/connection-list.ts) and the CSV export.
 */
export const FILTER_VALUES = {
  status: ["connected", "disconnected", "revoked"],
  mode: ["live", "test"],
  charges: ["enabled", "disabled"],
  requirements: ["due", "none"],
  readiness: READINESS_FILTERS,
  /**
   * The next deadline (lib/stripe/readiness.ts) falls within that many days from now, or has
   * passed already (the most urgent of all).
   */
  deadline: ["7", "30"],
  /** Future requirements (whatever the state). */
  upcoming: ["1"],
  /** Card payments or transfers known and not active. */
  capability: ["inactive"],
} as const;

export type FilterName = keyof typeof FILTER_VALUES;
export type FilterValue<N extends FilterName> = (typeof FILTER_VALUES)[N][number];
export const FILTER_NAMES = Object.keys(FILTER_VALUES) as FilterName[];

export type StatusFilter = FilterValue<"status">;
export type ReadinessFilter = FilterValue<"readiness">;
export type DeadlineFilter = FilterValue<"deadline">;

/** The status each `status=` value stands for. */
export const STATUS_FILTERS = {
  connected: "CONNECTED",
  disconnected: "DISCONNECTED",
  revoked: "REVOKED",
} as const satisfies Record<StatusFilter, string>;

export type ConnectionFilters = {
  /** The search, normalised; "" for none. */
  q: string;
  sort: Sort;
} & { [N in FilterName]?: FilterValue<N> };

/** A row's place in the sort order: its sort key (null: no event yet) and id. */
export interface Cursor {
  key: string | null;
  id: string;
}

export type Position = { after: Cursor } | { before: Cursor } | Record<string, never>;

export interface ConnectionQuery {
  filters: ConnectionFilters;
  position: Position;
  /** Why the search (kept as typed in filters.q) cannot run, or undefined: nothing to query. */
  searchError?: string;
}

export const SEARCH_MAX_LENGTH = 100;
export const SEARCH_TOO_SHORT =
  "Type at least 3 letters or digits in a row to search (part of a name, an email, a business name or an acct_ id).";

const cursorSchema = z.tuple([z.iso.datetime().nullable(), z.string().regex(/^[\w-]{1,64}$/)]);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString("base64url");
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value || value.length > 200) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString()));
    return parsed.success ? { key: parsed.data[0], id: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
}

/** Whitespace and control characters become single spaces; trimmed; at most 100 characters. */
export function normaliseSearch(value: string): string {
  return value
    .normalize("NFC")
    .replace(/[\s\p{Cc}]+/gu, " ")
    .trim()
    .slice(0, SEARCH_MAX_LENGTH);
}

/**
 * A substring search is answered from a trigram index, which needs three letters or digits in a
 * row: shorter fragments ("ab", "a.b") would make PostgreSQL read every row.
 */
export function isSearchable(q: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(q);
}

type Params = Record<string, string | string[] | undefined>;

function first(params: Params, name: string): string | undefined {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((v) => v === value);
}

/** The list's state from a page's searchParams (or a URL's, via Object.fromEntries). */
export function parseConnectionQuery(params: Params): ConnectionQuery {
  const q = normaliseSearch(first(params, "q") ?? "");
  const filters: ConnectionFilters = {
    q,
    // Each filter's value, if it is one FILTER_VALUES lists for it (the cast: TypeScript cannot
    // follow a name through Object.fromEntries).
    ...(Object.fromEntries(
      FILTER_NAMES.map((name) => [name, oneOf<string>(FILTER_VALUES[name], first(params, name))]),
    ) as Partial<ConnectionFilters>),
    sort: oneOf(SORTS, first(params, "sort")) ?? "connected_desc",
  };
  const after = decodeCursor(first(params, "after"));
  const before = decodeCursor(first(params, "before"));
  const position: Position = after ? { after } : before ? { before } : {};
  if (q !== "" && !isSearchable(q)) return { filters, position: {}, searchError: SEARCH_TOO_SHORT };
  return { filters, position };
}

/** The URL query of a view: the filters that are set (defaults left out), plus `position`. */
export function toSearchParams(filters: ConnectionFilters, position: Position = {}): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (filters.sort !== "connected_desc") params.set("sort", filters.sort);
  if ("after" in position) params.set("after", encodeCursor(position.after));
  if ("before" in position) params.set("before", encodeCursor(position.before));
  return params.toString();
}

export function hasFilters(filters: ConnectionFilters): boolean {
  return Boolean(filters.q || FILTER_NAMES.some((name) => filters[name]));
}
