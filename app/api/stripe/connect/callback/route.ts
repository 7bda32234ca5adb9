import type { NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { redirectToApp } from "@/lib/http/redirects";
import { metrics } from "@/lib/metrics";
import { completeConnect } from "@/lib/stripe/connect";

/**
 * GET /api/stripe/connect/callback: Stripe's redirect back. Always ends on our own Settings page,
 * with a code saying what happened.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return redirectToApp("/sign-in", { callbackUrl: "/settings" });
  const outcome = await completeConnect(user, request.nextUrl.searchParams);
  metrics().connectOutcomes.labels(outcome).inc();
  return redirectToApp("/settings", { connect: outcome });
}
