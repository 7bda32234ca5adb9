import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { connection, type NextRequest } from "next/server";
import { cache } from "react";
import { endSession, recordSessionUse, resolveSession } from "@/lib/data/sessions";
import { getUserById, type PublicUser } from "@/lib/data/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { noteUser } from "@/lib/http/request-context";

/** next-auth's session cookie: `__Secure-` prefixed when the app is served over https. */
function sessionCookieName(): string {
  return env().APP_URL.startsWith("https://")
    ? "__Secure-next-auth.session-token"
    : "next-auth.session-token";
}

/** The session id a session cookie carries, if the cookie is ours and well formed. */
async function sessionIdIn(cookie: string | undefined): Promise<string | null> {
  if (!cookie) return null;
  try {
    const token = await decode({ token: cookie, secret: env().NEXTAUTH_SECRET });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    return null; // not a cookie we signed (or one signed with an old secret)
  }
}

/** The session id in this request's session cookie, if the cookie is ours and well formed. */
export async function currentSessionId(): Promise<string | null> {
  return sessionIdIn((await cookies()).get(sessionCookieName())?.value);
}

/**
 * Signing out (the header's Sign out): ends this request's session on the server, as next-auth's
 * own sign-out does (lib/auth/options.ts, events.signOut), and deletes its cookie. Actions only.
 */
export async function endCurrentSession(): Promise<void> {
  const sessionId = await currentSessionId();
  if (sessionId) await endSession(sessionId);
  (await cookies()).delete({
    name: sessionCookieName(),
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: sessionCookieName().startsWith("__Secure-"),
  });
}

/**
 * proxy.ts, before a page renders or an action runs: records the use of the request's session,
 * if it has a live one (its idle timeout starts again), so that rendering only reads.
 */
export async function recordUseOfSession(requestCookies: NextRequest["cookies"]): Promise<void> {
  const sessionId = await sessionIdIn(requestCookies.get(sessionCookieName())?.value);
  if (sessionId) await recordSessionUse(sessionId);
}

/**
 * The signed-in user, read fresh from the database once per request (so a deleted user or a
 * changed role takes effect at once, whatever the session cookie says). The cookie counts only
 * while its session is live (lib/data/sessions.ts): signed out means signed out everywhere the
 * cookie was copied.
 */
export const getCurrentUser = cache(async (): Promise<PublicUser | null> => {
  await connection(); // per request: never prerendered at build time
  const sessionId = await currentSessionId();
  const userId = sessionId ? await resolveSession(sessionId) : null;
  if (!userId) return null;
  noteUser(userId); // for the request's log line
  return getUserById(userId);
});

/** Pages and server actions: the signed-in user, or a redirect to sign-in (back to `returnTo`). */
export async function requireUser(returnTo = "/settings"): Promise<PublicUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** Pages and server actions: the signed-in admin; others get sign-in or the 403 page. */
export async function requireAdmin(returnTo = "/admin"): Promise<PublicUser> {
  const user = await requireUser(returnTo);
  if (user.role !== "ADMIN") forbidden();
  return user;
}

/** Route handlers: the signed-in user (with `role` if given), else AppError 401/403. */
export async function authenticate(role?: "ADMIN"): Promise<PublicUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  if (role && user.role !== role)
    throw new AppError("forbidden", "You do not have access to this.");
  return user;
}
