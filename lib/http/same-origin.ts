import "server-only";
import { env } from "@/lib/env";

/**
 * Cross-site request check for state-changing requests: the browser's Origin header must be our
 * own (APP_URL). Browsers always send Origin on POST, but as `null` for a form posted from a page
 * whose Referrer-Policy is no-referrer (ours): then, as without Origin, we require Sec-Fetch-Site.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== "null") return origin === new URL(env().APP_URL).origin;
  return request.headers.get("sec-fetch-site") === "same-origin";
}
