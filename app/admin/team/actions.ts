"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { inviteSchema, removeAdminSchema, withdrawInviteSchema } from "@/lib/admin/team-schemas";
import { inviteAdmin, revokeAdmin } from "@/lib/auth/admins";
import { requireAdmin } from "@/lib/auth/session";
import { deleteInvite } from "@/lib/data/email-tokens";
import { formError, limitForm, sendFormMail, validatedAction } from "@/lib/http/form-action";

const INVITE_GONE = "That invitation was already used or withdrawn.";

/** Admins only: each action checks the role itself and counts against the admin's limit. */
async function admin(values: Record<string, string> = {}) {
  const user = await requireAdmin("/admin/team");
  return { user, limited: await limitForm([["adminAction", user.id]], values) };
}

export const inviteAdminAction = validatedAction(
  { fields: ["email"], schema: inviteSchema, keep: ["email"] },
  async ({ email }, kept) => {
    const { user, limited } = await admin(kept);
    if (limited) return limited;
    // An AppError (already an admin) is the form's message; a mail failure says so.
    const failed = await sendFormMail("Invitation", () => inviteAdmin(user, email), kept);
    if (failed) return failed;
    revalidatePath("/admin/team");
    return { status: "done", message: `Invitation sent to ${email}.` };
  },
);

export const removeAdminAction = validatedAction(
  { fields: ["userId"], schema: removeAdminSchema, invalid: "Unknown admin." },
  async ({ userId }) => {
    const { user, limited } = await admin();
    if (limited) return limited;
    // The last admin cannot be removed: that AppError is the form's message.
    await revokeAdmin({ userId, actorId: user.id, detail: "removed on the Team page" });
    revalidatePath("/admin/team");
    redirect(userId === user.id ? "/settings" : "/admin/team?notice=removed");
  },
);

export const withdrawInviteAction = validatedAction(
  {
    fields: ["inviteId"],
    schema: withdrawInviteSchema,
    invalid: INVITE_GONE,
  },
  async ({ inviteId }) => {
    const { limited } = await admin();
    if (limited) return limited;
    if (!(await deleteInvite(inviteId))) return formError(INVITE_GONE);
    revalidatePath("/admin/team");
    redirect("/admin/team?notice=withdrawn");
  },
);
