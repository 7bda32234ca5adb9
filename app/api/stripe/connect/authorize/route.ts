import { getCurrentUser } from "@/lib/auth/session";
import { connectStepResponse } from "@/lib/http/connect-step";
import { redirectToApp } from "@/lib/http/redirects";
import { startConnect } from "@/lib/stripe/connect";

/** GET /api/stripe/connect/authorize: sends the signed-in seller to Stripe's Connect page (302). */
export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return redirectToApp("/sign-in", { callbackUrl: "/settings" });
  return connectStepResponse(await startConnect(user));
}
