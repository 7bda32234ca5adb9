import "server-only";
import { env } from "@/lib/env";

/**
 * Cross-site request check for state-changing requests: the browser's Origin header must be our
 * own (APP_URL). Browsers always send Origin on POST; without it we require Sec-Fetch-Site.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === new URL(env().APP_URL).origin;
  return request.headers.get("sec-fetch-site") === "same-origin";
}
