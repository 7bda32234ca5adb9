import "server-only";
import { NextResponse } from "next/server";
import { redirectToApp } from "@/lib/http/redirects";
import { tooManyRequests } from "@/lib/http/too-many-requests";

/**
 * Where a step of either door sends the browser: to Stripe (its authorize page or an onboarding
 * link, a URL Stripe or our configuration made, never one from the request), back to Settings
 * with the outcome's code, or a 429 page with the way back.
 */
export function connectStepResponse(
  next: { url: string } | { outcome: string } | { retryAfterSeconds: number },
  status: 302 | 303 = 302,
): Response {
  if ("retryAfterSeconds" in next) {
    return tooManyRequests(next.retryAfterSeconds, {
      path: "/settings",
      label: "Back to Settings",
    });
  }
  if ("outcome" in next) return redirectToApp("/settings", { connect: next.outcome }, status);
  return NextResponse.redirect(next.url, status);
}
