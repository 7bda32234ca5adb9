import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { parseCallbackPath } from "@/lib/auth/redirects";
import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's routes. A `callbackUrl` in the query that is not one of our pages is refused (422)
 * here: next-auth would take it for a configuration error of ours and answer 500.
 */
async function handler(request: NextRequest, context: Context): Promise<Response> {
  const callbackUrls = request.nextUrl.searchParams.getAll("callbackUrl");
  if (callbackUrls.some((url) => parseCallbackPath(url, env().APP_URL) === null)) {
    return errorResponse(new AppError("invalid_input", "That link is not valid."));
  }
  const params = await context.params;
  return NextAuth(request as never, { params } as never, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
