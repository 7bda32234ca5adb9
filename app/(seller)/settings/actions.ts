"use server";

import { revalidatePath } from "next/cache";
import { profileSchema } from "@/lib/auth/schemas";
import { requireUser } from "@/lib/auth/session";
import { updateProfile } from "@/lib/data/users";

export type ProfileState =
  | { status: "idle" }
  | { status: "saved" }
  | {
      status: "error";
      fieldErrors: Partial<Record<"name" | "businessName" | "websiteUrl", string>>;
    };

/** Saves the signed-in user's own profile (the session decides whose; the form cannot). */
export async function saveProfile(_prev: ProfileState, form: FormData): Promise<ProfileState> {
  const user = await requireUser("/settings");
  const parsed = profileSchema.safeParse({
    name: form.get("name") ?? "",
    businessName: form.get("businessName") ?? "",
    websiteUrl: form.get("websiteUrl") ?? "",
  });
  if (!parsed.success) {
    const fieldErrors: Partial<Record<"name" | "businessName" | "websiteUrl", string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (
        (field === "name" || field === "businessName" || field === "websiteUrl") &&
        !fieldErrors[field]
      ) {
        fieldErrors[field] = issue.message;
      }
    }
    return { status: "error", fieldErrors };
  }
  await updateProfile(user.id, parsed.data);
  revalidatePath("/settings");
  return { status: "saved" };
}
