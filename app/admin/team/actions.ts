"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { inviteSchema, removeAdminSchema, withdrawInviteSchema } from "@/lib/admin/team-schemas";
import { inviteAdmin, revokeAdmin } from "@/lib/auth/admins";
import { requireAdmin } from "@/lib/auth/session";
import { deleteInvite } from "@/lib/data/email-tokens";
import { AppError } from "@/lib/errors";
import { formError, formValues, limitForm, parseForm } from "@/lib/http/form-action";
import type { FormState } from "@/lib/http/form-state";

/** Admins only: each action checks the role itself and counts against the admin's limit. */
async function admin(values: Record<string, string> = {}) {
  const user = await requireAdmin("/admin/team");
  return { user, limited: await limitForm([["adminAction", user.id]], values) };
}

export async function inviteAdminAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = formValues(form, ["email"]);
  const { user, limited } = await admin(input);
  if (limited) return limited;
  const parsed = parseForm(inviteSchema, input, input);
  if (!parsed.ok) return parsed.state;
  try {
    await inviteAdmin(user, parsed.data.email);
  } catch (error) {
    if (error instanceof AppError) return formError(error.message, input);
    console.error(`Invitation failed: ${error instanceof Error ? error.message : String(error)}`);
    return formError("We could not send the invitation just now. Please try again.", input);
  }
  revalidatePath("/admin/team");
  return { status: "done", message: `Invitation sent to ${parsed.data.email}.` };
}

export async function removeAdminAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { user, limited } = await admin();
  if (limited) return limited;
  const parsed = parseForm(removeAdminSchema, formValues(form, ["userId"]));
  if (!parsed.ok) return formError("Unknown admin.");
  try {
    await revokeAdmin({
      userId: parsed.data.userId,
      actorId: user.id,
      detail: "removed on the Team page",
    });
  } catch (error) {
    if (error instanceof AppError) return formError(error.message);
    throw error;
  }
  revalidatePath("/admin/team");
  redirect(parsed.data.userId === user.id ? "/settings" : "/admin/team?notice=removed");
}

export async function withdrawInviteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { limited } = await admin();
  if (limited) return limited;
  const parsed = parseForm(withdrawInviteSchema, formValues(form, ["inviteId"]));
  if (!parsed.ok || !(await deleteInvite(parsed.data.inviteId))) {
    return formError("That invitation was already used or withdrawn.");
  }
  revalidatePath("/admin/team");
  redirect("/admin/team?notice=withdrawn");
}
