import { NextResponse, type NextRequest } from "next/server";

/**
 * An optimistic check, for a better redirect only: a visitor with no session cookie is sent to
 * sign-in with the page they asked for. Every page, layout, action and route still checks the
 * session and role on the server (lib/auth/session.ts); this proxy runs only on page routes.
 */
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest): NextResponse {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/settings/:path*", "/dashboard/:path*", "/admin/:path*", "/admin"],
};
