import type { NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { connectStepResponse } from "@/lib/http/connect-step";
import { redirectToApp } from "@/lib/http/redirects";
import { refreshOnboarding } from "@/lib/stripe/onboarding";

/**
 * GET /api/stripe/onboard/refresh: Stripe's `refresh_url` (the onboarding link was used or
 * expired). A valid state sends the seller to a fresh link for the same account (302); anything
 * else lands on Settings with the outcome.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return redirectToApp("/sign-in", { callbackUrl: "/settings" });
  return connectStepResponse(await refreshOnboarding(user, request.nextUrl.searchParams));
}
