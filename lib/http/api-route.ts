import "server-only";
import { authenticate } from "@/lib/auth/session";
import type { PublicUser } from "@/lib/data/users";
import { AppError, errorResponse } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http/same-origin";

export interface RouteAccess {
  /** Who may call it besides being signed in: "ADMIN" for admins only (others get 403). */
  role?: "ADMIN";
  /** A state-changing request from a form of ours: a cross-site request gets 403. */
  sameOrigin?: boolean;
}

/**
 * An API route for a signed-in user: checks the request's origin (if asked), the session and the
 * role, then runs `handler` with the user. Whatever it throws is answered by errorResponse
 * (lib/errors.ts): an AppError with its status (401 signed out, 403, 404, 409, 422, 502), anything
 * else a logged, generic 500. Routes with their own answers (Stripe's webhooks, next-auth, the
 * browser redirects of Connect) do not use it.
 */
export function authenticatedRoute(
  access: RouteAccess,
  handler: (request: Request, user: PublicUser) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      if (access.sameOrigin && !isSameOrigin(request)) {
        throw new AppError("forbidden", "Cross-site request refused.");
      }
      const user = await authenticate(access.role);
      return await handler(request, user);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
