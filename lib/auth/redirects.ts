import type { Role } from "@/lib/generated/prisma/client";

/**
 * Post-sign-in destinations come from our own links (`?callbackUrl=/settings`, or next-auth's
 * absolute URLs of our origin), but a query string can be forged. The target is decided as the
 * browser will read it: parsed against `baseUrl` (APP_URL), and honoured only if its origin is
 * ours; the result is always a path (`/…`) of that origin, never a URL the caller goes on to parse.
 * Control characters (which the URL parser drops, so `/<TAB>/evil.example` reads as
 * `//evil.example`, and which would split a Location header) and backslashes (which browsers read
 * as slashes) are refused anywhere in the value.
 *
 * One rule for the sign-in page's redirect, the sign-in form, next-auth's redirect callback and
 * its routes' `callbackUrl`. No server-only import: it takes the base URL as a parameter.
 * Without a destination of ours, a signed-in user goes to their role's home (homePath).
 *
 * Returns the path to go to, or null when `value` is not one of our own pages.
 */
export function parseCallbackPath(value: unknown, baseUrl: string): string | null {
  if (typeof value !== "string" || value === "") return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  // A path of ours, or an absolute URL; anything else ("settings", "not a url") is not a link we make.
  if (!value.startsWith("/") && !URL.canParse(value)) return null;
  const base = new URL(baseUrl);
  if (!URL.canParse(value, base)) return null;
  const target = new URL(value, base);
  if (target.origin !== base.origin) return null;
  return `${target.pathname}${target.search}${target.hash}`;
}

/** The destination `value` names if it is one of ours (see parseCallbackPath), else `fallback`. */
export function safeCallbackPath(value: unknown, baseUrl: string, fallback: string): string {
  return parseCallbackPath(value, baseUrl) ?? fallback;
}

/**
 * Where a signed-in user starts when no link says otherwise (after sign-in, the home page's
 * "Go to…" button): an admin on the platform overview, a seller on Settings (their connection).
 */
export function homePath(role: Role): string {
  return role === "ADMIN" ? "/admin" : "/settings";
}

/** Where sign-in leads: the `callbackUrl` if it is one of our pages, else the role's home. */
export function afterSignInPath(callbackUrl: unknown, baseUrl: string, role: Role): string {
  return safeCallbackPath(callbackUrl, baseUrl, homePath(role));
}
