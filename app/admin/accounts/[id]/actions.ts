"use server";

import { redirect } from "next/navigation";
import { forceDisconnectSchema } from "@/lib/admin/schemas";
import { requireAdmin } from "@/lib/auth/session";
import { forceDisconnect } from "@/lib/stripe/connect";
import { FORCE_DISCONNECT_OUTCOMES } from "@/lib/stripe/connect-outcomes";

export type ForceDisconnectState = { status: "idle" } | { status: "error"; message: string };

/**
 * Force-disconnects a seller's connection (admins only; audited with the admin's id). When Stripe
 * cannot be reached nothing changes and the dialog says so; otherwise back to the account page.
 */
export async function forceDisconnectAction(
  _prev: ForceDisconnectState,
  form: FormData,
): Promise<ForceDisconnectState> {
  const admin = await requireAdmin("/admin/accounts");
  const parsed = forceDisconnectSchema.safeParse({
    connectionId: form.get("connectionId"),
    reason: form.get("reason") ?? "",
  });
  if (!parsed.success) {
    return { status: "error", message: parsed.error.issues[0]?.message ?? "Check the form." };
  }
  const { connectionId, reason } = parsed.data;
  const outcome = await forceDisconnect(admin, connectionId, reason);
  if (outcome === "stripe_unavailable") {
    return { status: "error", message: FORCE_DISCONNECT_OUTCOMES.stripe_unavailable.message };
  }
  // A path of our own: the id matched [\w-] above and names a connection that exists.
  redirect(`/admin/accounts/${connectionId}?outcome=${outcome}`);
}
