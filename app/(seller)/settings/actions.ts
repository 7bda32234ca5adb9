"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { sendVerificationMail } from "@/lib/auth/accounts";
import { profileSchema } from "@/lib/auth/schemas";
import { requireUser } from "@/lib/auth/session";
import { endAllSessions } from "@/lib/data/sessions";
import { updateProfile } from "@/lib/data/users";
import { confirmConnect } from "@/lib/stripe/unconfirmed-connect";
import { limitForm, requestAddress, sendFormMail, validatedAction } from "@/lib/http/form-action";
import type { FormState } from "@/lib/http/form-state";

/** Saves the signed-in user's own profile (the session decides whose; the form cannot). */
export const saveProfile = validatedAction(
  {
    fields: ["name", "businessName", "websiteUrl"],
    schema: profileSchema,
    keep: ["name", "businessName", "websiteUrl"],
  },
  async (profile) => {
    const user = await requireUser("/settings");
    await updateProfile(user.id, profile);
    revalidatePath("/settings");
    return { status: "done", message: "Saved." };
  },
);

/** Mails the signed-in user a new verification link. */
export async function resendVerification(): Promise<FormState> {
  const user = await requireUser("/settings");
  if (user.emailVerified) return { status: "done", message: "Your email address is confirmed." };
  const limited = await limitForm([
    ["mailAccount", user.email],
    ["mailAddress", await requestAddress()],
  ]);
  if (limited) return limited;
  const failed = await sendFormMail("Verification mail", () => sendVerificationMail(user));
  if (failed) return failed;
  return { status: "done", message: `We sent a new link to ${user.email}.` };
}

/** Ends every session of the signed-in user, this one included. */
export async function signOutEverywhere(): Promise<FormState> {
  const user = await requireUser("/settings");
  const limited = await limitForm([["sessionAction", user.id]]);
  if (limited) return limited;
  await endAllSessions(user.id);
  redirect("/sign-in?notice=ended");
}

/**
 * The targeted check of the seller's unconfirmed connection attempt (a code exchange that got no
 * answer): settles it from what Stripe did, then back to Settings with the outcome.
 */
export async function checkUnconfirmedConnection(): Promise<void> {
  const user = await requireUser("/settings");
  const outcome = user.role === "SELLER" ? await confirmConnect(user.id) : null;
  revalidatePath("/settings");
  if (outcome === "unconfirmed") redirect("/settings?connect=unconfirmed&checked=1");
  redirect(outcome ? `/settings?connect=${outcome}` : "/settings");
}
