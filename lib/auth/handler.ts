import "server-only";
import NextAuth from "next-auth";
import { SIGN_IN_ERRORS } from "@/lib/auth/constants";
import { authOptions } from "@/lib/auth/options";
import { parseCallbackPath } from "@/lib/auth/redirects";
import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";

/** The `RateLimited:<seconds>` code next-auth put into a refused sign-in's redirect, if any. */
async function rateLimitedSeconds(response: Response): Promise<number | null> {
  if (response.status !== 401) return null;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  const url = typeof body === "object" && body && "url" in body ? body.url : null;
  if (typeof url !== "string") return null;
  const error = new URL(url, "http://localhost").searchParams.get("error") ?? "";
  if (!error.startsWith(SIGN_IN_ERRORS.rateLimited)) return null;
  return Number(error.slice(SIGN_IN_ERRORS.rateLimited.length)) || 60;
}

/**
 * /api/auth/*: next-auth, except that
 * - a `callbackUrl` in the query that is not one of our pages is refused (422): next-auth would
 *   take it for a configuration error of ours and answer 500;
 * - a sign-in refused by the rate limit answers 429 with Retry-After (next-auth itself answers
 *   every refused sign-in with 401).
 */
export async function handleAuthRequest(
  request: Request,
  params: { nextauth: string[] },
): Promise<Response> {
  const callbackUrls = new URL(request.url).searchParams.getAll("callbackUrl");
  if (callbackUrls.some((url) => parseCallbackPath(url, env().APP_URL) === null)) {
    return errorResponse(new AppError("invalid_input", "That link is not valid."));
  }
  const response = (await NextAuth(
    request as never,
    { params } as never,
    authOptions(),
  )) as Response;
  const seconds = await rateLimitedSeconds(response);
  if (seconds === null) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(seconds));
  return new Response(response.body, { status: 429, headers });
}
