"use server";

import { redirect } from "next/navigation";
import { verifyEmail } from "@/lib/auth/accounts";
import { getCurrentUser } from "@/lib/auth/session";
import { formError, formValues, limitForm, requestAddress } from "@/lib/http/form-action";
import type { FormState } from "@/lib/http/form-state";

/** Confirms the address a verification link was mailed to. */
export async function confirmEmail(_prev: FormState, form: FormData): Promise<FormState> {
  const { token } = formValues(form, ["token"]);
  const limited = await limitForm([["linkAddress", await requestAddress()]]);
  if (limited) return limited;
  const user = await verifyEmail(token);
  if (!user) {
    return formError(
      "This link cannot be used: it was used already or it expired. Sign in and ask for a new one on Settings.",
    );
  }
  const current = await getCurrentUser();
  redirect(current?.id === user.id ? "/settings?verified=1" : "/sign-in?notice=verified");
}
