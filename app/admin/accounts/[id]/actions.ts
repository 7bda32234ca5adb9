"use server";

import { notFound, redirect } from "next/navigation";
import {
  forceDisconnectSchema,
  refreshSchema,
  retryEventSchema,
  unblockSchema,
} from "@/lib/admin/schemas";
import { retryWebhookEventAsAdmin } from "@/lib/admin/webhook-retry";
import { requireAdmin } from "@/lib/auth/session";
import { forceDisconnect, unblock } from "@/lib/stripe/connect";
import { StripeBusyError } from "@/lib/stripe/pacing";
import { refreshFromStripe } from "@/lib/stripe/reconcile";
import { FORCE_DISCONNECT_OUTCOMES } from "@/lib/stripe/connect-outcomes";
import { formError, limitForm, readForm, validatedAction } from "@/lib/http/form-action";

/**
 * Force-disconnects a seller's connection (admins only; audited with the admin's id), blocking
 * reconnection when asked. When Stripe cannot be reached nothing changes and the dialog says so;
 * otherwise back to the account page.
 */
export const forceDisconnectAction = validatedAction(
  {
    fields: ["connectionId", "reason", "block", "sellerMessage"],
    schema: forceDisconnectSchema,
    keep: ["reason", "block", "sellerMessage"],
  },
  async ({ connectionId, reason, block, sellerMessage }, kept) => {
    const admin = await requireAdmin("/admin/accounts");
    const outcome = await forceDisconnect(
      admin,
      connectionId,
      reason,
      block ? { sellerMessage } : undefined,
    );
    if (outcome === "stripe_unavailable") {
      return formError(FORCE_DISCONNECT_OUTCOMES.stripe_unavailable.message, kept);
    }
    // A path of our own: the id matched [\w-] above and names a connection that exists.
    redirect(`/admin/accounts/${connectionId}?outcome=${outcome}`);
  },
);

/**
 * "Unblock" (admins only, counted against the admin's limit; audited): the seller and the Stripe
 * account of the block can connect again. Back to the account page it was pressed on.
 */
export const unblockAction = validatedAction(
  { fields: ["connectionId", "blockId"], schema: unblockSchema, invalid: "Unknown block." },
  async ({ connectionId, blockId }) => {
    const admin = await requireAdmin("/admin/accounts");
    const limited = await limitForm([["adminAction", admin.id]]);
    if (limited) return limited;
    const lifted = await unblock(admin, blockId);
    // A path of our own: the id matched [\w-] above.
    redirect(`/admin/accounts/${connectionId}?outcome=${lifted ? "unblocked" : "unblock_done"}`);
  },
);

/**
 * "Refresh from Stripe": compares the connection with Stripe and repairs drift (as
 * `npm run stripe:reconcile` does), audited with the admin's id. The account page also sends it
 * on its own when it saw Stripe refuse access, to record that (pages do not write).
 */
export async function refreshFromStripeAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("/admin/accounts");
  const parsed = readForm({ fields: ["connectionId"], schema: refreshSchema }, form);
  if (!parsed.ok) notFound();
  const { connectionId } = parsed.data;
  let outcome: Awaited<ReturnType<typeof refreshFromStripe>>;
  try {
    outcome = await refreshFromStripe(admin, connectionId);
  } catch (error) {
    if (!(error instanceof StripeBusyError)) throw error;
    redirect(
      `/admin/accounts/${connectionId}?outcome=stripe_busy&retry_in=${String(error.retryAfterSeconds)}`,
    );
  }
  redirect(
    `/admin/accounts/${connectionId}?outcome=${outcome === "stripe_unavailable" ? outcome : `refresh_${outcome}`}`,
  );
}

/** "Retry" on a stored webhook event still waiting (FAILED, PENDING or DEAD_LETTERED), audited. */
export async function retryWebhookEventAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("/admin/accounts");
  const parsed = readForm({ fields: ["connectionId", "eventId"], schema: retryEventSchema }, form);
  if (!parsed.ok) notFound();
  const { connectionId, eventId } = parsed.data;
  const status = await retryWebhookEventAsAdmin(admin, connectionId, eventId);
  const outcome =
    status === "PROCESSED"
      ? "retry_processed"
      : status === "FAILED" || status === "DEAD_LETTERED"
        ? "retry_failed"
        : "retry_done";
  redirect(`/admin/accounts/${connectionId}?outcome=${outcome}`);
}
