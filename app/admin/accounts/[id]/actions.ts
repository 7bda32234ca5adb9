"use server";

import { notFound, redirect } from "next/navigation";
import { forceDisconnectSchema, refreshSchema, retryEventSchema } from "@/lib/admin/schemas";
import { requireAdmin } from "@/lib/auth/session";
import { recordAudit } from "@/lib/data/audit";
import { AppError } from "@/lib/errors";
import { forceDisconnect } from "@/lib/stripe/connect";
import { reconcileConnection } from "@/lib/stripe/reconcile";
import { retryWebhookEvent } from "@/lib/stripe/webhooks/process";
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

/**
 * "Refresh from Stripe": compares the connection with Stripe and repairs drift (as
 * `npm run stripe:reconcile` does), audited with the admin's id.
 */
export async function refreshFromStripeAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("/admin/accounts");
  const parsed = refreshSchema.safeParse({ connectionId: form.get("connectionId") });
  if (!parsed.success) notFound();
  const { connectionId } = parsed.data;
  let outcome: string;
  try {
    const result = await reconcileConnection(connectionId, admin.id);
    outcome = `refresh_${result.outcome}`;
    await recordAudit({
      action: "REFRESH",
      outcome: "SUCCESS",
      actorId: admin.id,
      connectionId,
      stripeAccountId: result.stripeAccountId,
      detail: result.changes.length
        ? `Refreshed from Stripe: ${result.changes.map((c) => c.field).join(", ")} changed`
        : `Refreshed from Stripe: ${result.outcome}`,
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "stripe_unavailable") throw error;
    await recordAudit({
      action: "REFRESH",
      outcome: "FAILURE",
      actorId: admin.id,
      connectionId,
      detail: "Stripe could not be reached",
    });
    outcome = "stripe_unavailable";
  }
  redirect(`/admin/accounts/${connectionId}?outcome=${outcome}`);
}

/** "Retry" on a stored webhook event still waiting (FAILED or PENDING), audited. */
export async function retryWebhookEventAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("/admin/accounts");
  const parsed = retryEventSchema.safeParse({
    connectionId: form.get("connectionId"),
    eventId: form.get("eventId"),
  });
  if (!parsed.success) notFound();
  const { connectionId, eventId } = parsed.data;
  const status = await retryWebhookEvent(eventId);
  await recordAudit({
    action: "RETRY_EVENT",
    outcome: status === "FAILED" ? "FAILURE" : "SUCCESS",
    actorId: admin.id,
    connectionId,
    detail: `Retried webhook event ${eventId}: now ${status}`,
  });
  const outcome =
    status === "PROCESSED"
      ? "retry_processed"
      : status === "FAILED"
        ? "retry_failed"
        : "retry_done";
  redirect(`/admin/accounts/${connectionId}?outcome=${outcome}`);
}
