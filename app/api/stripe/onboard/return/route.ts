import type { NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { redirectToApp } from "@/lib/http/redirects";
import { returnFromOnboarding } from "@/lib/stripe/onboarding";

/**
 * GET /api/stripe/onboard/return: Stripe's `return_url` after onboarding. Always ends on our own
 * Settings page, with a code saying where the account stands.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return redirectToApp("/sign-in", { callbackUrl: "/settings" });
  return redirectToApp("/settings", {
    connect: await returnFromOnboarding(user, request.nextUrl.searchParams),
  });
}
