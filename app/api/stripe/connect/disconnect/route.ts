import { authenticate } from "@/lib/auth/session";
import { AppError, errorResponse } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http/same-origin";
import { redirectToApp } from "@/lib/http/redirects";
import { disconnect } from "@/lib/stripe/connect";

/**
 * POST /api/stripe/connect/disconnect: the Settings form. Disconnects the signed-in seller's own
 * connection, then back to Settings (303) with the outcome. Cross-site requests get 403.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    if (!isSameOrigin(request)) throw new AppError("forbidden", "Cross-site request refused.");
    const user = await authenticate();
    return redirectToApp("/settings", { disconnect: await disconnect(user) }, 303);
  } catch (error) {
    return errorResponse(error);
  }
}
