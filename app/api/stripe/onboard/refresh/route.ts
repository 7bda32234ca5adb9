import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { redirectToApp } from "@/lib/http/redirects";
import { tooManyRequests } from "@/lib/http/too-many-requests";
import { refreshOnboarding } from "@/lib/stripe/onboarding";

/**
 * GET /api/stripe/onboard/refresh: Stripe's `refresh_url` (the onboarding link was used or
 * expired). A valid state sends the seller to a fresh link for the same account (302); anything
 * else lands on Settings with the outcome.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return redirectToApp("/sign-in", { callbackUrl: "/settings" });
  const next = await refreshOnboarding(user, request.nextUrl.searchParams);
  if ("retryAfterSeconds" in next) {
    return tooManyRequests(next.retryAfterSeconds, {
      path: "/settings",
      label: "Back to Settings",
    });
  }
  if ("outcome" in next) return redirectToApp("/settings", { connect: next.outcome });
  return NextResponse.redirect(next.url, 302);
}
