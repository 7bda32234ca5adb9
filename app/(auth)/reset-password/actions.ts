"use server";

import { redirect } from "next/navigation";
import { resetPassword } from "@/lib/auth/accounts";
import { signUpSchema } from "@/lib/auth/schemas";
import { formValues, limitForm, parseForm, requestAddress } from "@/lib/http/form-action";
import type { FormState } from "@/lib/http/form-state";

const resetSchema = signUpSchema.pick({ password: true });

/** Sets the new password from a reset link, then sends the user to sign in. */
export async function setNewPassword(_prev: FormState, form: FormData): Promise<FormState> {
  const { token, password } = formValues(form, ["token", "password"]);
  const limited = await limitForm([["linkAddress", await requestAddress()]]);
  if (limited) return limited;
  const parsed = parseForm(resetSchema, { password });
  if (!parsed.ok) return parsed.state;
  const result = await resetPassword(token, parsed.data.password);
  if (!result.ok) {
    return result.field === "password"
      ? { status: "error", fieldErrors: { password: result.message }, values: {} }
      : { status: "error", message: result.message, fieldErrors: {}, values: {} };
  }
  redirect("/sign-in?notice=reset");
}
