"use server";

import { redirect } from "next/navigation";
import { endCurrentSession, getCurrentUser } from "@/lib/auth/session";
import { limitForm } from "@/lib/http/form-action";
import type { FormState } from "@/lib/http/form-state";

/**
 * The header's Sign out (the root layout's only action): ends this session and goes home. A
 * plain form posting here replaces next-auth's client-side signOut(), whose client would ship
 * with every page. A visitor whose session has already ended only loses the cookie.
 */
export async function signOut(): Promise<FormState> {
  const user = await getCurrentUser();
  if (user) {
    const limited = await limitForm([["signOut", user.id]]);
    if (limited) return limited;
  }
  await endCurrentSession();
  redirect("/");
}
