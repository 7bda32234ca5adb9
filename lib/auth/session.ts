import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { authOptions } from "@/lib/auth/options";
import { getUserById, type PublicUser } from "@/lib/data/users";
import { AppError } from "@/lib/errors";

/**
 * The signed-in user, read fresh from the database once per request (so a deleted user or a
 * changed role takes effect at once, whatever the session cookie says).
 */
export const getCurrentUser = cache(async (): Promise<PublicUser | null> => {
  await connection(); // per request: never prerendered at build time
  const session = await getServerSession(authOptions());
  return session?.user.id ? getUserById(session.user.id) : null;
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
