"use server";

import { requestPasswordReset } from "@/lib/auth/accounts";
import { emailSchema } from "@/lib/auth/schemas";
import { limitForm, requestAddress, sendFormMail, validatedAction } from "@/lib/http/form-action";
import { z } from "zod";

/** Mails a reset link if the address has an account; the answer is the same either way. */
export const forgotPassword = validatedAction(
  { fields: ["email"], schema: z.object({ email: emailSchema }), keep: ["email"] },
  async ({ email }, kept) => {
    const limited = await limitForm(
      [
        ["mailAccount", email],
        ["mailAddress", await requestAddress()],
      ],
      kept,
    );
    if (limited) return limited;
    const failed = await sendFormMail(
      "Password reset mail",
      () => requestPasswordReset(email),
      kept,
    );
    if (failed) return failed;
    return {
      status: "done",
      message: `If that address can be used, we've sent a link to ${email}. It works once, for 30 minutes.`,
    };
  },
);
