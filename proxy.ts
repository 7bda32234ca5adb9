import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { recordUseOfSession } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { errorMessage } from "@/lib/errors";
import { contentSecurityPolicy, createNonce } from "@/lib/http/csp";
import { stripeConfigFrom } from "@/lib/stripe/config";
import { log } from "@/lib/log";

/**
 * Runs before every page (not the API, not static files):
 * - a path with a malformed percent-encoding is answered 400 (Next.js would fail decoding it, 500);
 * - a request with a session cookie records the session's use (its idle timeout starts again),
 *   here rather than while the page renders, so that rendering only reads;
 * - on the signed-in areas, an optimistic check, for a better redirect only: a visitor with no
 *   session cookie is sent to sign-in with the page they asked for. Every page, layout, action and
 *   route still checks the session and role on the server (lib/auth/session.ts);
 * - every page gets a Content-Security-Policy with a fresh nonce (lib/http/csp.ts), on the request
 *   too, where Next.js reads the nonce to put on its own scripts. The other security headers,
 *   the same on every response, are in next.config.ts.
 */
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const SIGNED_IN_AREAS = ["/settings", "/dashboard", "/admin"];

function isMalformed(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

function needsSession(pathname: string): boolean {
  return SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
}

export function proxy(request: NextRequest, event: NextFetchEvent): NextResponse {
  const { pathname, search } = request.nextUrl;
  if (isMalformed(pathname)) return new NextResponse("Bad request", { status: 400 });
  const hasSessionCookie = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSessionCookie) {
    // Not awaited: the page does not depend on it (a session that is not live stays ended).
    event.waitUntil(
      recordUseOfSession(request.cookies).catch((error: unknown) => {
        log().warn({ reason: errorMessage(error) }, "recording a session's use failed");
      }),
    );
  }
  if (needsSession(pathname) && !hasSessionCookie) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(signIn);
  }
  const config = env();
  const policy = contentSecurityPolicy({
    nonce: createNonce(),
    development: config.NODE_ENV === "development",
    formActionOrigins: [new URL(stripeConfigFrom(config).connectBase).origin],
  });
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.ico).*)"],
};
