"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { acceptAdminInvite } from "@/lib/auth/admins";
import { requireUser } from "@/lib/auth/session";
import { limitForm, requestAddress, validatedAction } from "@/lib/http/form-action";

/** The signed-in user accepts an admin invitation addressed to them. */
export const acceptInvite = validatedAction(
  { fields: ["token"], schema: z.object({ token: z.string() }) },
  async ({ token }) => {
    const user = await requireUser(`/invite?token=${encodeURIComponent(token)}`);
    const limited = await limitForm([["linkAddress", await requestAddress()]]);
    if (limited) return limited;
    await acceptAdminInvite(user, token); // an AppError (not for you, used) is the form's message
    redirect("/admin");
  },
);
