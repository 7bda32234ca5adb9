"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { verifyEmail } from "@/lib/auth/accounts";
import { pathWithQuery, signInPath } from "@/lib/auth/prefill";
import { getCurrentUser } from "@/lib/auth/session";
import { formError, limitForm, requestAddress, validatedAction } from "@/lib/http/form-action";

/** Confirms the address a verification link was mailed to (signed in or not: the link proves it). */
export const confirmEmail = validatedAction(
  { fields: ["token"], schema: z.object({ token: z.string() }) },
  async ({ token }) => {
    const limited = await limitForm([["linkAddress", await requestAddress()]]);
    if (limited) return limited;
    const user = await verifyEmail(token);
    if (!user) {
      return formError(
        "This link cannot be used: it was used already or it expired. Sign in and ask for a new one on Settings.",
        {},
        {
          label: "Sign in to ask for a new link",
          href: pathWithQuery("/sign-in", { callbackUrl: "/settings" }),
        },
      );
    }
    const current = await getCurrentUser();
    redirect(current?.id === user.id ? "/settings?verified=1" : signInPath(user.email, "verified"));
  },
);
