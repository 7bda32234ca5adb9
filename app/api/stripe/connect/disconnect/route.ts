import { authenticatedRoute } from "@/lib/http/api-route";
import { redirectToApp } from "@/lib/http/redirects";
import { disconnect } from "@/lib/stripe/connect";

/**
 * POST /api/stripe/connect/disconnect: the Settings form. Disconnects the signed-in seller's own
 * connection, then back to Settings (303) with the outcome. Cross-site requests get 403.
 */
export const POST = authenticatedRoute({ sameOrigin: true }, async (_request, user) =>
  redirectToApp("/settings", { disconnect: await disconnect(user) }, 303),
);
