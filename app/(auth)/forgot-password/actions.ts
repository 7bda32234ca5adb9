"use server";

import { requestPasswordReset } from "@/lib/auth/accounts";
import { emailSchema } from "@/lib/auth/schemas";
import {
  sendFormMail,
  formValues,
  limitForm,
  parseForm,
  requestAddress,
} from "@/lib/http/form-action";
import type { FormState } from "@/lib/http/form-state";
import { z } from "zod";

const forgotSchema = z.object({ email: emailSchema });

/** Mails a reset link if the address has an account; the answer is the same either way. */
export async function forgotPassword(_prev: FormState, form: FormData): Promise<FormState> {
  const input = formValues(form, ["email"]);
  const parsed = parseForm(forgotSchema, input, input);
  if (!parsed.ok) return parsed.state;
  const { email } = parsed.data;
  const limited = await limitForm(
    [
      ["mailAccount", email],
      ["mailAddress", await requestAddress()],
    ],
    input,
  );
  if (limited) return limited;
  const failed = await sendFormMail(
    "Password reset mail",
    () => requestPasswordReset(email),
    input,
  );
  if (failed) return failed;
  return {
    status: "done",
    message: `If that address can be used, we've sent a link to ${email}. It works once, for 30 minutes.`,
  };
}
