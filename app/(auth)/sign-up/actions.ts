"use server";

import { registerSeller } from "@/lib/auth/accounts";
import { signInPath } from "@/lib/auth/prefill";
import { passwordWeakness } from "@/lib/auth/password-strength";
import { signUpSchema } from "@/lib/auth/schemas";
import { limitForm, requestAddress, sendFormMail, validatedAction } from "@/lib/http/form-action";

/**
 * Creates a seller account and mails a verification link. The answer is the same whether or not
 * the address already has an account (its owner is told by mail instead), so the form cannot be
 * used to find out who has one.
 */
export const signUp = validatedAction(
  { fields: ["name", "email", "password"], schema: signUpSchema, keep: ["name", "email"] },
  async (input, kept) => {
    const limited = await limitForm([["signUpAddress", await requestAddress()]], kept);
    if (limited) return limited;
    const weakness = passwordWeakness(input.password, [input.email, input.name]);
    if (weakness) return { status: "error", fieldErrors: { password: weakness }, values: kept };
    const failed = await sendFormMail("Sign-up", () => registerSeller(input), kept);
    if (failed) return failed;
    return {
      status: "done",
      message: `If that address can be used, we've sent a link to ${input.email}. Open it to confirm your address, then sign in.`,
      // The same for every address: a taken one's owner is told by mail, and signs in from here.
      next: {
        prompt: "Already have an account?",
        label: "Sign in instead",
        href: signInPath(input.email),
      },
    };
  },
);
