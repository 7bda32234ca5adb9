/**
 * The admin audit log's state, as it lives in the URL (so a view can be bookmarked and shared):
 * its filters and the keyset position. Parsing never fails: a value we do not know is dropped, as
 * if it were absent (the accounts list's rule, lib/admin/connection-query.ts, whose cursor this
 * shares).
 */
import {
  decodeCursor,
  encodeCursor,
  normaliseSearch,
  type Position,
} from "@/lib/admin/connection-query";
import { AuditAction } from "@/lib/generated/prisma/enums";

export const AUDIT_ACTIONS = Object.values(AuditAction);

/** The actor filter's word for "Stripe told us" (entries without a user as actor). */
export const STRIPE_ACTOR = "stripe";

export interface AuditFilters {
  /** Who acted: an email (lower case), or STRIPE_ACTOR; "" for anyone. */
  actor: string;
  action?: AuditAction;
  /** Whom it concerned: the seller's email (lower case) or a stripe account id; "" for anyone. */
  seller: string;
  /** From and to, inclusive, as days (YYYY-MM-DD, UTC). */
  from?: string;
  to?: string;
}

export interface AuditQuery {
  filters: AuditFilters;
  position: Position;
}

type Params = Record<string, string | string[] | undefined>;

function first(params: Params, name: string): string | undefined {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD, or undefined. */
function day(value: string | undefined): string | undefined {
  if (!value || !DAY.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : undefined;
}

/** A typed email or acct_ id as stored: emails are lower case; an account id keeps its case. */
function who(value: string | undefined): string {
  const typed = normaliseSearch(value ?? "");
  return /^acct_/i.test(typed) ? `acct_${typed.slice(5)}` : typed.toLowerCase();
}

export function parseAuditQuery(params: Params): AuditQuery {
  const action = first(params, "action")?.toUpperCase();
  const filters: AuditFilters = {
    actor: who(first(params, "actor")),
    action: AUDIT_ACTIONS.find((a) => a === action),
    seller: who(first(params, "seller")),
    from: day(first(params, "from")),
    to: day(first(params, "to")),
  };
  const after = decodeCursor(first(params, "after"));
  const before = decodeCursor(first(params, "before"));
  return { filters, position: after ? { after } : before ? { before } : {} };
}

/** The URL query of a view: the filters that are set, plus `position`. */
export function auditSearchParams(filters: AuditFilters, position: Position = {}): string {
  const params = new URLSearchParams();
  if (filters.actor) params.set("actor", filters.actor);
  if (filters.action) params.set("action", filters.action.toLowerCase());
  if (filters.seller) params.set("seller", filters.seller);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if ("after" in position) params.set("after", encodeCursor(position.after));
  if ("before" in position) params.set("before", encodeCursor(position.before));
  return params.toString();
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return Boolean(filters.actor || filters.action || filters.seller || filters.from || filters.to);
}
