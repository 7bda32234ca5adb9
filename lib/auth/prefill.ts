// Links between the account pages that carry the email address typed on one to the next
// (sign-up → sign-in, sign-in → forgot password, a mailed link → sign-in). No zod and no
// server-only import: the sign-in form builds its "Forgot password?" link with it.
//
// An address in a query string is safe enough here: it is the visitor's own, typed or proved by a
// mailed link; the request log never writes query strings (lib/http/request-log.ts) and no page
// sends a Referer (next.config.ts). The page reading it checks it is an address (prefilledEmail).

/** Our page `path` with the non-empty `query` values (`/sign-in?notice=reset&email=…`). */
export function pathWithQuery(
  path: `/${string}`,
  query: Record<string, string | null | undefined>,
): `/${string}` {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The sign-in page, its Email field filled with `email`. */
export function signInPath(email?: string | null, notice?: string): `/${string}` {
  return pathWithQuery("/sign-in", { notice, email });
}
