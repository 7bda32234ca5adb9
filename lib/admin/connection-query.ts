/**
 * The admin accounts list's state, as it lives in the URL (so a view can be bookmarked and shared):
 * search, filters, sort and the keyset position. Parsing never fails: a value we do not know is
 * dropped, as if it were absent. Used by the page, the CSV export and the benchmark.
 */
import { z } from "zod";
import { READINESS_STATES, type ReadinessState } from "@/lib/stripe/readiness";

export const STATUS_FILTERS = {
  connected: "CONNECTED",
  disconnected: "DISCONNECTED",
  revoked: "REVOKED",
} as const;
export const SORTS = [
  "connected_desc",
  "connected_asc",
  "last_event_desc",
  "last_event_asc",
] as const;

export type StatusFilter = keyof typeof STATUS_FILTERS;

/** The readiness filter's values: the states (lib/stripe/readiness.ts), in the URL's lower case. */
export const READINESS_FILTERS = READINESS_STATES.map(
  (state) => state.toLowerCase() as Lowercase<ReadinessState>,
);
export type ReadinessFilter = Lowercase<ReadinessState>;

/**
 * `deadline=7|30`: the next deadline (lib/stripe/readiness.ts) falls within that many days from
 * now, or has passed already (the most urgent of all).
 */
export const DEADLINE_FILTERS = ["7", "30"] as const;
export type DeadlineFilter = (typeof DEADLINE_FILTERS)[number];
export type Sort = (typeof SORTS)[number];

export interface ConnectionFilters {
  /** The search, normalised; "" for none. */
  q: string;
  status?: StatusFilter;
  mode?: "live" | "test";
  charges?: "enabled" | "disabled";
  requirements?: "due" | "none";
  readiness?: ReadinessFilter;
  deadline?: DeadlineFilter;
  /** `upcoming=1`: future requirements (whatever the state). */
  upcoming?: "1";
  /** `capability=inactive`: card payments or transfers known and not active. */
  capability?: "inactive";
  sort: Sort;
}

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
    status: oneOf(Object.keys(STATUS_FILTERS) as StatusFilter[], first(params, "status")),
    mode: oneOf(["live", "test"], first(params, "mode")),
    charges: oneOf(["enabled", "disabled"], first(params, "charges")),
    requirements: oneOf(["due", "none"], first(params, "requirements")),
    readiness: oneOf(READINESS_FILTERS, first(params, "readiness")),
    deadline: oneOf(DEADLINE_FILTERS, first(params, "deadline")),
    upcoming: oneOf(["1"], first(params, "upcoming")),
    capability: oneOf(["inactive"], first(params, "capability")),
    sort: oneOf(SORTS, first(params, "sort")) ?? "connected_desc",
  };
  const after = decodeCursor(first(params, "after"));
  const before = decodeCursor(first(params, "before"));
  const position: Position = after ? { after } : before ? { before } : {};
  if (q !== "" && !isSearchable(q)) return { filters, position: {}, searchError: SEARCH_TOO_SHORT };
  return { filters, position };
}

const FILTER_NAMES = [
  "status",
  "mode",
  "charges",
  "requirements",
  "readiness",
  "deadline",
  "upcoming",
  "capability",
] as const;

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
