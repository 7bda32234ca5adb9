"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { resetPassword } from "@/lib/auth/accounts";
import { signInPath } from "@/lib/auth/prefill";
import { signUpSchema } from "@/lib/auth/schemas";
import { formError, limitForm, requestAddress, validatedAction } from "@/lib/http/form-action";

const resetSchema = signUpSchema.pick({ password: true }).extend({ token: z.string() });

/** Sets the new password from a reset link, then sends the user to sign in. */
export const setNewPassword = validatedAction(
  { fields: ["token", "password"], schema: resetSchema },
  async ({ token, password }) => {
    const limited = await limitForm([["linkAddress", await requestAddress()]]);
    if (limited) return limited;
    const result = await resetPassword(token, password);
    if (!result.ok) {
      return result.field === "password"
        ? { status: "error", fieldErrors: { password: result.message }, values: {} }
        : formError(result.message, {}, { label: "Ask for a new link", href: "/forgot-password" });
    }
    redirect(signInPath(result.email, "reset"));
  },
);
