"use server";

import { registerSeller } from "@/lib/auth/accounts";
import { passwordWeakness } from "@/lib/auth/password-strength";
import { signUpSchema } from "@/lib/auth/schemas";
import {
  sendFormMail,
  formValues,
  limitForm,
  parseForm,
  requestAddress,
} from "@/lib/http/form-action";
import type { FormState } from "@/lib/http/form-state";

/**
 * Creates a seller account and mails a verification link. The answer is the same whether or not
 * the address already has an account (its owner is told by mail instead), so the form cannot be
 * used to find out who has one.
 */
export async function signUp(_prev: FormState, form: FormData): Promise<FormState> {
  const input = formValues(form, ["name", "email", "password"]);
  const keep = { name: input.name, email: input.email };
  const limited = await limitForm([["signUpAddress", await requestAddress()]], keep);
  if (limited) return limited;
  const parsed = parseForm(signUpSchema, input, keep);
  if (!parsed.ok) return parsed.state;
  const weakness = passwordWeakness(parsed.data.password, [parsed.data.email, parsed.data.name]);
  if (weakness) return { status: "error", fieldErrors: { password: weakness }, values: keep };
  const failed = await sendFormMail("Sign-up", () => registerSeller(parsed.data), keep);
  if (failed) return failed;
  return {
    status: "done",
    message: `If that address can be used, we've sent a link to ${parsed.data.email}. Open it to confirm your address, then sign in.`,
  };
}
