import { authenticatedRoute } from "@/lib/http/api-route";
import { connectStepResponse } from "@/lib/http/connect-step";
import { startOnboarding } from "@/lib/stripe/onboarding";

/**
 * POST /api/stripe/onboard/start: Settings' "Create a Stripe account" (and "Continue setup at
 * Stripe") form. Creates the signed-in seller's account once and sends them (303) to Stripe's
 * onboarding page, or back to Settings with the outcome. Cross-site requests get 403.
 */
export const POST = authenticatedRoute({ sameOrigin: true }, async (_request, user) =>
  connectStepResponse(await startOnboarding(user), 303),
);
