import "server-only";
import { NextResponse } from "next/server";
import { env } from "@/lib/env";

/**
 * A redirect to one of our own pages. The target is always APP_URL + a path written in our code
 * (with query values we choose), never a URL taken from the request.
 */
export function redirectToApp(
  path: `/${string}`,
  query: Record<string, string> = {},
  status: 302 | 303 = 302,
): NextResponse {
  // Set as the path, not resolved against APP_URL: "//host/x" would resolve to another host.
  const url = new URL(env().APP_URL);
  url.pathname = path;
  url.search = "";
  url.hash = "";
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return NextResponse.redirect(url, status);
}
