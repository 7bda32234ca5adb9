/**
 * The admin accounts list's state, as it lives in the URL (so a view can be bookmarked and shared):
 * search, filters, sort and the keyset position. Parsing never fails: a value we do not know is
 * dropped, as if it were absent. Used by the page, the CSV export and the benchmark.
 */
import { z } from "zod";
import { formatCount } from "@/lib/format";
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
  /** The door: an account the marketplace created (Accounts v2), or the seller's own by OAuth. */
  source: ["created", "oauth"],
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

/**
 * A row's place in the sort order: its sort key (null: no event yet) and id; and, in the links the
 * list makes, its index in the list (0 for the first row), from which the next page's range
 * ("51–100 of 3,193") is told without counting the rows before it.
 */
export interface Cursor {
  key: string | null;
  id: string;
  index?: number;
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

const cursorSchema = z.tuple([
  z.iso.datetime().nullable(),
  z.string().regex(/^[\w-]{1,64}$/),
  z.number().int().min(0).max(1e9).optional(),
]);

export function encodeCursor(cursor: Cursor): string {
  const parts =
    cursor.index === undefined ? [cursor.key, cursor.id] : [cursor.key, cursor.id, cursor.index];
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value || value.length > 200) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString()));
    if (!parsed.success) return undefined;
    const [key, id, index] = parsed.data;
    return index === undefined ? { key, id } : { key, id, index };
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

/** The filter values of a view, by name (each one of FILTER_VALUES's), and a search. */
export type FilterChoice = { q?: string } & { [N in FilterName]?: FilterValue<N> };

/** The list's URL filtered by `choice` (the overview's figures, a seller's other connections). */
export function accountsListHref(choice: FilterChoice = {}): string {
  const query = toSearchParams({
    ...choice,
    q: choice.q ? normaliseSearch(choice.q) : "",
    sort: "connected_desc",
  });
  return query ? `/admin/accounts?${query}` : "/admin/accounts";
}

/**
 * The columns the list sorts by (each a sort of SORTS, both ways, served by the keyset indexes of
 * lib/data/connection-list.ts). A column's first click sorts it newest first.
 */
export const SORT_COLUMNS = ["connected", "last_event"] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** Which column `sort` sorts by, and which way. */
export function sortColumnOf(sort: Sort): { column: SortColumn; ascending: boolean } {
  return {
    column: sort.startsWith("last_event") ? "last_event" : "connected",
    ascending: sort.endsWith("_asc"),
  };
}

/** The sort a click on `column`'s header asks for: the other way round if it is the current one. */
export function sortAfterClick(column: SortColumn, current: Sort): Sort {
  const now = sortColumnOf(current);
  return now.column === column && !now.ascending ? `${column}_asc` : `${column}_desc`;
}

/**
 * What the list says of its results: "1–50 of 3,193 connections" (`start`: the page's first row,
 * 0-based, when known), "2 connections" when they all fit on this page, "1,000+" for a search
 * counted up to its cap.
 */
export function describeResults(
  page: { start?: number; shown: number; hasMore: boolean },
  total: { count: number; capped: boolean },
): string {
  const count = `${formatCount(total.count)}${total.capped ? "+" : ""}`;
  const noun = total.count === 1 && !total.capped ? "connection" : "connections";
  if (page.start === undefined || page.shown === 0 || (page.start === 0 && !page.hasMore)) {
    return `${count} ${noun}`;
  }
  const last = page.start + page.shown;
  return `${formatCount(page.start + 1)}–${formatCount(last)} of ${count} ${noun}`;
}
