import "server-only";
import { tooManyAttemptsMessage } from "@/lib/auth/sign-in-messages";

/**
 * 429 with Retry-After, for a route a browser navigates to (a plain page with a way back), since
 * the person sees this answer itself.
 */
export function tooManyRequests(
  retryAfterSeconds: number,
  back: { path: `/${string}`; label: string },
) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts</title></head><body><main><h1>Too many attempts</h1><p>${tooManyAttemptsMessage(retryAfterSeconds)}</p><p><a href="${back.path}">${back.label}</a></p></main></body></html>`;
  return new Response(html, {
    status: 429,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(retryAfterSeconds),
      "Cache-Control": "no-store",
    },
  });
}
