import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { redirectToApp } from "@/lib/http/redirects";
import { tooManyRequests } from "@/lib/http/too-many-requests";
import { startConnect } from "@/lib/stripe/connect";

/** GET /api/stripe/connect/authorize: sends the signed-in seller to Stripe's Connect page (302). */
export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return redirectToApp("/sign-in", { callbackUrl: "/settings" });
  const next = await startConnect(user);
  if ("retryAfterSeconds" in next) {
    return tooManyRequests(next.retryAfterSeconds, {
      path: "/settings",
      label: "Back to Settings",
    });
  }
  if ("outcome" in next) return redirectToApp("/settings", { connect: next.outcome });
  return NextResponse.redirect(next.url, 302);
}
