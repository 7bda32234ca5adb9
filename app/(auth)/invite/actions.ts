"use server";

import { redirect } from "next/navigation";
import { acceptAdminInvite } from "@/lib/auth/admins";
import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { formError, formValues, limitForm, requestAddress } from "@/lib/http/form-action";
import type { FormState } from "@/lib/http/form-state";

/** The signed-in user accepts an admin invitation addressed to them. */
export async function acceptInvite(_prev: FormState, form: FormData): Promise<FormState> {
  const { token } = formValues(form, ["token"]);
  const user = await requireUser(`/invite?token=${encodeURIComponent(token)}`);
  const limited = await limitForm([["linkAddress", await requestAddress()]]);
  if (limited) return limited;
  try {
    await acceptAdminInvite(user, token);
  } catch (error) {
    if (error instanceof AppError) return formError(error.message);
    throw error;
  }
  redirect("/admin");
}
