import { NextResponse } from "next/server";
import { authenticatedRoute } from "@/lib/http/api-route";
import { redirectToApp } from "@/lib/http/redirects";
import { tooManyRequests } from "@/lib/http/too-many-requests";
import { startOnboarding } from "@/lib/stripe/onboarding";

/**
 * POST /api/stripe/onboard/start: Settings' "Create a Stripe account" (and "Continue setup at
 * Stripe") form. Creates the signed-in seller's account once and sends them (303) to Stripe's
 * onboarding page, or back to Settings with the outcome. Cross-site requests get 403.
 */
export const POST = authenticatedRoute({ sameOrigin: true }, async (_request, user) => {
  const next = await startOnboarding(user);
  if ("retryAfterSeconds" in next) {
    return tooManyRequests(next.retryAfterSeconds, {
      path: "/settings",
      label: "Back to Settings",
    });
  }
  if ("outcome" in next) return redirectToApp("/settings", { connect: next.outcome }, 303);
  return NextResponse.redirect(next.url, 303);
});
